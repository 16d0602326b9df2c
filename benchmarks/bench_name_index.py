"""The member-name index: bytes per member, false positives, and the automaton it replaced.

Names are drawn from the redactor's own first-name and surname lists (one in six with a
middle name or initial), `--erased` more go on the suppression list. The index is probed
with every text of the generated EN/FR/DE corpus (benchmarks/pii_corpus.py, test split) and
of presidio-research's synthetic set when present, with the members' names planted in a
third of the texts; every hit is checked against the exact set of name keys, so a hit that
no key explains is a false positive of the 64-bit hashes. For comparison, the RSS growth of
building a pyahocorasick automaton over the same keys (the structure the index replaced).

    PYTHONPATH=src python benchmarks/bench_name_index.py --members 300000 --erased 3000

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pii_corpus import generate  # noqa: E402

from consentgate.redact import (  # noqa: E402
    SuppressionList,
    fold,
    name_keys,
    suppression_entries,
)
from consentgate.redact.lang.sources import first_names, last_names  # noqa: E402
from consentgate.redact.recognizers.members import find_names  # noqa: E402
from consentgate.redact.recognizers.name_index import NameIndex  # noqa: E402
from consentgate.redact.recognizers.suppressed import WORD, normal_words  # noqa: E402


def names(count: int, rng: random.Random) -> list[str]:
    firsts, lasts = sorted(first_names()), sorted(last_names())
    out = []
    for _ in range(count):
        first, last = rng.choice(firsts).title(), rng.choice(lasts).title()
        middle = rng.random()
        if middle < 0.08:
            out.append(f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}")
        elif middle < 0.16:
            out.append(f"{first} {rng.choice(firsts).title()} {last}")
        else:
            out.append(f"{first} {last}")
    return out


class Counting:
    """The index as `find_names` sees it, counting the windows probed."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.lengths = index.lengths
        self.probes = 0

    def name_hash(self, words: str) -> int:
        self.probes += 1
        return self.index.name_hash(words)

    def contains(self, value: int) -> bool:
        return self.index.contains(value)


def rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def automaton_bytes(keys: set[str]) -> int:
    """Peak RSS growth of an Aho-Corasick automaton over the keys (the replaced structure)."""
    import ahocorasick

    gc.collect()
    before = rss_kib()
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for key in keys:
        automaton.add_word(key)
    automaton.make_automaton()
    grown = (rss_kib() - before) * 1024
    del automaton
    return grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--erased", type=int, default=1_000)
    parser.add_argument("--per-lang", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    members = names(args.members, rng)
    key = bytes(range(32))
    gone = names(args.erased, rng)
    entries = tuple(sorted({e for n in gone for e in suppression_entries(n, key)}))
    started = time.perf_counter()
    index = NameIndex.build(members, SuppressionList(key, entries))
    build_s = time.perf_counter() - started
    exact = {" ".join(normal_words(k)) for n in members + gone for k in name_keys(n)}
    texts = [str(item["text"]) for item in generate(4, args.per_lang, ("en", "fr", "de"))]
    planted = [f"{t} — {rng.choice(members)}" for t in texts[::3]]
    probe = Counting(index)
    hits = false = 0
    started = time.perf_counter()
    for text in texts + planted:
        folded = fold(text)
        hot = {w for w in set(WORD.findall(folded)) if index.has_first(w)}
        for start, end, _ in find_names(probe, folded, hot):  # type: ignore[arg-type]
            hits += 1
            words = " ".join(WORD.findall(folded[start:end]))
            false += words not in exact
    probe_s = time.perf_counter() - started
    total = args.members + args.erased
    result: dict[str, Any] = {
        "members": args.members,
        "erased": args.erased,
        "keys": len(index),
        "first_word_filter_bytes": int(index.firsts.nbytes),
        "index_bytes": index.nbytes,
        "bytes_per_member": round(index.nbytes / total, 2),
        "build_s": round(build_s, 2),
        "texts": len(texts) + len(planted),
        "probes": probe.probes,
        "hits": hits,
        "false_positives": false,
        "false_positive_rate_per_probe": false / probe.probes if probe.probes else 0.0,
        "expected_collisions_per_probe": len(index) / 2**48,
        "probe_s": round(probe_s, 2),
        "automaton_bytes": automaton_bytes(exact),
    }
    result["automaton_bytes_per_member"] = round(result["automaton_bytes"] / total, 1)
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main()
