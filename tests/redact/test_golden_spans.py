"""Golden spans: every detection of the redactor on a fixed corpus, pinned in a file.

`golden/corpus.jsonl` holds the texts (the benchmark corpora in English and French, the
presidio-research synthetic texts, lower-case and mixed-language copies, synthetic
network posts and hand-written edge cases) and the members and erased names the redactor
knows; `golden/spans.jsonl` holds, for each text, the detected language, every span
(start, end, type, score, recogniser) and the redacted text. The test redacts the corpus
one text per call and in batches (`redact_many`, with missing and blank texts among
them) and compares both with the file.

A change that alters what is found on purpose updates the file in the same commit, and
the commit says why:

    PYTHONPATH=src python tests/redact/test_golden_spans.py --update

(`--rebuild-corpus` regenerates the corpus itself from benchmarks/pii_corpus.py, the
presidio-research file and the synthetic network; it is needed only to add texts.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from consentgate.redact import RedactionResult, Redactor, SuppressionList, suppression_entries

GOLDEN = Path(__file__).resolve().parent / "golden"
CORPUS = GOLDEN / "corpus.jsonl"
SPANS = GOLDEN / "spans.jsonl"
# The suppression list's key: fixed, so that its hashes (and so the file) never change.
SUPPRESSION_KEY = bytes(range(32))
BATCH = 64
UPDATE_COMMAND = "PYTHONPATH=src python tests/redact/test_golden_spans.py --update"


def load_corpus() -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The corpus file's header (members, erased names) and its texts."""
    with CORPUS.open(encoding="utf-8") as lines:
        header = json.loads(next(lines))
        return header, [json.loads(line) for line in lines]


def golden_redactor(header: dict[str, Any]) -> Redactor:
    """The redactor the golden file was written with: members and erased names known."""
    entries = {
        entry for name in header["erased"] for entry in suppression_entries(name, SUPPRESSION_KEY)
    }
    suppressed = SuppressionList(SUPPRESSION_KEY, tuple(sorted(entries)))
    return Redactor(header["members"], suppressed=suppressed)


def as_line(item: dict[str, str], result: RedactionResult) -> str:
    """One text's golden line: its id, language, spans and redacted text."""
    spans = [[s.start, s.end, s.type, s.score, s.recognizer] for s in result.spans]
    record = {"id": item["id"], "lang": result.lang, "spans": spans, "text": result.text}
    return json.dumps(record, ensure_ascii=False)


def one_by_one(redactor: Redactor, items: Sequence[dict[str, str]]) -> list[str]:
    """Golden lines, one `redact` call per text."""
    return [as_line(item, redactor.redact(item["text"])) for item in items]


def in_batches(redactor: Redactor, items: Sequence[dict[str, str]]) -> list[str]:
    """Golden lines from `redact_many` batches, each with a missing and a blank text."""
    lines: list[str] = []
    for at in range(0, len(items), BATCH):
        chunk = items[at : at + BATCH]
        texts: list[str | None] = [None, *(item["text"] for item in chunk), " \n"]
        results = redactor.redact_many(texts)
        assert results[0].text == "" and not results[0].spans
        assert results[-1].text == " \n" and not results[-1].spans
        lines += [as_line(item, result) for item, result in zip(chunk, results[1:-1], strict=True)]
    return lines


@pytest.fixture(scope="module")
def corpus() -> tuple[Redactor, list[dict[str, str]], list[str]]:
    header, items = load_corpus()
    expected = SPANS.read_text(encoding="utf-8").splitlines()
    return golden_redactor(header), items, expected


def _differences(got: list[str], expected: list[str], limit: int = 5) -> str:
    shown = []
    for mine, theirs in zip(got, expected, strict=True):
        if mine != theirs:
            shown.append(f"expected {theirs}\n     got {mine}")
        if len(shown) == limit:
            break
    changed = sum(a != b for a, b in zip(got, expected, strict=True))
    return (
        f"{changed} of {len(expected)} texts differ from {SPANS.name}; if on purpose, run "
        f"`{UPDATE_COMMAND}` and say why in the commit.\n" + "\n".join(shown)
    )


def test_the_corpus_covers_every_kind_of_text(
    corpus: tuple[Redactor, list[dict[str, str]], list[str]],
) -> None:
    _, items, expected = corpus
    groups = {item["id"].split(":")[0] for item in items}
    assert {"own", "speed", "synth", "lower", "mixed", "network", "edge"} <= groups
    assert len(expected) == len(items) > 7000


def test_spans_one_text_per_call(
    corpus: tuple[Redactor, list[dict[str, str]], list[str]],
) -> None:
    redactor, items, expected = corpus
    got = one_by_one(redactor, items)
    assert got == expected, _differences(got, expected)


def test_spans_in_batches(corpus: tuple[Redactor, list[dict[str, str]], list[str]]) -> None:
    redactor, items, expected = corpus
    got = in_batches(redactor, items)
    assert got == expected, _differences(got, expected)


# ---------------------------------------------------------------- building the corpus
# Hand-written texts for what the generated corpora lack: layouts, scripts, case, lengths.
EDGE_CASES = [
    "x",
    "Hi!",
    "ß",
    "STRASSE",
    "İstanbul'da buluşalım. ı İ",
    "Léa Moreau\nDirectrice\n12 rue de la Paix\n75002 Paris\n06 12 34 56 78",
    "> Quoted reply from John Smith <john.smith@example.com>\n> Thanks!",
    "Alice: Hi Bob!\nBob: Hi Alice, call me on +44 20 7946 0958.\nAlice: Will do.",
    "MY NAME IS JOHN SMITH AND I LIVE AT 221B BAKER STREET, LONDON NW1 6XE",
    "my name is john smith and i live at 221b baker street, london nw1 6xe",
    "Straße: die größte Straßenbahn fährt über die Brücke. Grüße, Jürgen Weiß",
    "Wir treffen uns in der Musterstraße 5, 10115 Berlin. Ruf mich an: 030 1234567.",
    "Sehr geehrte Frau Dr. Müller, meine IBAN ist DE89 3704 0044 0532 0130 00.",
    "Meine Steuer-ID lautet 12 345 678 901, Telefon +49 (0)30 12345678.",
    "Hallo Hans-Peter von der Heide, schöne Grüße aus Köln!",
    "🙂 Congrats Ana María! 🎉 #proud @ana_maria",
    "ID 4111 1111 1111 1111 order 4111 1111 1111 1111 card 4111-1111-1111-1111",
    "Server 10.0.0.1, fe80::1ff:fe23:4567:890a, version 1.2.3.4 upgrade",
    "Email: a..b@example.com, ok@ex.co, Node.js, ASP.NET, www.Example.ORG.",
    "NIR 2 84 12 2A 123 456 43, SSN 123-45-6789, NINO AB 12 34 56 C",
    "Mme Dupont, M. Martin et Dr. House ont rencontré DUPONT Jean.",
    "Thanks to Nodar Kvaratskhelia and Ritva Nieminen from Initech!",
    "rue\n\n\n12\n\n\nParis",
    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "\u200bZero\u200bwidth\u200b Jean\u00a0Dupont\u202fPierre",
    "Tel.: 06.12.34.56.78 / 06-12-34-56-78 / 0612345678 / +33612345678",
    "A" * 300,
    "Dear Mr. O'Neil-Smith,\r\nPlease find attached.\r\nBest regards,\r\nMary-Kate Olsen",
    "Ils habitent au 5 bis avenue du Général Leclerc, 92100 Boulogne-Billancourt.",
    "Visit us at Booth 12, Hall 3. Ship to: Dreux Joly\n4 Privet Drive\nLittle Whinging",
]


def _mixed(own: list[dict[str, Any]]) -> Iterator[str]:
    english = [i for i in own if i["lang"] == "en"]
    french = [i for i in own if i["lang"] == "fr"]
    for en, fr in zip(english[::4], french[::4], strict=False):
        yield f"{en['text']} {fr['text']}"


def build_corpus(presidio_data: Path) -> None:
    """Write golden/corpus.jsonl from the generators and the presidio-research file."""
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "benchmarks"))
    from pii_corpus import generate  # the benchmark's corpus generator, seed 4
    from pii_eval import load_synth, speed_set

    from consentgate.network.synth import generate_network

    own = list(generate(4, 1200))
    synth = [str(i["text"]) for i in load_synth(presidio_data)]
    net = generate_network(150, seed=11)
    groups: dict[str, list[str]] = {
        "own": [str(i["text"]) for i in own],
        "speed": [str(i["text"]) for i in speed_set(own)],
        "synth": synth,
        "lower": [str(i["text"]).lower() for i in own if i["split"] == "test"]
        + [t.lower() for t in synth[::2]],
        "mixed": list(_mixed(own)),
        "network": [str(c["text"]) for c in net.content][:600]
        + [str(m["summary"]) for m in net.members if m.get("summary")],
        "edge": EDGE_CASES + ["\n".join(EDGE_CASES), " ".join(synth[:40])],
    }
    # Members: full names of the own corpus; erased: names the member list does not hold.
    people = [
        str(i["text"])[s["start"] : s["end"]]
        for i in own
        for s in i["spans"]
        if s["type"] == "PERSON" and " " in str(i["text"])[s["start"] : s["end"]]
    ]
    people = list(dict.fromkeys(people))
    header = {"members": people[:300], "erased": people[300:360]}
    with CORPUS.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for group, texts in groups.items():
            for i, text in enumerate(texts):
                item = {"id": f"{group}:{i}", "text": text}
                out.write(json.dumps(item, ensure_ascii=False) + "\n")


def update() -> None:
    """Rewrite golden/spans.jsonl from the redactor as it is (one text per call)."""
    header, items = load_corpus()
    redactor = golden_redactor(header)
    lines = one_by_one(redactor, items)
    if in_batches(redactor, items) != lines:
        raise SystemExit("redact_many found other spans than redact: not written")
    SPANS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{SPANS}: {len(lines)} texts")  # noqa: T201 - a command's report


def main() -> None:
    parser = argparse.ArgumentParser(description="Update the redactor's golden spans.")
    parser.add_argument("--update", action="store_true", help="rewrite golden/spans.jsonl")
    parser.add_argument("--rebuild-corpus", action="store_true", help="rewrite corpus.jsonl")
    parser.add_argument(
        "--presidio-data",
        type=Path,
        default=Path(__file__).resolve().parents[3] / "shared/data/presidio_synth_dataset_v2.json",
    )
    args = parser.parse_args()
    if args.rebuild_corpus:
        build_corpus(args.presidio_data)
    if args.update or args.rebuild_corpus:
        update()


if __name__ == "__main__":
    main()
