"""How much a word in no dictionary looks like a person's name: a character n-gram model.

Names from many cultures ("Matsumura", "Gelashvili", "Sigurdardottir") are in no word
list, yet their letters say where they come from: "-shvili", "-yama", "-dóttir", "zh",
"-ović" are frequent in names and rare in everyday words, and "-tion", "-ment", "-ing"
the other way round. A naive Bayes model over character n-grams (3 and 4 letters, word
edges marked) learns this from Faker's person names of every Latin-script locale (the
same lists as the dictionaries) against everyday words: the lorem vocabularies of the
languages whose packs a text reads (`everyday.faker`), their company catch-phrase and
job words, colours, country names and the words of city and street names
(`person.model.everyday`), and the lorem words of a dozen other Latin-script languages
(`person.model.foreign`). One pair of models is trained per group of packs: a second
model without the other languages' words (see :func:`role_name_likeness`) is asked where
a role, title or naming phrase already calls the words a person.

Each is trained at start-up, deterministically (sorted inputs, plain counting), in about
a tenth of a second; only capitalised words in no list reach it, so it costs nothing on
most texts. It is never evidence on its own: the name rules ask it only where the
context already points to a person (the subject of "lives", "'s", "my kid", a line of
a signature block).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from itertools import chain

from consentgate.redact.lang.packs import Lexicon, lexicon
from consentgate.redact.lang.sources import faker_values, first_names, last_names
from consentgate.redact.lang.text import fold

_SIZES = (3, 4)
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


def _source_words(specs: tuple[str, ...]) -> set[str]:
    """The words (longer than two letters) of Faker sources ("lorem.en_US", "job.en_US:jobs")."""
    words: set[str] = set()
    for spec in specs:
        words |= _words_of(faker_values(spec))
    return {w for w in words if len(w) > 2}


def _everyday_words(lex: Lexicon) -> set[str]:
    """The everyday words of the lexicon's languages, which are not names."""
    return _source_words(lex.ordered("everyday.faker") + lex.ordered("person.model.everyday"))


def _foreign_words(lex: Lexicon) -> set[str]:
    """The lorem words of the other languages (not those whose packs ``lex`` reads)."""
    own = set(lex.ordered("everyday.faker"))
    return _source_words(tuple(s for s in lex.ordered("person.model.foreign") if s not in own))


def _grams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i : i + n] for n in _SIZES for i in range(len(padded) - n + 1)]


def _counted(words: set[str] | frozenset[str]) -> Counter[str]:
    return Counter(chain.from_iterable(map(_grams, sorted(words))))


@cache
def _gram_counts(
    codes: tuple[str, ...],
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """N-gram counts of the names, the group's everyday words, the other languages'
    words, and the names that are also such words: counted once for both models."""
    lex = lexicon(codes)
    everyday = _everyday_words(lex)
    names = (first_names() | last_names()) - everyday
    foreign = _foreign_words(lex) - everyday
    return _counted(names), _counted(everyday), _counted(foreign), _counted(names & foreign)


class NameLikeness:
    """Log-odds that a folded word is a person's name rather than an everyday word.

    ``foreign_weight`` is how much the everyday words of the languages the lexicon does
    not read count against a name (see :func:`name_likeness`).
    """

    def __init__(self, lex: Lexicon, foreign_weight: float) -> None:
        names, everyday, foreign, foreign_names = _gram_counts(lex.codes)
        alpha = lex.number("person.model.alpha")
        name_counts = names - foreign_names if foreign_weight else names
        word_counts: dict[str, float] = dict(everyday)
        if foreign_weight:
            for gram, count in foreign.items():
                word_counts[gram] = word_counts.get(gram, 0.0) + count * foreign_weight
        vocabulary = len(name_counts.keys() | word_counts.keys())
        name_total = sum(name_counts.values()) + alpha * vocabulary
        word_total = sum(word_counts.values()) + alpha * vocabulary
        self._memo: dict[str, float] = {}
        # The log ratio of an n-gram seen in neither class is the ratio of the totals.
        self._unseen = math.log(word_total / name_total)
        self._weights = {
            gram: math.log((name_counts[gram] + alpha) / name_total)
            - math.log((word_counts.get(gram, 0.0) + alpha) / word_total)
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


def name_likeness(lex: Lexicon) -> NameLikeness:
    """The model of a group of packs, trained once per process (Lexicon.derived).

    The everyday words of a dozen other languages count against a name, so that brands
    and words the group's lists lack ("Zalando", "Python", "mandolin coda") do not read
    as names.
    """
    return NameLikeness(lex, foreign_weight=1.0)


def role_name_likeness(lex: Lexicon) -> NameLikeness:
    """The model for words that a role, title or naming phrase already calls a person.

    Its everyday words are the group's languages' only: there a word in no list is a
    name more often than a word of another language, and the names of other languages
    read like their words ("Esat", "Rednjak").
    """
    return NameLikeness(lex, foreign_weight=0.0)
