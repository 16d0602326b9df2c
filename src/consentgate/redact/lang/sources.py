"""Word lists drawn from Faker's locale providers (a project dependency), as the packs say.

No word list has to be shipped or downloaded for what Faker already holds: the first and
last names of every Faker locale written in Latin script (about 60, romanised lists
included: Japanese, Chinese, and Cyrillic ones transliterated here), and each language's
everyday vocabulary (Faker's lorem lists, named by the packs under `everyday.faker`):
"common words" that are also names ("Will", "Grace", "Rose", "Petit") need more
evidence before they count.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections.abc import Iterable
from functools import cache

from consentgate.redact.lang.packs import NEUTRAL, Lexicon, lexicon, load_pack
from consentgate.redact.lang.text import fold


def _neutral(key: str) -> frozenset[str]:
    return frozenset(load_pack(NEUTRAL).lists[key])


def faker_values(spec: str) -> list[object]:
    """The lists of values of a Faker source "module:attribute" (under faker.providers).

    A lorem module named without an attribute ("lorem.en_US") gives its word list and
    the word lists of its parts of speech; a missing module or attribute gives nothing.
    """
    module, _, attr = spec.partition(":")
    try:
        provider = importlib.import_module(f"faker.providers.{module}").Provider
    except ImportError:  # pragma: no cover - depends on the Faker version
        return []
    if attr:
        values = getattr(provider, attr, ())
        return [list(values) if isinstance(values, dict) else values]
    lists: list[object] = [provider.word_list]
    lists.extend(getattr(provider, "parts_of_speech", {}).values())
    return lists


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


@cache
def _person_providers() -> tuple[tuple[str, type], ...]:
    package = importlib.import_module("faker.providers.person")
    skipped = _neutral("names.skipped_locales")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name in skipped:
            continue
        try:
            provider = importlib.import_module(f"{package.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        found.append((module.name, provider))
    return tuple(found)


# Russian, Ukrainian and Bulgarian names as they are written in Latin letters: the
# BGN/PCGN romanisation, with the usual variants ("Yuriy"/"Yuri", "Khadzhiyev"/"-iev").
_CYRILLIC = dict(zip("абвгдзклмнопрстуфэі", "abvgdzklmnoprstufei", strict=True))
_CYRILLIC.update(
    {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
     "ы": "y", "ї": "yi", "ґ": "g", "є": "ye", "и": "i"}
)  # fmt: skip
_CYRILLIC_VARIANTS = {"ё": ("yo", "e"), "я": ("ya", "ia"), "ю": ("yu", "iu"), "й": ("y", "i", "")}
_CYRILLIC_VOWELS = "аеёиоуыэюяіїєъь"
_CYRILLIC_LOCALES = frozenset({"ru_RU", "uk_UA", "bg_BG"})


def romanised(name: str) -> set[str]:
    """Latin spellings of a Cyrillic name ("Юрий" -> "yuriy", "yuri", "yurii"...)."""
    options: list[tuple[str, ...]] = []
    lower = name.lower()
    for i, ch in enumerate(lower):
        if ch in _CYRILLIC:
            options.append((_CYRILLIC[ch],))
        elif ch == "е":
            after_vowel = i == 0 or lower[i - 1] in _CYRILLIC_VOWELS
            options.append(("ye", "e") if after_vowel else ("e",))
        elif ch in _CYRILLIC_VARIANTS:
            options.append(_CYRILLIC_VARIANTS[ch])
        else:
            return set()  # not a plain Cyrillic name
    return {"".join(parts) for parts in itertools.islice(itertools.product(*options), 8)}


def _provider_names(kind: str) -> set[str]:
    """Folded Latin-script names from every attribute of the ``kind`` ("first" / "last")."""
    names: set[str] = set()
    prefixes = (f"{kind}_name", f"{kind}_romanized")
    for locale, provider in _person_providers():
        for attr in dir(provider):
            if not attr.startswith(prefixes) and not attr.endswith(f"_{kind}_names"):
                continue
            values = getattr(provider, attr)
            if not isinstance(values, (list, tuple, dict, set, frozenset)):
                continue
            for v in values:
                if not isinstance(v, str) or len(v) < 2 or " " in v:
                    continue
                if _is_latin(v):
                    names.add(fold(v))
                elif locale in _CYRILLIC_LOCALES:
                    names.update(n for n in romanised(v) if len(n) > 2)
    return names


@cache
def first_names() -> frozenset[str]:
    """Folded first names, hyphenated ones split too ("jean-pierre" gives "jean", "pierre")."""
    names = _provider_names("first")
    names.update(part for n in list(names) for part in n.split("-") if len(part) > 2)
    return frozenset(names - _neutral("names.not_names"))


@cache
def attested_first_names() -> frozenset[str]:
    """First names found in at least two locales' lists ("Sarah", "Léa", "Ari").

    A name known to one locale only ("Server" is Turkish, "My" Swedish) is weaker evidence
    where a capitalised word proves nothing, at the start of a sentence.
    """
    seen: dict[str, int] = {}
    for _, provider in _person_providers():
        names: set[str] = set()
        for attr in dir(provider):
            if attr.startswith(("first_name", "first_romanized")):
                values = getattr(provider, attr)
                if isinstance(values, (list, tuple, dict, set, frozenset)):
                    names.update(fold(v) for v in values if isinstance(v, str) and _is_latin(v))
        for name in names:
            seen[name] = seen.get(name, 0) + 1
    return frozenset(name for name, count in seen.items() if count >= 2)


@cache
def last_names() -> frozenset[str]:
    """Folded last names from the same locales, with Polish feminine forms.

    Faker's pl_PL lists hold masculine surnames and derives "Kowalska" from "Kowalski"
    when it generates; the same derivation is made here.
    """
    names = _provider_names("last")
    names.update(n[:-1] + "a" for n in list(names) if n.endswith(("ski", "cki", "dzki")))
    return frozenset(names - _neutral("names.not_names"))


def _folded_words(values: Iterable[object]) -> set[str]:
    words: set[str] = set()
    for value in values:
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            words.update(fold(w) for w in value if isinstance(w, str) and " " not in w)
    return words


@cache
def _vocabulary(codes: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set()
    for spec in lexicon(codes).ordered("everyday.faker"):
        words |= _folded_words(faker_values(spec))
    return frozenset(words)


def vocabulary(lex: Lexicon) -> frozenset[str]:
    """Folded everyday words of the lexicon's languages: Faker's lorem lists."""
    return _vocabulary(lex.codes)


@cache
def _common_words(codes: tuple[str, ...]) -> frozenset[str]:
    return _vocabulary(codes) | lexicon(codes).words("everyday.capitalised")


def common_words(lex: Lexicon) -> frozenset[str]:
    """Everyday words plus capitalised words that collide with names (months, cities...)."""
    return _common_words(lex.codes)


@cache
def _countries(codes: tuple[str, ...]) -> frozenset[str]:
    lex = lexicon(codes)
    names: set[str] = set(lex.ordered("places.country_names"))
    for spec in lex.ordered("places.countries"):
        for values in faker_values(spec):
            names.update(v for v in values if isinstance(v, str))  # type: ignore[attr-defined]
    return frozenset(names)


def countries(lex: Lexicon) -> frozenset[str]:
    """Country names as written in the lexicon's languages ("Estonia", "South Africa")."""
    return _countries(lex.codes)
