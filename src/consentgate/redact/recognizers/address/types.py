"""Street-type words of many countries, gathered from Faker's address providers.

A street name is recognisable by its type word, and where that word sits differs by
language: before the name ("Via Roma 131", "Rua do Arenque 12", "ul. Narewska 94"),
after it as a separate word ("Villacher Strasse 89", "Wesselényi utca 9"), or glued to
it ("Søndergade 52", "Kiannonkatu 98", "Parijsstraat 8", "Björkvägen 3"). Faker ships
these words for dozens of locales (a project dependency); the neutral pack (xx.toml,
`address.`) names which of its attributes to read, the standard postal abbreviations
Faker lacks, and the entries too weak to mark a street. The English types and the
glued suffixes a language adds for its own texts come from that language's pack.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from consentgate.redact.lang.packs import NEUTRAL, Lexicon, load_pack
from consentgate.redact.lang.text import fold


def _neutral(key: str) -> tuple[str, ...]:
    return load_pack(NEUTRAL).lists[key]


def _latin(word: str) -> bool:
    # Latin and Greek scripts: Greek street words ("Λεωφόρος", "Πλ.") are Faker's el_GR
    # prefixes. fold() leaves Greek letters as they are, so the lexicon and the text
    # it is matched against stay comparable.
    return all(ord(ch) < 0x250 or 0x370 <= ord(ch) < 0x400 for ch in word)


@cache
def _providers() -> tuple[tuple[str, type], ...]:
    package = importlib.import_module("faker.providers.address")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        try:
            provider = importlib.import_module(f"{package.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        found.append((module.name, provider))
    return tuple(found)


def _words(provider: type, attr: str) -> list[str]:
    values = getattr(provider, attr, ())
    if isinstance(values, dict):
        values = list(values)
    if not isinstance(values, (list, tuple)):
        return []
    return [v.strip() for v in values if isinstance(v, str) and v.strip() and _latin(v)]


@cache
def prefix_types() -> frozenset[str]:
    """Folded type words written before the street name, any locale ("via", "rua", "ul.")."""
    words: set[str] = {fold(w) for w in _neutral("address.prefix_types")}
    attrs = _neutral("address.faker.prefix_attributes")
    suffix_is_prefix = _neutral("address.faker.suffixes_are_prefixes")
    for locale, provider in _providers():
        for attr in attrs:
            words.update(fold(w) for w in _words(provider, attr))
        if locale in suffix_is_prefix:
            words.update(fold(w) for w in _words(provider, "street_suffixes"))
        if locale == "pl_PL":
            # Faker builds the Polish abbreviations ("ul.", "al.") at run time.
            words.update(fold(w)[:2] + "." for w in _words(provider, "street_prefixes"))
    # Faker's Finnish / Swedish "prefixes" are name stems, not type words.
    weak = set(_neutral("address.weak_prefix_types"))
    return frozenset(w for w in words if len(w) > 1 and w not in weak and w not in _stems())


@cache
def _stems() -> frozenset[str]:
    # fi_FI / sv_SE "street_prefixes" hold stems ("Ahomäen", "Björk") joined to a suffix.
    stems: set[str] = set()
    for locale in _neutral("address.faker.stem_locales"):
        module = importlib.import_module(f"faker.providers.address.{locale}")
        stems.update(fold(w).strip() for w in getattr(module.Provider, "street_prefixes", ()))
    return frozenset(stems)


@cache
def separate_suffix_types() -> frozenset[str]:
    """Folded type words written as a separate word after the name ("utca", "strasse").

    English types ("Street", "Turn") are left out: they count only capitalised, through
    the English street types, so that "I'll turn 23" is no address.
    """
    words: set[str] = {fold(w) for w in _neutral("address.separate_types")}
    suffix_is_prefix = _neutral("address.faker.suffixes_are_prefixes")
    glued_locales = _neutral("address.faker.glued_locales")
    for locale, provider in _providers():
        if locale.startswith("en") or locale in suffix_is_prefix or locale in glued_locales:
            continue
        for attr in _neutral("address.faker.suffix_attributes"):
            words.update(fold(w) for w in _words(provider, attr))
    # Glued suffixes also stand alone after a name: "Nieuwe Baan 473", "Stora gatan 3".
    words.update(w for w in _neutral_glued() if len(w) >= 4)
    # Multi-word entries ("Service Road", templates) are left to the English patterns.
    weak = set(_neutral("address.weak_separate_types"))
    return frozenset(
        w for w in words if len(w) > 1 and " " not in w and "{" not in w and w not in weak
    )


@cache
def _neutral_glued() -> tuple[str, ...]:
    """Folded suffixes glued to the street name ("gade", "katu", "straat"), longest first."""
    words: set[str] = {fold(w) for w in _neutral("address.glued_types")}
    glued_locales = _neutral("address.faker.glued_locales")
    short = _neutral("address.faker.glued_short_locales")
    for locale, provider in _providers():
        if locale in glued_locales:
            words.update(fold(w).strip() for w in _words(provider, "street_suffixes"))
        if locale in short:
            words.update(fold(w) for w in _words(provider, "street_suffixes_short"))
    weak = set(_neutral("address.weak_glued_types"))
    words = {w for w in words if len(w) >= 3 and w not in weak and " " not in w}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _english(specs: tuple[str, ...], words: tuple[str, ...]) -> frozenset[str]:
    types: set[str] = set(words)
    for spec in specs:
        module, _, attr = spec.partition(":")
        provider = importlib.import_module(f"faker.providers.{module}").Provider
        types.update(getattr(provider, attr, ()))
    return frozenset(types)


@dataclass(frozen=True, slots=True)
class StreetTypes:
    """The street-type words of a group of packs, by where they stand."""

    # Written after the name in English, capitalised ("Street", "Ave", "Mews").
    english: frozenset[str]
    # Folded, written before the name ("via", "rua", "ul.").
    prefixes: frozenset[str]
    # Folded, a separate word after the name ("utca", "strasse").
    separates: frozenset[str]
    # Folded, glued to the name ("gade", "katu"), longest first, and as a set.
    glued: tuple[str, ...]
    glued_set: frozenset[str]
    glued_shortest: int
    glued_longest: int
    # Accented type words whose folded form is an everyday word ("út" folds to "ut").
    accented_separate: frozenset[str]

    def has_glued_suffix(self, folded_word: str) -> bool:
        """True when ``folded_word`` is a name plus a glued street suffix ("sondergade")."""
        # A few set lookups of the word's endings rather than one endswith() per suffix.
        for size in range(self.glued_shortest, min(self.glued_longest, len(folded_word) - 3) + 1):
            if folded_word[-size:] in self.glued_set:
                return True
        return False


def street_types(lex: Lexicon) -> StreetTypes:
    """The :class:`StreetTypes` a text reading ``lex`` knows: the neutral pack's lexicon
    of many countries, with the English types and the glued suffixes its packs add."""
    kept = {fold(w) for w in lex.ordered("address.glued_types_kept")}
    glued = tuple(sorted(set(_neutral_glued()) | kept, key=lambda w: (-len(w), w)))
    return StreetTypes(
        english=_english(
            lex.ordered("address.english_types_faker"), lex.ordered("address.english_types")
        ),
        prefixes=prefix_types(),
        separates=separate_suffix_types(),
        glued=glued,
        glued_set=frozenset(glued),
        glued_shortest=min(map(len, glued)),
        glued_longest=max(map(len, glued)),
        accented_separate=frozenset(_neutral("address.accented_separate_types")),
    )
