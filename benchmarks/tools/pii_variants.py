"""Variants of presidio-synth-v2's half A for the probes of pii_probe.py.

Each function rewrites the values of one kind in half A's samples (names, street lines,
towns, regions, countries) and keeps every gold span right; none reads half B.
"""

from __future__ import annotations

import importlib
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

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


def map_names(items: Sequence[Item], invent: Callable[[str], str]) -> list[Item]:
    """Each PERSON value replaced by ``invent(value)``, the same value the same way in a
    sample; names with a title are kept."""
    out = []
    for item in items:
        mapping: dict[str, str] = {}
        names = []
        for value in values(item, "PERSON"):
            if not value.startswith(TITLES) and value not in mapping:
                mapping[value] = invent(value)  # drawn once: the seeds stay comparable
            names.append(mapping.get(value, value))
        out.append(rewrite(item, {"PERSON": names}))
    return out


def unknown_name_variant(
    items: Sequence[Item], seed: int, firsts: list[str], lasts: list[str]
) -> list[Item]:
    """Each PERSON value replaced by held-out names of the same shape; titles kept."""
    rng = random.Random(seed)

    def invent(value: str) -> str:
        size = len(value.split())
        first = rng.choice(firsts if size > 1 or rng.random() < 0.6 else lasts)
        middle = f" {rng.choice('ABCDEFGHJKLMNPRST')}" if size > 2 else ""
        return first + middle + (f" {rng.choice(lasts)}" if size > 1 else "")

    return map_names(items, invent)


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


def _name_pool(items: Sequence[Item]) -> dict[tuple[str, int], list[str]]:
    """The PERSON values of ``items`` by shape (case, number of words)."""
    pool: dict[tuple[str, int], list[str]] = defaultdict(list)
    for item in items:
        for value in values(item, "PERSON"):
            pool[_shape(value)].append(value)
    return pool


def moved_names_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each PERSON value replaced by one of the same shape from a sample of any template."""
    rng = random.Random(seed)
    pool = _name_pool(items)
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


def seeded_fakers(seed: int) -> list[Any]:
    """One Faker of each of STREET_LOCALES, each seeded from ``seed``."""
    from faker import Faker

    fakers = [Faker(locale) for locale in STREET_LOCALES]
    for number, fake in enumerate(fakers):
        fake.seed_instance(seed * 100 + number)
    return fakers


def map_addresses(items: Sequence[Item], change: Callable[[str], str]) -> list[Item]:
    """``items`` with each STREET_ADDRESS value replaced by ``change(value)``."""
    return [
        rewrite(item, {"STREET_ADDRESS": [change(v) for v in values(item, "STREET_ADDRESS")]})
        for item in items
    ]


def _one_line_street(value: str) -> bool:
    return bool(STREET_LINE.match(value)) and not value.lower().startswith(("apt", "suite", "unit"))


def streets_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each one-line street value replaced by a Faker street of a random country."""
    rng = random.Random(seed)
    fakers = seeded_fakers(seed)

    def street(value: str) -> str:
        if not _one_line_street(value):
            return value
        return str(rng.choice(fakers).street_address()).replace("\n", " ").strip()

    return map_addresses(items, street)


def typeless_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each one-line street value replaced by a word of no type and a number ("Tylova 28")."""
    rng = random.Random(seed)
    words = [w.capitalize() for w in _names("cs_CZ", "last") + _names("et_EE", "last")]

    def street(value: str) -> str:
        if not _one_line_street(value):
            return value
        return f"{rng.choice(words)} {rng.randrange(1, 400)}"

    return map_addresses(items, street)


_TOWN_LINE = re.compile(r"^([ \t>?]*)([^\d,\n]+?)([ \t]*(?:,.*)?)$")


def towns_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """The town line of each address block replaced by a Faker city of a random country."""
    rng = random.Random(seed)
    fakers = seeded_fakers(seed)

    def town_changed(value: str) -> str:
        lines = value.split("\n")
        for k in range(1, len(lines)):
            m = _TOWN_LINE.match(lines[k])
            words = m.group(2).strip() if m else ""
            if m is None or not words:
                continue
            if words.lower().startswith(("apt", "suite", "unit", "apo", "fpo")):
                continue
            town = str(rng.choice(fakers).city())
            if words.isupper() or words.islower():
                town = town.upper() if words.isupper() else town.lower()
            lines[k] = m.group(1) + town + m.group(3)
            break
        return "\n".join(lines)

    return map_addresses(items, town_changed)


_STATE_CODE = re.compile(r"(?<=, )(?:[A-Z]{2,3}|[a-z]{2}|nan)(?=[ \t]*(?:\n|$| \d))")


def regions_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """The region code of each address block ("\n, CO") replaced by a Faker region name."""
    rng = random.Random(seed)
    units = [f for f in seeded_fakers(seed) if hasattr(f, "administrative_unit")]

    def region(m: re.Match[str]) -> str:
        name = str(rng.choice(units).administrative_unit())
        return name.lower() if m.group().islower() and m.group() != "nan" else name

    return map_addresses(items, lambda value: _STATE_CODE.sub(region, value))


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

    def country_changed(value: str) -> str:
        new = _COUNTRY_LINE.sub(lambda m: m.group(1) + rng.choice(COUNTRIES), value)
        return new.lower() if value.islower() else new

    return map_addresses(items, country_changed)


# First names and surnames that are also English words or places, as half A holds a
# few ("Zoe Young", "Fletcher Hill", "Elle Sandström", "Brad L Key", "Florence").
WORD_FIRSTS = ("Mark", "Grace", "Rose", "Will", "Hope", "Joy", "Summer", "Hunter", "Chase",
               "Austin", "Florence", "Elle", "Faith", "Dawn", "Bill", "Pat", "Ivy",
               "Ruby")  # fmt: skip
WORD_LASTS = ("Young", "Brown", "Hill", "King", "White", "Green", "Black", "Long", "Little",
              "Key", "Baker", "Cook", "Wood", "Rich", "Price", "Bell", "Page", "Case")  # fmt: skip


def word_names_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each PERSON value replaced by a name with a word in it, first name or surname."""
    firsts, lasts = draw_names(seed + 20)
    rng = random.Random(seed)

    def invent(value: str) -> str:
        if len(value.split()) == 1:
            return rng.choice(WORD_FIRSTS + WORD_LASTS)
        if rng.random() < 0.5:
            return f"{rng.choice(WORD_FIRSTS)} {rng.choice(lasts)}"
        return f"{rng.choice(firsts)} {rng.choice(WORD_LASTS)}"

    return map_names(items, invent)


def lower_case_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Every sample written wholly in lower case, as the dataset writes some (offsets kept)."""
    del seed  # the same rewrite for every seed
    out = []
    for item in items:
        text = str(item["text"])
        lowered = text.lower()
        out.append({**item, "text": lowered} if len(lowered) == len(text) else item)
    return out


def linked_names_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """``moved_names_variant`` that keeps a sample's people: a one-word value that is a
    word of one of its full names becomes that word of the full name's replacement
    ("verses from Faina D. Yefremova's … than early Yefremova" stays one person)."""
    rng = random.Random(seed)
    pool = _name_pool(items)
    out = []
    for item in items:
        found = values(item, "PERSON")
        mapping: dict[str, str] = {}
        for value in found:
            if len(value.split()) > 1 and value not in mapping:
                new = rng.choice(pool[_shape(value)]).split()
                old = value.split()
                mapping[value] = " ".join(new)
                # The first and last words stand for the person alone.
                mapping.setdefault(old[0], new[0])
                mapping.setdefault(old[-1], new[-1])
        names = [mapping.setdefault(v, rng.choice(pool[_shape(v)])) for v in found]
        out.append(rewrite(item, {"PERSON": names}))
    return out


_SYLLABLES = ("ka", "lo", "mi", "ne", "sa", "tu", "ve", "ri", "do", "za", "pel", "gor", "vin",
              "sk", "ar")  # fmt: skip


def odd_streets_variant(items: Sequence[Item], seed: int) -> list[Item]:
    """Each one-line street value replaced by made-up words and a number ("Kalomi vesk
    12", "Zadopel 7"): words no lexicon or dictionary holds, so that only the layout
    around a street (a block, a unit, a cue) can show it."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randrange(2, 4)))

    def street(value: str) -> str:
        if not _one_line_street(value):
            return value
        words = [word().capitalize()] + [word() for _ in range(rng.randrange(0, 2))]
        return f"{' '.join(words)} {rng.randrange(1, 300)}"

    return map_addresses(items, street)
