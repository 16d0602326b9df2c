"""Probe how the redactor generalises, on variants of presidio-synth-v2's half A only.

Half B is the held-out measure and is only ever scored (pii_eval.py). To find *why*
held-out text is missed without reading it, these probes rewrite half A, whose failures
may be read:

- ``unknown-names``: every PERSON value of half A is replaced by a Faker name of one of
  24 locales that is first removed from the name dictionaries (and from the name model's
  training), so that only context can find it: how names the dictionaries lack fare.
- ``fresh-names``: the same Faker names as ``unknown-names`` but left in the
  dictionaries: other known names of those 24 locales in half A's sentences.
- ``moved-names``: every PERSON value is replaced by one of the same shape (case, number
  of words) from a sample of any template: half A's names in sentences they were not
  tuned in. Its recall is the closest to half B's of the probes (run 10: 0.94 both).
- ``linked-names``: ``moved-names`` that keeps each sample's people: a one-word value
  that is a word of one of the sample's full names is replaced by that word of the full
  name's replacement, as half B's samples repeat their own people ("verses from Faina D.
  Yefremova's … than early Yefremova?").
- ``word-names``: every PERSON value replaced by a name with an English word in it, as
  first name ("Grace Kowalski") or surname ("Jouni Young"); one-word names by the word.
- ``swap``: the PERSON and STREET_ADDRESS values of each sample are swapped with those of
  another sample of the same presidio template: new values in the same phrasing.
- ``typeless-streets``: every one-line street value replaced by a Czech or Estonian
  surname and a number ("Tylova 28"), a street with no type word: how each phrasing
  of half A carries one.
- ``odd-streets``: every one-line street value replaced by made-up words and a number
  ("Kalomi vesk 12"), words no lexicon holds: how far the layout alone (a block, a
  unit, a cue) carries a street.
- ``towns``: the town line of each address block replaced by a Faker city of one of
  the countries half A's addresses come from ("Torroella de Montgrí" -> "Villanueva de
  la Serena", "ARENDAL" -> "BAD HOMBURG").
- ``regions``: the region code of each address block (", CO", ", nan") replaced by a
  Faker region name of one of them (", Jihočeský kraj", ", Midtjylland").
- ``countries``: the country line of each address block replaced by another of the
  countries half A's addresses come from ("Norway 95441" -> "Czech Republic 95441").
- ``lower-case``: every sample of half A written wholly in lower case.
- ``addresses``: a sample's one STREET_ADDRESS value is replaced by that of a sample of
  any template: address formats in sentences they were not tuned in.
- ``streets``: every one-line street value ("Laukaantie 80", "254 Damvergi Street") is
  replaced by a Faker street of one of the countries half A's addresses come from: street
  names and layouts that no sample holds, in the phrasing of half A.

    PYTHONPATH=src python benchmarks/tools/pii_probe.py unknown-names [--seeds 3] [--failures 40]

``--lower-only`` scores only half A's texts written wholly in lower case (32 of its 431
names): the names are then drawn for those texts alone, so its seeds differ from the
whole probe's. ``--lowered`` writes every rewritten sample in lower case, as the
dataset writes some (``lower-case`` does that to half A itself).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# pii_variants lives here, pii_eval and pii_corpus one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pii_variants as variants  # noqa: E402
from pii_variants import Item  # noqa: E402

import consentgate.redact.lang.sources as lexicon  # noqa: E402
from consentgate.redact.lang.packs import lexicon_for  # noqa: E402

Variant = Callable[[Sequence[Item], int], list[Item]]
# The probes that need no names drawn beforehand.
VARIANTS: dict[str, Variant] = {
    "swap": variants.swap_variant,
    "moved-names": variants.moved_names_variant,
    "linked-names": variants.linked_names_variant,
    "word-names": variants.word_names_variant,
    "addresses": variants.address_variant,
    "streets": variants.streets_variant,
    "typeless-streets": variants.typeless_variant,
    "odd-streets": variants.odd_streets_variant,
    "towns": variants.towns_variant,
    "regions": variants.regions_variant,
    "countries": variants.countries_variant,
    "lower-case": variants.lower_case_variant,
}


def hold_out_names(seed: int) -> tuple[list[str], list[str]]:
    """Draw first and last names, and remove them from the dictionaries before any use."""
    firsts, lasts = variants.draw_names(seed)
    held = {lexicon.fold(n) for n in firsts + lasts}
    provider_names = lexicon._provider_names
    lexicon._provider_names = lambda kind: provider_names(kind) - held  # type: ignore[assignment]
    common = lexicon.common_words(lexicon_for("en"))
    return (
        [n for n in firsts if lexicon.fold(n) not in common],
        [n for n in lasts if lexicon.fold(n) not in common],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probe", choices=("unknown-names", "fresh-names", *VARIANTS))
    parser.add_argument("--presidio-data", type=Path, default=None)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--failures", type=int, default=0, help="print N misses of the probe")
    parser.add_argument(
        "--lower-only", action="store_true", help="score only the texts written in lower case"
    )
    parser.add_argument(
        "--lowered", action="store_true", help="write every rewritten sample in lower case"
    )
    args = parser.parse_args()
    held = hold_out_names(11) if args.probe == "unknown-names" else None
    names = held or (variants.draw_names(11) if args.probe == "fresh-names" else None)
    # Imported after the dictionaries lost the held-out names: nothing was built before.
    from pii_eval import DEFAULT_PRESIDIO_DATA, consentgate_system, failures, load_synth, score

    path = args.presidio_data or DEFAULT_PRESIDIO_DATA
    synth = load_synth(path)
    for item, sample in zip(synth, json.loads(path.read_text(encoding="utf-8")), strict=True):
        item["template"] = sample["template_id"]
    half_a = synth[0::2]
    if args.lower_only:
        half_a = [i for i in half_a if str(i["text"]).islower()]
    run, _ = consentgate_system(1000)
    base = score(half_a, [run(str(i["text"]), "en") for i in half_a])
    label = "half A (dictionaries without the held-out names)" if held else "half A"
    print(
        f"{label}: PERSON {base['PERSON']['recall']:.3f}, STREET_ADDRESS "
        f"{base['STREET_ADDRESS']['recall']:.3f}, ALL {base['ALL']['recall']:.3f}"
    )
    shown = 0
    for seed in range(args.seeds):
        if names is not None:
            items = variants.unknown_name_variant(half_a, seed, *names)
        else:
            items = VARIANTS[args.probe](half_a, seed)
        if args.lowered:
            items = variants.lower_case_variant(items, seed)
        predictions = [run(str(i["text"]), "en") for i in items]
        table = score(items, predictions)
        print(
            f"{args.probe} seed {seed}: PERSON {table['PERSON']['recall']:.3f} "
            f"(precision {table['PERSON']['precision']:.3f}), STREET_ADDRESS "
            f"{table['STREET_ADDRESS']['recall']:.3f}, ALL {table['ALL']['recall']:.3f} "
            f"(precision {table['ALL']['precision']:.3f})"
        )
        for line in failures(items, predictions, args.failures - shown):
            if line.startswith("MISS"):
                shown += 1
                print(f"  {line}")


if __name__ == "__main__":
    main()
