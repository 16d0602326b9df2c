"""Word lists and text folding shared by the name and address recognisers.

The lists come from Faker's locale providers (a project dependency), so no data file
has to be shipped or downloaded: the first and last names of every Faker locale written
in Latin script (about 60, romanised lists included: Japanese, Chinese), and Faker's
lorem vocabularies as "common words" that are also names ("Will", "Grace", "Rose",
"Petit") and so need more evidence before they count.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
import unicodedata
from functools import cache

# Faker's "en" provider holds the long tail of the US census (6,800 first names such as
# "Ab", "Art", "Story"): too many everyday words, and en_US has the common ones.
_SKIPPED_NAME_LOCALES = frozenset({"en"})


def _build_fold_table() -> dict[int, str]:
    # One character in, one character out, so folded offsets equal input offsets.
    table: dict[int, str] = {}
    for code in range(0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        low = base.lower()
        if len(low) == 1 and low != ch:
            table[code] = low
    for ch in "\u2019\u2018\u02bc`\u00b4":
        table[ord(ch)] = "'"
    for ch in "\u2010\u2011\u2012\u2013\u2014":
        table[ord(ch)] = "-"
    for ch in "\u00a0\u202f\t\n\r":
        table[ord(ch)] = " "
    for ch, out in (("ß", "s"), ("æ", "a"), ("œ", "o"), ("ø", "o"), ("đ", "d"), ("ł", "l")):
        table[ord(ch)] = out
        if len(ch.upper()) == 1:
            table[ord(ch.upper())] = out
    return table


FOLD_TABLE = _build_fold_table()

# Regex character-class bodies for upper- and lower-case Latin letters (with Latin-1 and
# Latin Extended-A/B: "Š", "Ł", "ő"), so names from all of Europe are capitalised words.
_LATIN = [chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()]
UPPER = "A-Z" + "".join(ch for ch in _LATIN if ch.isupper())
LOWER = "a-z" + "".join(ch for ch in _LATIN if ch.islower())


# The same mapping for the first 256 code points as a byte table: most texts are
# Latin-1, and bytes.translate is about 3x faster than str.translate with a dict
# (which looks every character up in the dict once the text is not pure ASCII).
_LATIN1_FOLD = bytes(ord(FOLD_TABLE.get(code, chr(code))) for code in range(256))


_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]+")


def _fold_latin1(text: str) -> str:
    return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping the length (and so every offset) unchanged."""
    try:
        return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")
    except UnicodeEncodeError:
        pass
    # A few characters beyond Latin-1 (most often "€", "’"): only those go through the
    # dict, whose per-character cost is what made fold() slow; 3x faster on such texts.
    parts: list[str] = []
    position = 0
    for m in _BEYOND_LATIN1.finditer(text):
        parts.append(_fold_latin1(text[position : m.start()]))
        parts.append(m.group().translate(FOLD_TABLE))
        position = m.end()
    parts.append(_fold_latin1(text[position:]))
    return "".join(parts)


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


@cache
def _person_providers() -> tuple[tuple[str, type], ...]:
    package = importlib.import_module("faker.providers.person")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name in _SKIPPED_NAME_LOCALES:
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
    return frozenset(names - _NOT_NAMES)


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
    return frozenset(names - _NOT_NAMES)


@cache
def vocabulary() -> frozenset[str]:
    """Folded everyday English and French words: Faker's lorem lists (with parts of speech)."""
    words: set[str] = set()
    for locale in ("en_US", "fr_FR"):
        provider = importlib.import_module(f"faker.providers.lorem.{locale}").Provider
        lists = [provider.word_list, *getattr(provider, "parts_of_speech", {}).values()]
        for values in lists:
            words.update(fold(w) for w in values if " " not in w)
    return frozenset(words)


@cache
def common_words() -> frozenset[str]:
    """Everyday words plus capitalised words that collide with names (months, cities...)."""
    return vocabulary() | _EXTRA_COMMON


# Entries of Faker's name lists that are in practice never names in our texts.
_NOT_NAMES = frozenset({"van", "von", "de", "du", "la", "le", "del", "der", "den", "di", "da"})

# Capitalised words that often start sentences or titles and collide with names.
_EXTRA_COMMON = frozenset(
    """will may june april august grace hope joy faith rose iris lily bill mark pat sunny
    summer dawn chase hunter page case rich price cash love lane street bell ford best good
    english french power early young white green brown black king hill long little
    golden dear hello hi thanks merci bonjour salut bravo cher chere team equipe happy
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche january february march july september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    paris london lyon berlin madrid rome florence geneva sydney austin jordan chelsea angeles
    victoria virginia georgia carolina dakota india china france germany spain italy
    christian christmas easter noel paques petit blanc noir roux leroy grand legrand
    amazon apple google microsoft meta oracle tesla salesforce linkedin
    senior junior manager director engineer developer designer lead head chief
    new north south east west great saint sainte san santa
    """.split()
)
