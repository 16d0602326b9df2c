"""Write every detection of the redactor on the benchmark corpora, to compare two versions.

A speed change must not change what is found: run this before and after it and compare
the two files (``cmp``). Each line is one text: its corpus, index, detected language and
the spans (start, end, type, score, recogniser), then the redacted text. With
``--batch N`` the texts go through ``redact_many`` N at a time, which must write the
same file as one text at a time.

    PYTHONPATH=src python benchmarks/pii_spans.py OUT.jsonl [--batch 256]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pii_corpus import generate  # noqa: E402
from pii_eval import (  # noqa: E402
    DEFAULT_PRESIDIO_DATA,
    consentgate_system,
    load_synth,
    speed_set,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--presidio-data", type=Path, default=DEFAULT_PRESIDIO_DATA)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1, help="texts per redact_many call")
    args = parser.parse_args()
    corpus = list(generate(4, 1200))
    corpora = {
        "own": [str(i["text"]) for i in corpus],
        "speed": [str(i["text"]) for i in speed_set(corpus)],
    }
    if args.presidio_data.exists():
        corpora["presidio-synth-v2"] = [str(i["text"]) for i in load_synth(args.presidio_data)]
    _, redactor = consentgate_system(args.members)
    with args.out.open("w", encoding="utf-8") as out:
        for name, texts in corpora.items():
            results = [
                result
                for start in range(0, len(texts), args.batch)
                for result in redactor.redact_many(texts[start : start + args.batch])
            ]
            for index, result in enumerate(results):
                spans = [[s.start, s.end, s.type, s.score, s.recognizer] for s in result.spans]
                line = {"corpus": name, "i": index, "lang": result.lang, "spans": spans,
                        "text": result.text}  # fmt: skip
                out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
