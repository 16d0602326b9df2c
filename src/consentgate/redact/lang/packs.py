"""Language packs: the word lists, cue words, patterns and thresholds of each language, as data.

A pack is one TOML file beside this module, named after its language (`en.toml`,
`fr.toml`, `de.toml`); `xx.toml` holds what belongs to no one language (the street types
of dozens of countries, unit words, the thresholds of the name model). Every entry is a
table with a `doc` line saying what it means and one value:

- `words`: a whitespace-separated string of single words, in the order given;
- `phrases`: a list of strings (words with spaces, or ordered items);
- `patterns`: a list of regular-expression fragments, joined as alternatives;
- `faker`: a list of Faker data sources, "module:attribute" under faker.providers;
- `value`: a number.

The recognisers read a pack through a :class:`Lexicon`: the union of the packs a text's
language uses. A pack names in `pack.also` the packs whose words apply to its texts too
(posts in French quote English, and the other way round), so an English or a French
text reads the English and French lists together, as one set each; a text whose
language has no pack (or is undetermined) reads the packs `xx.toml` lists in `pack.also`.
Packs are read once per process.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from consentgate.errors import ConfigError
from consentgate.redact.lang.text import LOWER, UPPER

NEUTRAL = "xx"
_KINDS = ("words", "phrases", "patterns", "faker", "value")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pack:
    """One language's data: entries by dotted key ("person.titles")."""

    code: str
    name: str
    also: tuple[str, ...]
    lists: Mapping[str, tuple[str, ...]]
    numbers: Mapping[str, float]
    docs: Mapping[str, str]
    # The keys whose items are regular-expression fragments, not literal words.
    pattern_keys: frozenset[str]


def _entries(table: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, value in table.items():
        if not isinstance(value, dict):
            continue
        path = f"{prefix}.{key}" if prefix else key
        if "doc" in value or any(not isinstance(value.get(kind, {}), dict) for kind in _KINDS):
            yield path, value
        else:
            yield from _entries(value, path)


def _parse(code: str, text: str) -> Pack:
    where = f"redact/lang/{code}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: {error}") from error
    head = data.get("pack", {})
    lists: dict[str, tuple[str, ...]] = {}
    numbers: dict[str, float] = {}
    docs: dict[str, str] = {}
    for key, entry in _entries({k: v for k, v in data.items() if k != "pack"}, ""):
        kinds = [kind for kind in _KINDS if kind in entry]
        if len(kinds) != 1 or not str(entry.get("doc", "")).strip():
            raise ConfigError(f"{where}: [{key}] needs a doc line and one of {', '.join(_KINDS)}")
        value = entry[kinds[0]]
        docs[key] = str(entry["doc"])
        if kinds[0] == "value":
            numbers[key] = float(value)
        elif kinds[0] == "words":
            lists[key] = tuple(str(value).split())
        else:
            lists[key] = tuple(str(item) for item in value)
    patterns = frozenset(key for key, entry in _entries(data, "") if "patterns" in entry)
    return Pack(
        code=code,
        name=str(head.get("name", code)),
        also=tuple(head.get("also", ())),
        lists=lists,
        numbers=numbers,
        docs=docs,
        pattern_keys=patterns,
    )


@cache
def pack_codes() -> tuple[str, ...]:
    """The languages that have a pack, sorted ("de", "en", "fr"; not the neutral one)."""
    folder = resources.files("consentgate.redact.lang")
    names = [entry.name for entry in folder.iterdir() if entry.name.endswith(".toml")]
    return tuple(sorted(n.removesuffix(".toml") for n in names if n != f"{NEUTRAL}.toml"))


@cache
def load_pack(code: str) -> Pack:
    """The pack of ``code`` ("en", or "xx" for the neutral one), read once."""
    if code != NEUTRAL and code not in pack_codes():
        raise ConfigError(f"no language pack {code!r}; packs: {', '.join(pack_codes())}")
    text = (
        resources.files("consentgate.redact.lang")
        .joinpath(f"{code}.toml")
        .read_text(encoding="utf-8")
    )
    return _parse(code, text)


def _classes(pattern: str) -> str:
    """A pack pattern with its letter classes filled in: "{UPPER}", "{LOWER}" stand for
    the capital and small Latin letters (engine.text), which TOML cannot spell out."""
    return pattern.replace("{UPPER}", UPPER).replace("{LOWER}", LOWER)


@cache
def known_keys() -> frozenset[str]:
    """Every key some pack defines: a key no pack has is a mistake, not an empty list."""
    return frozenset(key for code in (*pack_codes(), NEUTRAL) for key in load_pack(code).docs)


def group_of(lang: str) -> tuple[str, ...]:
    """The packs a text in ``lang`` reads, in a fixed order (sorted codes)."""
    if lang in pack_codes():
        return tuple(sorted({lang, *load_pack(lang).also}))
    return tuple(sorted(load_pack(NEUTRAL).also))


class Lexicon:
    """The data of a group of packs (plus the neutral one): lists as unions, numbers.

    ``words(key)`` is the union of every pack's list under ``key`` (an empty set when no
    pack has one); ``ordered(key)`` the same items in order, without repeats; a number is
    the value of the one pack of the group that sets it, else the neutral pack's.
    """

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.codes = codes
        self._packs = tuple(load_pack(c) for c in codes)
        self._neutral = load_pack(NEUTRAL)
        self._sets: dict[str, frozenset[str]] = {}
        self._derived: dict[Callable[[Lexicon], Any], Any] = {}

    def _all(self) -> tuple[Pack, ...]:
        return (*self._packs, self._neutral)

    def ordered(self, key: str) -> tuple[str, ...]:
        """The items of every pack's list under ``key``, in pack order, without repeats."""
        if key not in known_keys():
            raise ConfigError(f"no language pack defines {key!r}")
        items = [item for pack in self._all() for item in pack.lists.get(key, ())]
        return tuple(dict.fromkeys(items))

    def words(self, key: str) -> frozenset[str]:
        """The union of every pack's list under ``key``."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.ordered(key))
        return found

    def alternation(self, key: str) -> str:
        """The items under ``key`` as one regex alternation: patterns as they are, words
        and phrases escaped; longest first, so that "de la" is tried before "de"."""
        if key not in known_keys():
            raise ConfigError(f"no language pack defines {key!r}")
        items: dict[str, None] = {}
        for pack in self._all():
            raw = key in pack.pattern_keys
            for item in pack.lists.get(key, ()):
                items[_classes(item) if raw else re.escape(item)] = None
        # No item: a pattern that never matches, not the empty one that always does.
        return "|".join(sorted(items, key=len, reverse=True)) or "(?!)"

    def sequence(self, key: str) -> str:
        """:meth:`alternation` with the items in the packs' order, not longest first:
        for patterns whose first matching alternative decides the span."""
        if key not in known_keys():
            raise ConfigError(f"no language pack defines {key!r}")
        items: dict[str, None] = {}
        for pack in self._all():
            raw = key in pack.pattern_keys
            for item in pack.lists.get(key, ()):
                items[_classes(item) if raw else re.escape(item)] = None
        return "|".join(items) or "(?!)"

    def derived(self, build: Callable[[Lexicon], T]) -> T:
        """What ``build`` makes of this lexicon (compiled patterns, a recogniser's word
        tables), built once: a recogniser asks for it with each text's lexicon."""
        found = self._derived.get(build)
        if found is None:
            found = self._derived[build] = build(self)
        return found

    def number(self, key: str) -> float:
        """The threshold ``key``: a language pack's value, else the neutral pack's."""
        values = {pack.numbers[key] for pack in self._packs if key in pack.numbers}
        if len(values) > 1:
            raise ConfigError(f"packs {', '.join(self.codes)} disagree on {key!r}")
        if values:
            return values.pop()
        if key not in self._neutral.numbers:
            raise ConfigError(f"no language pack defines {key!r}")
        return self._neutral.numbers[key]


@cache
def lexicon(codes: tuple[str, ...]) -> Lexicon:
    """The lexicon of a group of packs (see :func:`group_of`), built once per group."""
    return Lexicon(codes)


@cache
def lexicon_for(lang: str) -> Lexicon:
    """The lexicon a text in ``lang`` reads ("und" and languages with no pack: the group
    the neutral pack names in `pack.also`)."""
    return lexicon(group_of(lang))
