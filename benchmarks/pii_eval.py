"""Measure consentgate's redactor against Presidio on labelled PII data.

Corpora: (a) presidio-research's synthetic dataset v2 (English, 1,500 samples) and
(b) our own generated EN/FR corpus (benchmarks/pii_corpus.py); its "test" split uses
templates and values never used for tuning. Scorer, per type: span recall (a gold span
is found when >= 80% of its characters are redacted, whatever the predicted type) and
character precision (redacted characters inside some gold PII span / redacted
characters, not counting characters of gold spans of neutral types). Speed: documents
per second on one pinned core, after a warm-up, start-up excluded, measured twice: one
text per call, and in batches of ``--batch-rows`` texts, as the pipeline's redaction
stage calls ``redact_many`` (Presidio's batch form is its ``BatchAnalyzerEngine``).

    PYTHONPATH=src python benchmarks/pii_eval.py [--presidio-data PATH] [--no-presidio]

The last line printed is one JSON object (recall and precision per corpus, docs/s one
text per call and in batches), which benchmarks/paired.py reads: ``speed.one`` and
``speed.batch`` are the throughput metrics. ``--path-first DIR`` puts DIR before
everything on the module path (a compiled build: ``--path-first build/compiled``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

# One core for everyone, set before numpy / spaCy read them.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Read before consentgate is imported: a compiled build given on the command line comes
# first on the module path, whatever PYTHONPATH says (benchmarks/paired.py sets it).
if "--path-first" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--path-first") + 1])
from pii_corpus import generate  # noqa: E402

from consentgate.redact import Redactor, SuppressionList, suppression_entries  # noqa: E402
from consentgate.redact.lang.sources import first_names, last_names  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PRESIDIO_DATA = REPO / ".." / "shared" / "data" / "presidio_synth_dataset_v2.json"
TYPES = ["PERSON", "EMAIL", "PHONE", "URL", "IP_ADDRESS", "IBAN", "CREDIT_CARD",
         "NATIONAL_ID", "STREET_ADDRESS"]  # fmt: skip
# presidio-research label -> ours; None = neutral (neither hit nor miss).
SYNTH_TYPES: dict[str, str | None] = {
    "PERSON": "PERSON", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE",
    "DOMAIN_NAME": "URL", "URL": "URL", "IP_ADDRESS": "IP_ADDRESS", "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CREDIT_CARD", "US_SSN": "NATIONAL_ID", "STREET_ADDRESS": "STREET_ADDRESS",
    "LOCATION": None, "GPE": None, "ORGANIZATION": None, "DATE_TIME": None, "TITLE": None,
    "AGE": None, "NRP": None, "ZIP_CODE": None, "US_DRIVER_LICENSE": None,
}  # fmt: skip
# Presidio output entity -> ours.
PRESIDIO_TYPES = {
    "PERSON": "PERSON", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "URL": "URL",
    "IP_ADDRESS": "IP_ADDRESS", "IBAN_CODE": "IBAN", "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "NATIONAL_ID", "UK_NINO": "NATIONAL_ID",
}  # fmt: skip

SYNTH_TUNED = "presidio-synth-v2 A, tuned (en)"
SYNTH_HELD_OUT = "presidio-synth-v2 B, held out (en)"

Span = tuple[int, int, str]
Item = dict[str, object]
System = Callable[[str, str], list[Span]]
# A batch of texts and their gold languages -> each text's spans.
BatchSystem = Callable[[Sequence[str], Sequence[str]], list[list[Span]]]
Row = tuple[str, str, dict[str, dict[str, float]], float]


def load_synth(path: Path) -> list[Item]:
    """presidio-research samples as items with our types; neutral spans kept as None."""
    items: list[Item] = []
    for i, sample in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        spans = []
        for span in sample["spans"]:
            kind = span["entity_type"]
            if kind not in SYNTH_TYPES:
                raise SystemExit(f"unmapped presidio type {kind}")
            spans.append({"start": span["start_position"], "end": span["end_position"],
                          "type": SYNTH_TYPES[kind]})  # fmt: skip
        items.append({"id": f"synth-{i}", "lang": "en", "text": sample["full_text"],
                      "spans": spans})  # fmt: skip
    return items


def score(items: Sequence[Item], predictions: Sequence[list[Span]]) -> dict[str, dict[str, float]]:
    """Per type and overall: recall (spans found / spans) and character precision."""
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    pred_chars: dict[str, int] = defaultdict(int)
    true_chars: dict[str, int] = defaultdict(int)
    for item, predicted in zip(items, predictions, strict=True):
        gold = item["spans"]
        assert isinstance(gold, list)
        redacted: set[int] = set()
        for start, end, _ in predicted:
            redacted.update(range(start, end))
        pii: set[int] = set()
        neutral: set[int] = set()
        for span in gold:
            chars = range(span["start"], span["end"])
            if span["type"] is None:
                neutral.update(chars)
                continue
            pii.update(chars)
            total[span["type"]] += 1
            if sum(c in redacted for c in chars) >= 0.8 * len(chars):
                found[span["type"]] += 1
        for start, end, kind in predicted:
            chars = set(range(start, end)) - (neutral - pii)
            pred_chars[kind] += len(chars)
            true_chars[kind] += len(chars & pii)
    table: dict[str, dict[str, float]] = {}
    for kind in [*TYPES, "ALL"]:
        n = sum(total.values()) if kind == "ALL" else total[kind]
        f = sum(found.values()) if kind == "ALL" else found[kind]
        p = sum(pred_chars.values()) if kind == "ALL" else pred_chars[kind]
        t = sum(true_chars.values()) if kind == "ALL" else true_chars[kind]
        table[kind] = {"n": n, "recall": f / n if n else float("nan"),
                       "precision": t / p if p else float("nan"), "pred_chars": p}  # fmt: skip
    return table


def failures(items: Sequence[Item], predictions: Sequence[list[Span]], limit: int) -> list[str]:
    """Examples of missed gold spans and of redacted non-PII text."""
    misses, extras = [], []
    for item, predicted in zip(items, predictions, strict=True):
        text = str(item["text"])
        redacted = {c for s, e, _ in predicted for c in range(s, e)}
        gold = [s for s in item["spans"] if s["type"] is not None]  # type: ignore[union-attr]
        pii = {c for s in item["spans"] for c in range(s["start"], s["end"])}  # type: ignore[union-attr]
        for span in gold:
            chars = range(span["start"], span["end"])
            if sum(c in redacted for c in chars) < 0.8 * len(chars):
                misses.append(
                    f"MISS {span['type']}: {text[span['start'] : span['end']]!r} in {text!r}"
                )
        for s, e, kind in predicted:
            if not set(range(s, e)) <= pii:
                extras.append(f"FP {kind}: {text[s:e]!r} in {text!r}")
    return misses[:limit] + extras[:limit]


def consentgate_system(member_count: int, erased: int = 0) -> tuple[System, Redactor]:
    """Our redactor, with a member automaton of ``member_count`` synthetic names and a
    suppression list of ``erased`` more (erased members: keyed hashes of their names)."""
    rng = random.Random(7)
    firsts, lasts = sorted(first_names()), sorted(last_names())
    members = [
        f"{rng.choice(firsts).title()} Z{rng.choice(lasts).title()}" for _ in range(member_count)
    ]
    key = bytes(32)
    gone = [f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}" for _ in range(erased)]
    entries = tuple(sorted({e for name in gone for e in suppression_entries(name, key)}))
    redactor = Redactor(members, suppressed=SuppressionList(key, entries) if entries else None)

    def run(text: str, lang: str) -> list[Span]:
        # The gold language is ignored: the pipeline has none and detects it per record.
        return [(s.start, s.end, s.type) for s in redactor.analyze(text)]

    return run, redactor


def consentgate_batches(redactor: Redactor) -> BatchSystem:
    """Our redactor on a batch (``analyze_many``); gold languages ignored, as in one text."""

    def run(texts: Sequence[str], langs: Sequence[str]) -> list[list[Span]]:
        return [[(s.start, s.end, s.type) for s in spans] for spans, _ in
                redactor.analyze_many(texts)]  # fmt: skip

    return run


def presidio_system() -> tuple[System, BatchSystem]:
    """presidio-analyzer: its pattern recognisers plus spaCy NER with fr_core_news_sm.

    No English spaCy model may be installed here, so English text also goes through the
    French model (registered under "en"); its PER entities map to PERSON. The e-mail
    recogniser's tldextract is pointed at its bundled suffix list so it never fetches.
    """
    import tldextract
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as pr
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"},
                   {"lang_code": "en", "model_name": "fr_core_news_sm"}],
    })  # fmt: skip
    nlp_engine = provider.create_engine()
    registry = RecognizerRegistry(supported_languages=["en", "fr"])
    for lang in ("en", "fr"):
        for cls in (pr.EmailRecognizer, pr.PhoneRecognizer, pr.UrlRecognizer, pr.IpRecognizer,
                    pr.IbanRecognizer, pr.CreditCardRecognizer, pr.UsSsnRecognizer,
                    pr.UkNinoRecognizer):  # fmt: skip
            registry.add_recognizer(cls(supported_language=lang))
        registry.add_recognizer(pr.SpacyRecognizer(supported_language=lang,
                                                   supported_entities=["PERSON"]))  # fmt: skip
    engine = AnalyzerEngine(
        nlp_engine=nlp_engine, registry=registry, supported_languages=["en", "fr"]
    )
    entities = list(PRESIDIO_TYPES)

    def run(text: str, lang: str) -> list[Span]:
        results = engine.analyze(text=text, language=lang, entities=entities)
        return [(r.start, r.end, PRESIDIO_TYPES[r.entity_type]) for r in results]

    batch_engine = BatchAnalyzerEngine(analyzer_engine=engine)

    def run_batch(texts: Sequence[str], langs: Sequence[str]) -> list[list[Span]]:
        # One language per call: each language's texts go through spaCy's pipe together.
        found: list[list[Span]] = [[] for _ in texts]
        for lang in sorted(set(langs)):
            chosen = [i for i, text_lang in enumerate(langs) if text_lang == lang]
            batch = batch_engine.analyze_iterator(
                [texts[i] for i in chosen], lang, batch_size=len(chosen), entities=entities
            )
            for i, results in zip(chosen, batch, strict=True):
                found[i] = [(r.start, r.end, PRESIDIO_TYPES[r.entity_type]) for r in results]
        return found

    return run, run_batch


def docs_per_second(system: System, items: Sequence[Item], min_seconds: float = 3.0) -> float:
    """Steady-state throughput, one text per call (a warm-up of 50 texts excluded)."""
    texts, langs = texts_and_langs(items)
    for text, lang in zip(texts[:50], langs, strict=False):
        system(text, lang)

    def one_pass() -> None:
        for text, lang in zip(texts, langs, strict=True):
            system(text, lang)

    return _per_cpu_second(one_pass, len(texts), min_seconds)


def batch_docs_per_second(
    system: BatchSystem, items: Sequence[Item], batch_rows: int, min_seconds: float = 3.0
) -> float:
    """:func:`docs_per_second` with the texts handed over ``batch_rows`` at a time."""
    texts, langs = texts_and_langs(items)
    batches = [(texts[at : at + batch_rows], langs[at : at + batch_rows])
               for at in range(0, len(texts), batch_rows)]  # fmt: skip
    system(*batches[0])

    def one_pass() -> None:
        for batch_texts, batch_langs in batches:
            system(batch_texts, batch_langs)

    return _per_cpu_second(one_pass, len(texts), min_seconds)


def _per_cpu_second(one_pass: Callable[[], None], texts: int, min_seconds: float) -> float:
    """Texts per CPU-second of this process over whole passes lasting ``min_seconds``.

    CPU time rather than wall time: the benchmark machine is shared, and waiting for a
    core is not the redactor's cost.
    """
    done, started = 0, time.process_time()
    while True:
        one_pass()
        done += texts
        elapsed = time.process_time() - started
        if elapsed >= min_seconds:
            return done / elapsed


def texts_and_langs(items: Sequence[Item]) -> tuple[list[str], list[str]]:
    """The items' texts and gold languages, as two lists."""
    return [str(i["text"]) for i in items], [str(i["lang"]) for i in items]


def speed_set(corpus: Sequence[Item]) -> list[Item]:
    """The texts throughput is measured on: the test split's, joined to ~200 characters."""
    return two_hundred_char_items([i for i in corpus if i["split"] == "test"])


def two_hundred_char_items(items: Sequence[Item]) -> list[Item]:
    """Join consecutive corpus texts of one language until each is ~200 characters."""
    out: list[Item] = []
    current: list[str] = []
    for item in items:
        current.append(str(item["text"]))
        if sum(len(t) + 1 for t in current) >= 170:
            out.append({"text": " ".join(current), "lang": item["lang"], "spans": []})
            current = []
    return out


def print_tables(rows: Sequence[Row]) -> None:
    """The recall and precision tables, as Markdown."""

    def fmt(value: float) -> str:
        return "  -  " if value != value else f"{value:.3f}"

    header = "| corpus | system | " + " | ".join(TYPES) + " | ALL recall | ALL precision | docs/s |"
    print("\nRecall per type (n gold spans), overall recall and character precision\n")
    print(header)
    print("|" + "---|" * (len(TYPES) + 5))
    for data_name, system_name, table, speed in rows:
        cells = [f"{fmt(table[t]['recall'])} ({table[t]['n']})" if table[t]["n"] else "-"
                 for t in TYPES]  # fmt: skip
        print(
            f"| {data_name} | {system_name} | "
            + " | ".join(cells)
            + f" | {fmt(table['ALL']['recall'])} | {fmt(table['ALL']['precision'])}"
            + f" | {speed:,.0f} |"
        )
    print("\nCharacter precision per predicted type\n")
    print("| corpus | system | " + " | ".join(TYPES) + " |")
    print("|" + "---|" * (len(TYPES) + 2))
    for data_name, system_name, table, _ in rows:
        print(
            f"| {data_name} | {system_name} | "
            + " | ".join(fmt(table[t]["precision"]) for t in TYPES)
            + " |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presidio-data", type=Path, default=DEFAULT_PRESIDIO_DATA)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--per-lang", type=int, default=1200)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument(
        "--erased", type=int, default=0, help="names on the suppression list (erased members)"
    )
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument("--splits", default="test", help="corpus splits to score: dev,test")
    parser.add_argument("--langs", default="en,fr,de", help="own-corpus languages to score")
    parser.add_argument("--failures", type=int, default=0, help="print N misses and FPs per run")
    parser.add_argument("--speed-seconds", type=float, default=3.0)
    parser.add_argument("--batch-rows", type=int, default=256, help="texts per batch call")
    parser.add_argument(
        "--speed-only", action="store_true", help="only the throughput line (no scoring)"
    )
    parser.add_argument("--path-first", help="a directory put first on the module path")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    corpus = list(generate(args.seed, args.per_lang))
    datasets: dict[str, list[Item]] = {}
    if args.presidio_data.exists():
        synth = load_synth(args.presidio_data)
        datasets["presidio-synth-v2 (en)"] = synth
        # From run 8 on, rules were tuned on the even samples only (half A); the odd
        # ones (half B) are scored but their failures are never printed.
        datasets[SYNTH_TUNED] = synth[0::2]
        datasets[SYNTH_HELD_OUT] = synth[1::2]
    else:
        print(f"presidio dataset not found at {args.presidio_data}; skipped", file=sys.stderr)
    # German has a corpus of its own, so that the English and French texts (and the speed
    # set drawn from them) stay those of every earlier run.
    langs = tuple(args.langs.split(","))
    scored = [i for i in corpus if i["lang"] in langs]
    if "de" in langs:
        scored += list(generate(args.seed, args.per_lang, ("de",)))
    for split in args.splits.split(","):
        for lang in langs:
            chosen = [i for i in scored if i["split"] == split and i["lang"] == lang]
            datasets[f"own-{split} ({lang})"] = chosen
    speed_texts = speed_set(corpus)

    started = time.perf_counter()
    ours, redactor = consentgate_system(args.members, args.erased)
    ours("warm up", "en")
    systems: dict[str, System] = {"consentgate": ours}
    batch_systems: dict[str, BatchSystem] = {"consentgate": consentgate_batches(redactor)}
    startup = {"consentgate": time.perf_counter() - started}
    if not args.no_presidio:
        started = time.perf_counter()
        systems["presidio"], batch_systems["presidio"] = presidio_system()
        systems["presidio"]("warm up", "en")
        startup["presidio"] = time.perf_counter() - started

    rows: list[Row] = []
    if args.speed_only:
        datasets = {}
    for data_name, items in datasets.items():
        for system_name, system in systems.items():
            predictions = [system(str(i["text"]), str(i["lang"])) for i in items]
            table = score(items, predictions)
            speed = docs_per_second(system, items, args.speed_seconds)
            rows.append((data_name, system_name, table, speed))
            shown = 0 if data_name in (SYNTH_HELD_OUT, "presidio-synth-v2 (en)") else args.failures
            for line in failures(items, predictions, shown):
                print(f"[{data_name} / {system_name}] {line}")
    speeds = {name: docs_per_second(system, speed_texts, args.speed_seconds)
              for name, system in systems.items()}  # fmt: skip
    _check_batches_agree(systems, batch_systems, speed_texts)
    batch_speeds = {
        name: batch_docs_per_second(system, speed_texts, args.batch_rows, args.speed_seconds)
        for name, system in batch_systems.items()
    }

    if rows:
        print_tables(rows)
    avg = sum(len(str(i["text"])) for i in speed_texts) / len(speed_texts)
    print(
        f"\nThroughput on {len(speed_texts)} texts of {avg:.0f} characters (own test split joined),"
        " one core, steady state:"
    )
    print("one text per call:")
    _print_speeds(speeds, startup)
    print(f"in batches of {args.batch_rows} texts (redact_many, as the pipeline calls it):")
    _print_speeds(batch_speeds, startup)
    print(json.dumps(_summary(rows, speeds, batch_speeds)))


def _summary(
    rows: Sequence[Row], speeds: dict[str, float], batch_speeds: dict[str, float]
) -> dict[str, object]:
    """consentgate's figures as one JSON object (benchmarks/paired.py reads it)."""
    scores = {
        data_name: {
            "recall": round(table["ALL"]["recall"], 4),
            "precision": round(table["ALL"]["precision"], 4),
        }
        for data_name, system_name, table, _ in rows
        if system_name == "consentgate"
    }
    compiled = any(
        str(getattr(module, "__file__", "")).endswith(".so")
        for name, module in list(sys.modules.items())
        if name.startswith("consentgate.redact")
    )
    return {
        "speed": {"one": speeds["consentgate"], "batch": batch_speeds["consentgate"]},
        "scores": scores,
        "compiled": compiled,
    }


def _check_batches_agree(
    systems: dict[str, System], batch_systems: dict[str, BatchSystem], items: Sequence[Item]
) -> None:
    """Our batch form must find what one text at a time finds, or its speed means nothing."""
    texts, langs = texts_and_langs(items)
    one_by_one = [
        systems["consentgate"](text, lang) for text, lang in zip(texts, langs, strict=True)
    ]
    if batch_systems["consentgate"](texts, langs) != one_by_one:
        raise SystemExit("consentgate: redact_many found other spans than one text at a time")


def _print_speeds(speeds: dict[str, float], startup: dict[str, float]) -> None:
    for name, value in speeds.items():
        print(f"- {name}: {value:,.0f} docs/s (start-up {startup[name]:.1f} s)")
    if "presidio" in speeds:
        print(f"- ratio: {speeds['consentgate'] / speeds['presidio']:.1f}x")


if __name__ == "__main__":
    main()
