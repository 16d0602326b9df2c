"""How much a word in no dictionary looks like a person's name: a character n-gram model.

Names from many cultures ("Matsumura", "Gelashvili", "Sigurdardottir") are in no word
list, yet their letters say where they come from: "-shvili", "-yama", "-dóttir", "zh",
"-ović" are frequent in names and rare in everyday words, and "-tion", "-ment", "-ing"
the other way round. A naive Bayes model over character n-grams (3 and 4 letters, word
edges marked) learns this from Faker's person names of every Latin-script locale (the
same lists as the dictionaries) against everyday words: Faker's English and French
lorem vocabularies, its company catch-phrase and job words, colours, country names and
the words of its city and street names, and the lorem words of a dozen other
Latin-script languages. A second model without those (see :func:`role_name_likeness`)
is asked where a role, title or naming phrase already calls the words a person.

Each is trained at start-up, deterministically (sorted inputs, plain counting), in about
a tenth of a second; only capitalised words in no list reach it, so it costs nothing on
most texts. It is never evidence on its own: the name rules ask it only where the
context already points to a person (the subject of "lives", "'s", "my kid", a line of
a signature block).
"""

from __future__ import annotations

import importlib
import math
from collections import Counter
from functools import cache
from itertools import chain

from consentgate.redact.lexicon import first_names, fold, last_names

# Lorem vocabularies written in Latin script: everyday words of the languages whose
# names the dictionaries hold, so that the model learns names, not "foreign words".
_ENGLISH_FRENCH = ("en_US", "fr_FR")
_LOREM_LOCALES = (
    "de_DE", "es_ES", "it_IT", "nl_NL", "pl_PL", "cs_CZ", "da_DK",
    "la", "en_PH", "az_AZ", "tl_PH", "vi_VN",
)  # fmt: skip

_SIZES = (3, 4)
# Add-alpha smoothing; 0.1 separated held-out Faker names from words best (AUC 0.90).
_ALPHA = 0.1
_MEMO_SIZE = 50_000


def _words_of(values: object) -> set[str]:
    found: set[str] = set()
    if isinstance(values, dict):
        values = list(values)
    if not isinstance(values, (list, tuple, set, frozenset)):
        return found
    for value in values:
        if isinstance(value, (list, tuple)):
            found |= _words_of(value)
        elif isinstance(value, str):
            found.update(w for w in fold(value).replace("-", " ").split() if w.isalpha())
    return found


def _lorem_words(locales: tuple[str, ...]) -> set[str]:
    """The words of Faker's lorem vocabularies of ``locales``."""
    words: set[str] = set()
    for locale in locales:
        try:
            provider = importlib.import_module(f"faker.providers.lorem.{locale}").Provider
        except ImportError:  # pragma: no cover - depends on the Faker version
            continue
        words |= _words_of(provider.word_list)
        for values in getattr(provider, "parts_of_speech", {}).values():
            words |= _words_of(values)
    return {w for w in words if len(w) > 2}


def _everyday_words() -> set[str]:
    """English and French words that are not names, from Faker's non-person providers."""
    words = _lorem_words(_ENGLISH_FRENCH)
    for module, attrs in (
        ("company.en_US", ("catch_phrase_words", "bsWords")),
        ("company.fr_FR", ("catch_phrase_words", "attributes", "nouns")),
        ("job.en_US", ("jobs",)),
        ("job.fr_FR", ("jobs",)),
        ("color.en_US", ("all_colors",)),
        ("address.en_US", ("city_prefixes", "city_suffixes", "street_suffixes")),
        ("address.en", ("countries",)),
        ("address.fr_FR", ("street_prefixes", "city_suffixes")),
    ):
        try:
            provider = importlib.import_module(f"faker.providers.{module}").Provider
        except ImportError:  # pragma: no cover
            continue
        for attr in attrs:
            words |= _words_of(getattr(provider, attr, ()))
    return {w for w in words if len(w) > 2}


def _grams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i : i + n] for n in _SIZES for i in range(len(padded) - n + 1)]


def _counted(words: set[str] | frozenset[str]) -> Counter[str]:
    return Counter(chain.from_iterable(map(_grams, sorted(words))))


@cache
def _gram_counts() -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """N-gram counts of the names, the English and French words, the other languages'
    words, and the names that are also such words: counted once for both models."""
    everyday = _everyday_words()
    names = (first_names() | last_names()) - everyday
    foreign = _lorem_words(_LOREM_LOCALES) - everyday
    return _counted(names), _counted(everyday), _counted(foreign), _counted(names & foreign)


class NameLikeness:
    """Log-odds that a folded word is a person's name rather than an everyday word.

    ``foreign_weight`` is how much the everyday words of other languages than English
    and French count against a name (see :func:`name_likeness`).
    """

    def __init__(self, foreign_weight: float) -> None:
        names, everyday, foreign, foreign_names = _gram_counts()
        name_counts = names - foreign_names if foreign_weight else names
        word_counts: dict[str, float] = dict(everyday)
        if foreign_weight:
            for gram, count in foreign.items():
                word_counts[gram] = word_counts.get(gram, 0.0) + count * foreign_weight
        vocabulary = len(name_counts.keys() | word_counts.keys())
        name_total = sum(name_counts.values()) + _ALPHA * vocabulary
        word_total = sum(word_counts.values()) + _ALPHA * vocabulary
        self._memo: dict[str, float] = {}
        # The log ratio of an n-gram seen in neither class is the ratio of the totals.
        self._unseen = math.log(word_total / name_total)
        self._weights = {
            gram: math.log((name_counts[gram] + _ALPHA) / name_total)
            - math.log((word_counts.get(gram, 0.0) + _ALPHA) / word_total)
            for gram in name_counts.keys() | word_counts.keys()
        }

    def score(self, word: str) -> float:
        """Mean log ratio over the word's n-grams: > 0 reads as a name, < 0 as a word."""
        # The same capitalised words come back text after text ("Admins", "Paid"):
        # a bounded memo makes the second look-up a dict hit.
        cached = self._memo.get(word)
        if cached is not None:
            return cached
        grams = _grams(word)
        weights = self._weights
        unseen = self._unseen
        value = sum(weights.get(g, unseen) for g in grams) / len(grams)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[word] = value
        return value


@cache
def name_likeness() -> NameLikeness:
    """The model, trained once per process.

    The everyday words of a dozen languages count against a name, so that brands and
    words the English and French lists lack ("Zalando", "Python", "mandolin coda") do
    not read as names.
    """
    return NameLikeness(foreign_weight=1.0)


@cache
def role_name_likeness() -> NameLikeness:
    """The model for words that a role, title or naming phrase already calls a person.

    Its everyday words are English and French only: there a word in no list is a name
    more often than a word of another language, and the names of other languages read
    like their words ("Esat", "Rednjak"). Measured on the probes of
    benchmarks/pii_probe.py (run 12, see docs/redaction.md).
    """
    return NameLikeness(foreign_weight=0.0)
