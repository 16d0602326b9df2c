"""Street-type words of many countries, gathered from Faker's address providers.

A street name is recognisable by its type word, and where that word sits differs by
language: before the name ("Via Roma 131", "Rua do Arenque 12", "ul. Narewska 94"),
after it as a separate word ("Villacher Strasse 89", "Wesselényi utca 9"), or glued to
it ("Søndergade 52", "Kiannonkatu 98", "Parijsstraat 8", "Björkvägen 3"). Faker ships
these words for dozens of locales (a project dependency), so no list is written here
except a few standard postal abbreviations Faker lacks, each noted below.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from consentgate.redact.lexicon import fold

# Faker attributes holding street-type words, by where the word goes.
_PREFIX_ATTRS = ("street_prefixes", "street_prefixes_long", "street_prefixes_short",
                 "sub_street_prefixes")  # fmt: skip
# Locales whose ``street_suffixes`` are in fact prefixes ("Via Roma", "Calle Mayor").
_SUFFIX_IS_PREFIX = frozenset({"it_IT", "vi_VN"})
# Locales whose type words are separate words placed after the name.
_SEPARATE_SUFFIX_ATTRS = ("street_suffixes", "street_suffixes_long", "street_suffixes_short")
# Locales whose suffixes are glued to the name: "Søndergade", "Kiannonkatu".
_GLUED_LOCALES = frozenset({"da_DK", "fi_FI", "sv_SE", "no_NO", "nl_NL", "nl_BE", "de_CH"})
# de_DE / de_AT use "{last_name}{street_suffix_short}": glued short forms.
_GLUED_ATTRS = {"de_DE": "street_suffixes_short", "de_AT": "street_suffixes_short"}

# Standard abbreviations and spellings missing from Faker: Polish "ul."/"al."/"pl."
# (Faker builds them at run time), Hungarian "u." (utca), Spanish "Avda.", German
# "Strasse" (Swiss spelling used everywhere without ß) and Dutch "plein", "kade",
# "gracht" (common types Faker's nl list lacks).
_EXTRA_PREFIXES = ("ul.", "al.", "pl.", "avda.", "avda", "av.", "c/", "str.", "bd.",
                   # Greek: "Λ." abbreviates Λεωφόρος (avenue), "Οδός" / "Οδ." is street.
                   "Λ.", "Οδός", "Οδ.",
                   # Romanian "Calea" (way), "Splaiul" (embankment), "Piața" (square);
                   # Maltese "Triq" (street); Serbian and Croatian "Bulevar", "Obala"
                   # (waterfront): written before the name, Faker has none of them.
                   "calea", "splaiul", "piața", "piata", "triq", "bulevar", "obala")  # fmt: skip
_EXTRA_SEPARATE = ("u.", "str.", "strasse", "straße", "gasse", "weg", "allee", "platz",
                   # Hungarian postal abbreviations and types Faker lacks: the possessive
                   # "útja" ("Árpád fejedelem útja"), rakpart (quay), körút (ring road),
                   # kapu (gate, "Csabai kapu").
                   "útja", "rkp.", "krt.", "körút", "kapu",
                   # Norwegian, Danish and French "terrasse" ("Stensås terrasse 38").
                   "terrasse",
                   # Estonian: tee (road), maantee / mnt. (highway), põik (lane), tänav
                   # (street), puiestee (avenue); Faker has no Estonian address provider.
                   "tee", "maantee", "mnt.", "põik", "tänav", "puiestee",
                   # and väljak (square), the abbreviations tn. (tänav) and pst.
                   # (puiestee); Slovenian and Croatian trg (square); Latvian iela
                   # (street); Lithuanian gatvė, prospektas; Turkish caddesi / cad.
                   # (avenue), sokak / sokağı / sk. (street), bulvarı / blv. (boulevard),
                   # mahallesi / mah. (quarter), as the Turkish post writes them.
                   "väljak", "tn.", "pst.", "trg", "iela", "gatvė", "prospektas",
                   "caddesi", "cad.", "sokak", "sokağı", "sk.", "bulvarı", "blv.",
                   "mahallesi", "mah.")  # fmt: skip
# Glued types of the Nordic countries Faker lists incompletely or not at all: Norwegian
# "-veien" / "-vegen" ("Lyngveien"), Danish "-vænget" / "-vænge" ("Præstevænget"),
# Icelandic "-stræti", "-braut", "-vegur", "-stígur" ("Hafnarstræti", "Dalbraut").
_EXTRA_GLUED = ("strasse", "plein", "kade", "gracht", "straße", "str.", "veien", "vegen",
                "vænget", "vænge", "stræti", "straeti", "braut", "vegur", "stígur",
                # and other common Icelandic endings: -hlíð (slope), -gerði, -teigur,
                # -hvammur, -bakki (bank), -vellir (fields); not -holt or -sund, English
                # place names ("Mount Holt 5", "Öresund").
                "hlíð", "gerði", "teigur", "hvammur", "bakki", "vellir")  # fmt: skip
# Accented type words whose folded form is an everyday word ("út" folds to Latin "ut"):
# they count only as written.
ACCENTED_SEPARATE = frozenset({"út"})

# Entries that are also everyday English or French words or initials ("Day 3", "C. Smith
# 2", "put", "sur"), or that end ordinary words when glued ("Spring 2", "iPad 3", "Julia
# 5", "Halle 3"): too weak to mark a street, so they are left out.
_WEAK_PREFIXES = frozenset({"c.", "r.", "cr.", "cl.", "tr.", "day", "khu", "lang", "ngo", "khom",
                            "area", "vale", "rang"})  # fmt: skip
_WEAK_SEPARATE = frozenset({"a.", "c.", "tr.", "pr.", "put", "ut", "sur", "este", "norte", "bis",
                            "koz"})  # fmt: skip
_WEAK_GLUED = frozenset({"ring", "pad", "lia", "roa", "moen", "engen", "eggen", "hof", "alle"})


def _latin(word: str) -> bool:
    # Latin and Greek scripts: Greek street words ("Λεωφόρος", "Πλ.") are Faker's el_GR
    # prefixes. fold() leaves Greek letters as they are, so the lexicon and the text
    # it is matched against stay comparable.
    return all(ord(ch) < 0x250 or 0x370 <= ord(ch) < 0x400 for ch in word)


def _providers() -> list[tuple[str, type]]:
    package = importlib.import_module("faker.providers.address")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        try:
            provider = importlib.import_module(f"{package.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        found.append((module.name, provider))
    return found


def _words(provider: type, attr: str) -> list[str]:
    values = getattr(provider, attr, ())
    if isinstance(values, dict):
        values = list(values)
    if not isinstance(values, (list, tuple)):
        return []
    return [v.strip() for v in values if isinstance(v, str) and v.strip() and _latin(v)]


# The usual abbreviations of English street types (USPS / Royal Mail).
_EN_ABBREVIATIONS = (
    "St Ave Av Rd Blvd Ln Dr Ct Pl Sq Hwy Pkwy Cir Ter Terr Cres Cl Gdns Mnr Pk Rte Trl"
    # "Str." abbreviates Street (and Strasse) in English-written foreign addresses.
    " Str"
)


@cache
def english_street_types() -> frozenset[str]:
    """Street types written after the name in English ("Street", "Ave", "Mews")."""
    types: set[str] = {"Street", "Avenue", "Road", "Lane", "Drive", "Close", "Mews", "Row"}
    for locale in ("en_US", "en_GB", "en_AU", "en_NZ", "en_CA"):
        module = importlib.import_module(f"faker.providers.address.{locale}")
        types.update(getattr(module.Provider, "street_suffixes", ()))
    types.update(_EN_ABBREVIATIONS.split())
    return frozenset(types)


@cache
def prefix_types() -> frozenset[str]:
    """Folded type words written before the street name, any locale ("via", "rua", "ul.")."""
    words: set[str] = {fold(w) for w in _EXTRA_PREFIXES}
    for locale, provider in _providers():
        for attr in _PREFIX_ATTRS:
            words.update(fold(w) for w in _words(provider, attr))
        if locale in _SUFFIX_IS_PREFIX:
            words.update(fold(w) for w in _words(provider, "street_suffixes"))
        if locale == "pl_PL":
            words.update(fold(w)[:2] + "." for w in _words(provider, "street_prefixes"))
    # Faker's Finnish / Swedish "prefixes" are name stems, not type words.
    return frozenset(
        w for w in words if len(w) > 1 and w not in _WEAK_PREFIXES and not _is_name_stem(w)
    )


def _is_name_stem(word: str) -> bool:
    # fi_FI / sv_SE "street_prefixes" hold stems ("Ahomäen", "Björk") joined to a suffix.
    return word in _stems()


@cache
def _stems() -> frozenset[str]:
    stems: set[str] = set()
    for locale in ("fi_FI", "sv_SE"):
        module = importlib.import_module(f"faker.providers.address.{locale}")
        stems.update(fold(w).strip() for w in getattr(module.Provider, "street_prefixes", ()))
    return frozenset(stems)


@cache
def separate_suffix_types() -> frozenset[str]:
    """Folded type words written as a separate word after the name ("utca", "strasse").

    English types ("Street", "Turn") are left out: they count only capitalised, through
    :func:`english_street_types`, so that "I'll turn 23" is no address.
    """
    words: set[str] = {fold(w) for w in _EXTRA_SEPARATE}
    for locale, provider in _providers():
        if locale.startswith("en") or locale in _SUFFIX_IS_PREFIX or locale in _GLUED_LOCALES:
            continue
        for attr in _SEPARATE_SUFFIX_ATTRS:
            words.update(fold(w) for w in _words(provider, attr))
    # Glued suffixes also stand alone after a name: "Nieuwe Baan 473", "Stora gatan 3".
    words.update(w for w in glued_suffixes() if len(w) >= 4)
    # Multi-word entries ("Service Road", templates) are left to the English patterns.
    return frozenset(
        w for w in words if len(w) > 1 and " " not in w and "{" not in w and w not in _WEAK_SEPARATE
    )


@cache
def glued_suffixes() -> tuple[str, ...]:
    """Folded suffixes glued to the street name ("gade", "katu", "straat"), longest first."""
    words: set[str] = {fold(w) for w in _EXTRA_GLUED}
    for locale, provider in _providers():
        if locale in _GLUED_LOCALES:
            words.update(fold(w).strip() for w in _words(provider, "street_suffixes"))
        attr = _GLUED_ATTRS.get(locale)
        if attr:
            words.update(fold(w) for w in _words(provider, attr))
    words = {w for w in words if len(w) >= 3 and w not in _WEAK_GLUED and " " not in w}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _glued_set() -> tuple[frozenset[str], int, int]:
    suffixes = glued_suffixes()
    return frozenset(suffixes), min(map(len, suffixes)), max(map(len, suffixes))


def has_glued_suffix(folded_word: str) -> bool:
    """True when ``folded_word`` is a name plus a glued street suffix ("sondergade")."""
    suffixes, shortest, longest = _glued_set()
    # A few set lookups of the word's endings rather than one endswith() per suffix.
    for size in range(shortest, min(longest, len(folded_word) - 3) + 1):
        if folded_word[-size:] in suffixes:
            return True
    return False
