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
- ``word-names``: every PERSON value replaced by a name with an English word in it, as
  first name ("Grace Kowalski") or surname ("Jouni Young"); one-word names by the word.
- ``swap``: the PERSON and STREET_ADDRESS values of each sample are swapped with those of
  another sample of the same presidio template: new values in the same phrasing.
- ``typeless-streets``: every one-line street value replaced by a Czech or Estonian
  surname and a number ("Tylova 28"), a street with no type word: how each phrasing
  of half A carries one.
- ``towns``: the town line of each address block replaced by a Faker city of one of
  those countries ("Torroella de Montgrí" -> "Villanueva de la Serena", "ARENDAL" ->
  "BAD HOMBURG").
- ``regions``: the region code of each address block (", CO", ", nan") replaced by a
  Faker region name of one of those countries (", Jihočeský kraj", ", Midtjylland").
- ``countries``: the country line of each address block replaced by another of the
  countries half A's addresses come from ("Norway 95441" -> "Czech Republic 95441").
- ``addresses``: a sample's one STREET_ADDRESS value is replaced by that of a sample of
  any template: address formats in sentences they were not tuned in.
- ``streets``: every one-line street value ("Laukaantie 80", "254 Damvergi Street") is
  replaced by a Faker street of one of the countries half A's addresses come from: street
  names and layouts that no sample holds, in the phrasing of half A.

    PYTHONPATH=src python benchmarks/pii_probe.py unknown-names [--seeds 3] [--failures 40]

``--lower-only`` scores only half A's texts written wholly in lower case (32 of its 431
names): the names are then drawn for those texts alone, so its seeds differ from the
whole probe's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import consentgate.redact.lexicon as lexicon  # noqa: E402

# Locales whose held-out names stand for the names of people the dictionaries miss.
HELD_OUT_LOCALES = (
    "fi_FI", "hu_HU", "pl_PL", "cs_CZ", "tr_TR", "sl_SI", "hr_HR", "is_IS", "no_NO",
    "sv_SE", "da_DK", "et_EE", "lv_LV", "lt_LT", "ro_RO", "pt_BR", "nl_NL", "de_DE",
    "it_IT", "es_ES", "fr_FR", "en_US", "ga_IE", "sk_SK",
)  # fmt: skip
PER_LOCALE = 15
TITLES = ("Dr", "Mr", "Ms", "Mrs", "Miss", "Prof")
# Faker locales of the countries half A's addresses come from (Greek, not Cyrillic).
STREET_LOCALES = (
    "en_AU", "de_AT", "nl_BE", "pt_BR", "fr_CA", "hr_HR", "cs_CZ", "da_DK", "fi_FI",
    "fr_FR", "de_DE", "hu_HU", "it_IT", "nl_NL", "en_NZ", "no_NO", "pl_PL", "pt_PT",
    "sl_SI", "es_ES", "sv_SE", "de_CH", "fr_CH", "en_GB", "en_US", "es_MX", "ro_RO",
    "sk_SK", "en_IE", "el_GR",
)  # fmt: skip
# A one-line street value: a word of three letters or more and a number, no line break.
STREET_LINE = re.compile(r"^(?=.*\d)(?=.*[^\W\d_]{3})[^\n]+$")

Item = dict[str, object]


def _names(locale: str, kind: str) -> list[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    found: set[str] = set()
    for attr in dir(provider):
        values = getattr(provider, attr)
        if attr.startswith(f"{kind}_names") and isinstance(values, (list, tuple, dict)):
            found.update(v for v in values if isinstance(v, str) and " " not in v and len(v) > 2)
    return sorted(found)


def draw_names(seed: int) -> tuple[list[str], list[str]]:
    """First and last names of the same locales, left in the dictionaries."""
    rng = random.Random(seed)
    firsts: list[str] = []
    lasts: list[str] = []
    for locale in HELD_OUT_LOCALES:
        for kind, bucket in (("first", firsts), ("last", lasts)):
            names = _names(locale, kind)
            bucket.extend(rng.sample(names, min(PER_LOCALE, len(names))))
    return firsts, lasts


def hold_out_names(seed: int) -> tuple[list[str], list[str]]:
    """Draw first and last names, and remove them from the dictionaries before any use."""
    rng = random.Random(seed)
    firsts: list[str] = []
    lasts: list[str] = []
    for locale in HELD_OUT_LOCALES:
        for kind, bucket in (("first", firsts), ("last", lasts)):
            names = _names(locale, kind)
            bucket.extend(rng.sample(names, min(PER_LOCALE, len(names))))
    held = {lexicon.fold(n) for n in firsts + lasts}
    provider_names = lexicon._provider_names
    lexicon._provider_names = lambda kind: provider_names(kind) - held  # type: ignore[assignment]
    common = lexicon.common_words()
    return (
        [n for n in firsts if lexicon.fold(n) not in common],
        [n for n in lasts if lexicon.fold(n) not in common],
    )


def case_like(value: str, model: str) -> str:
    """``value`` written in the case of ``model`` (the dataset lower-cases some texts)."""
    if model.islower():
        return value.lower()
    if model.isupper():
        return value.upper()
    if value.islower():
        return " ".join(w[:1].upper() + w[1:] for w in value.split(" "))
    return value


def rewrite(item: Item, replace: dict[str, list[str]]) -> Item:
    """``item`` with the values of its spans of each type in ``replace`` replaced, in order."""
    text = str(item["text"])
    spans = sorted(item["spans"], key=lambda s: s["start"])  # type: ignore[arg-type,index]
    used: dict[str, int] = defaultdict(int)
    out, new_spans, pos = "", [], 0
    for span in spans:
        if span["start"] < pos:
            continue
        value = text[span["start"] : span["end"]]
        kind = span["type"]
        if kind in replace and used[kind] < len(replace[kind]):
            value = case_like(replace[kind][used[kind]], value)
            used[kind] += 1
        out += text[pos : span["start"]]
        new_spans.append({"start": len(out), "end": len(out) + len(value), "type": kind})
        out += value
        pos = span["end"]
    return {**item, "text": out + text[pos:], "spans": new_spans}


def values(item: Item, kind: str) -> list[str]:
    text = str(item["text"])
    spans = sorted(item["spans"], key=lambda s: s["start"])  # type: ignore[arg-type,index]
    return [text[s["start"] : s["end"]] for s in spans if s["type"] == kind]


def unknown_name_variant(items: Sequence[Item], seed: int, firsts: list[str], lasts: list[str]):
    """Each PERSON value replaced by held-out names of the same shape; titles kept."""
    rng = random.Random(seed)
    out = []
    for item in items:
        mapping: dict[str, str] = {}
        names = []
        for value in values(item, "PERSON"):
            if value.startswith(TITLES):
                names.append(value)
                continue
            if value not in mapping:
                size = len(value.split())
                first = rng.choice(firsts if size > 1 or rng.random() < 0.6 else lasts)
                middle = f" {rng.choice('ABCDEFGHJKLMNPRST')}" if size > 2 else ""
                mapping[value] = first + middle + (f" {rng.choice(lasts)}" if size > 1 else "")
            names.append(mapping[value])
        out.append(rewrite(item, {"PERSON": names}))
    return out


def swap_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Values swapped with another sample of the same template and as many spans."""
    rng = random.Random(seed)
    groups: dict[object, list[Item]] = defaultdict(list)
    for item in items:
        groups[item["template"]].append(item)
    out = []
    for item in items:
        replace = {}
        for kind in ("PERSON", "STREET_ADDRESS"):
            n = len(values(item, kind))
            donors = [d for d in groups[item["template"]] if d is not item]
            donors = [d for d in donors if len(values(d, kind)) == n]
            if n and donors:
                replace[kind] = values(rng.choice(donors), kind)
        out.append(rewrite(item, replace))
    return out


def _shape(value: str) -> tuple[str, int]:
    case = "lower" if value.islower() else "upper" if value.isupper() else "mixed"
    return case, len(value.split())


def moved_names_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each PERSON value replaced by one of the same shape from a sample of any template."""
    rng = random.Random(seed)
    pool: dict[tuple[str, int], list[str]] = defaultdict(list)
    for item in items:
        for value in values(item, "PERSON"):
            pool[_shape(value)].append(value)
    out = []
    for item in items:
        mapping: dict[str, str] = {}
        names = [mapping.setdefault(v, rng.choice(pool[_shape(v)])) for v in values(item, "PERSON")]
        out.append(rewrite(item, {"PERSON": names}))
    return out


def address_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """A lone STREET_ADDRESS value replaced by the lone one of a sample of any template."""
    rng = random.Random(seed)
    pool = [values(i, "STREET_ADDRESS")[0] for i in items if len(values(i, "STREET_ADDRESS")) == 1]
    out = []
    for item in items:
        if len(values(item, "STREET_ADDRESS")) == 1:
            item = rewrite(item, {"STREET_ADDRESS": [rng.choice(pool)]})
        out.append(item)
    return out


def streets_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each one-line street value replaced by a Faker street of a random country."""
    from faker import Faker

    rng = random.Random(seed)
    fakers = [Faker(locale) for locale in STREET_LOCALES]
    for number, fake in enumerate(fakers):
        fake.seed_instance(seed * 100 + number)
    out = []
    for item in items:
        streets = []
        for value in values(item, "STREET_ADDRESS"):
            if STREET_LINE.match(value) and not value.lower().startswith(("apt", "suite", "unit")):
                value = rng.choice(fakers).street_address().replace("\n", " ").strip()
            streets.append(value)
        out.append(rewrite(item, {"STREET_ADDRESS": streets}))
    return out


def typeless_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each one-line street value replaced by a word of no type and a number ("Tylova 28")."""
    rng = random.Random(seed)
    words = [w.capitalize() for w in _names("cs_CZ", "last") + _names("et_EE", "last")]
    out = []
    for item in items:
        streets = []
        for value in values(item, "STREET_ADDRESS"):
            if STREET_LINE.match(value) and not value.lower().startswith(("apt", "suite", "unit")):
                value = f"{rng.choice(words)} {rng.randrange(1, 400)}"
            streets.append(value)
        out.append(rewrite(item, {"STREET_ADDRESS": streets}))
    return out


_TOWN_LINE = re.compile(r"^([ \t>?]*)([^\d,\n]+?)([ \t]*(?:,.*)?)$")


def towns_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """The town line of each address block replaced by a Faker city of a random country."""
    from faker import Faker

    rng = random.Random(seed)
    fakers = [Faker(locale) for locale in STREET_LOCALES]
    for number, fake in enumerate(fakers):
        fake.seed_instance(seed * 100 + number)
    out = []
    for item in items:
        blocks = []
        for value in values(item, "STREET_ADDRESS"):
            lines = value.split("\n")
            for k in range(1, len(lines)):
                m = _TOWN_LINE.match(lines[k])
                words = m.group(2).strip() if m else ""
                if not words or words.lower().startswith(("apt", "suite", "unit", "apo", "fpo")):
                    continue
                town = rng.choice(fakers).city()
                if words.isupper() or words.islower():
                    town = town.upper() if words.isupper() else town.lower()
                lines[k] = m.group(1) + town + m.group(3)  # type: ignore[union-attr]
                break
            blocks.append("\n".join(lines))
        out.append(rewrite(item, {"STREET_ADDRESS": blocks}))
    return out


_STATE_CODE = re.compile(r"(?<=, )(?:[A-Z]{2,3}|[a-z]{2}|nan)(?=[ \t]*(?:\n|$| \d))")


def regions_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """The region code of each address block ("\n, CO") replaced by a Faker region name."""
    from faker import Faker

    rng = random.Random(seed)
    fakers = [Faker(locale) for locale in STREET_LOCALES]
    for number, fake in enumerate(fakers):
        fake.seed_instance(seed * 100 + number)
    units = [f for f in fakers if hasattr(f, "administrative_unit")]

    def region(m: re.Match[str]) -> str:
        name = str(rng.choice(units).administrative_unit())
        return name.lower() if m.group().islower() and m.group() != "nan" else name

    out = []
    for item in items:
        blocks = [_STATE_CODE.sub(region, v) for v in values(item, "STREET_ADDRESS")]
        out.append(rewrite(item, {"STREET_ADDRESS": blocks}))
    return out


# Country names as exported address records write them: English names of the
# countries half A's addresses come from, with the data's own forms ("Greenlander",
# "Cyprus (Greek)").
COUNTRIES = (
    "Australia", "Austria", "Belgium", "Brazil", "Canada", "Cyprus (Anglicized)",
    "Cyprus (Greek)", "Czech Republic", "Denmark", "Estonia", "Finland", "France", "Germany",
    "Greenlander", "Hungary", "Iceland", "Italy", "Netherlands", "New Zealand", "Norway",
    "Poland", "Portugal", "Slovenia", "South Africa", "Spain", "Sweden", "Switzerland",
    "Tunisia", "United Kingdom", "United States", "Uruguay",
)  # fmt: skip
_COUNTRY_LINE = re.compile(rf"(?m)(?<=\n)([ \t>?]*)(?:{'|'.join(re.escape(c) for c in COUNTRIES)})")


def countries_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """The country line of each address block replaced by another country's name."""
    rng = random.Random(seed)

    def country(m: re.Match[str]) -> str:
        return m.group(1) + rng.choice(COUNTRIES)

    out = []
    for item in items:
        blocks = []
        for value in values(item, "STREET_ADDRESS"):
            new = _COUNTRY_LINE.sub(country, value)
            blocks.append(new.lower() if value.islower() else new)
        out.append(rewrite(item, {"STREET_ADDRESS": blocks}))
    return out


# First names and surnames that are also English words or places, as half A holds a
# few ("Zoe Young", "Fletcher Hill", "Elle Sandström", "Brad L Key", "Florence").
WORD_FIRSTS = (
    "Mark",
    "Grace",
    "Rose",
    "Will",
    "Hope",
    "Joy",
    "Summer",
    "Hunter",
    "Chase",
    "Austin",
    "Florence",
    "Elle",
    "Faith",
    "Dawn",
    "Bill",
    "Pat",
    "Ivy",
    "Ruby",
)
WORD_LASTS = ("Young", "Brown", "Hill", "King", "White", "Green", "Black", "Long", "Little",
              "Key", "Baker", "Cook", "Wood", "Rich", "Price", "Bell", "Page", "Case")  # fmt: skip


def word_names_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each PERSON value replaced by a name with a word in it, first name or surname."""
    firsts, lasts = draw_names(seed + 20)
    rng = random.Random(seed)
    out = []
    for item in items:
        mapping: dict[str, str] = {}
        names = []
        for value in values(item, "PERSON"):
            if value.startswith(TITLES):
                names.append(value)
                continue
            if value not in mapping:
                if len(value.split()) == 1:
                    mapping[value] = rng.choice(WORD_FIRSTS + WORD_LASTS)
                elif rng.random() < 0.5:
                    mapping[value] = f"{rng.choice(WORD_FIRSTS)} {rng.choice(lasts)}"
                else:
                    mapping[value] = f"{rng.choice(firsts)} {rng.choice(WORD_LASTS)}"
            names.append(mapping[value])
        out.append(rewrite(item, {"PERSON": names}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    probes = ("moved-names", "unknown-names", "fresh-names", "swap", "addresses", "streets",
              "typeless-streets", "towns", "regions", "countries", "word-names")  # fmt: skip
    parser.add_argument("probe", choices=probes)
    parser.add_argument("--presidio-data", type=Path, default=None)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--failures", type=int, default=0, help="print N misses of the probe")
    parser.add_argument(
        "--lower-only", action="store_true", help="score only the texts written in lower case"
    )
    args = parser.parse_args()
    held = hold_out_names(11) if args.probe == "unknown-names" else None
    fresh = draw_names(11) if args.probe == "fresh-names" else None
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
        if held is not None:
            items = unknown_name_variant(half_a, seed, *held)
        elif fresh is not None:
            items = unknown_name_variant(half_a, seed, *fresh)
        elif args.probe == "swap":
            items = swap_variant(half_a, seed)
        elif args.probe == "moved-names":
            items = moved_names_variant(half_a, seed)
        elif args.probe == "streets":
            items = streets_variant(half_a, seed)
        elif args.probe == "word-names":
            items = word_names_variant(half_a, seed)
        elif args.probe == "countries":
            items = countries_variant(half_a, seed)
        elif args.probe == "regions":
            items = regions_variant(half_a, seed)
        elif args.probe == "towns":
            items = towns_variant(half_a, seed)
        elif args.probe == "typeless-streets":
            items = typeless_variant(half_a, seed)
        else:
            items = address_variant(half_a, seed)
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
