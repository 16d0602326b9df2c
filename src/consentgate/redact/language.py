"""A cheap, offline language guess from function words.

Content records carry no language field; the pipeline needs one per record to count
records per language and pick recognisers, at tens of thousands of records a second,
so this counts stop words instead of running a classifier. Short or ambiguous texts
get "und" (undetermined), for which the redactor runs every recogniser.
"""

from __future__ import annotations

import re
from itertools import repeat

from consentgate.redact.lexicon import fold

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the and of to in is are was were for with on at this that it you your we our they
        have has had be been from by an not but or as will would can could about my i me
        thanks thank just very what who when how all new if so team""".split()
    ),
    "fr": frozenset(
        """le la les des du de et est sont un une pour avec dans sur pas que qui je nous vous
        il elle ce cette ces mon ma mes ton ta son sa ses au aux en ne plus par tres merci
        bravo notre nos votre vos etre ete tout toute tous c'est j'ai l'equipe d'un d'une
        chez aussi mais ou donc quand comme bonjour entreprise""".split()
    ),
    "de": frozenset(
        """der die das und ist sind ein eine nicht mit von zu den dem ich wir sie es auf fur
        auch bei als nach wie oder aber uber danke""".split()
    ),
    "es": frozenset(
        """el los las y es son un una para con por que del al se lo como pero muy gracias
        nuestro este esta estos""".split()
    ),
    "it": frozenset(
        """il lo gli e di che per con non sono una della nel alla come anche grazie questo
        questa molto""".split()
    ),
    "nl": frozenset(
        """het een en van is zijn niet met voor op dat die wij ook maar bedankt""".split()
    ),
    "pt": frozenset(
        """os as um uma para com nao sao que do da em por mais obrigado muito""".split()
    ),
}
_LANGS = tuple(_STOPWORDS)
# Every stop word as one integer that holds a count of 2 (a hit) in the field of each
# language it belongs to, _FIELD bits a language: the hits of a text are then summed in C
# (sum over map) instead of a loop adding to a dict per hit. A field holds 1,000
# characters' worth of hits (at most 500 words, each worth 2, plus the mark's 3).
_FIELD = 12
_MASK = (1 << _FIELD) - 1
_PACKED: dict[str, int] = {}
for _i, _lang in enumerate(_LANGS):
    for _w in _STOPWORDS[_lang]:
        _PACKED[_w] = _PACKED.get(_w, 0) + (2 << (_FIELD * _i))
_MARK_SCORE = 3  # 1.5 stop words
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Latin-1 bytes other than "a"-"z" and the apostrophe become spaces, so that str.split
# cuts a folded text into the runs in which _WORD can match.
_NOT_WORD_BYTES = bytes(c if 97 <= c <= 122 or c == 39 else 32 for c in range(256))


def _words(folded: str) -> list[str]:
    """``_WORD.findall(folded)``, found with a byte translation and a split where possible.

    A match of _WORD lies inside one run of letters and apostrophes, and a run with no
    apostrophe is one match: only the runs that hold an apostrophe go to the regex.
    """
    try:
        runs = folded.encode("latin-1").translate(_NOT_WORD_BYTES).decode("ascii").split()
    except UnicodeEncodeError:
        return _WORD.findall(folded)
    if "'" not in folded:
        return runs
    words: list[str] = []
    for run in runs:
        if "'" in run:
            words.extend(_WORD.findall(run))
        else:
            words.append(run)
    return words


# Letters that only some of the languages use.
_MARKS = {"fr": "çèêëœàâî", "de": "äöüß", "es": "ñ¿¡", "pt": "ãõ"}


# Each language's marks with every character whose lower case is one of them (the
# capitals, and "ẞ" for "ß"), so that the text is searched as it is rather than
# lower-cased first: a test checks the classes against every code point.
def _mark_class(marks: str) -> re.Pattern[str]:
    capitals = "".join(ch.upper() for ch in marks if len(ch.upper()) == 1)
    extra = "\u1e9e" if "ß" in marks else ""
    return re.compile(f"[{marks}{capitals}{extra}]")


_MARK_CLASSES = tuple((lang, _mark_class(marks)) for lang, marks in _MARKS.items())


def detect_language(text: str) -> str:
    """Return "en", "fr", another ISO 639-1 code, or "und" when the text says too little."""
    sample = text[:1000]
    return detect_folded(sample, fold(sample))


def detect_folded(text: str, folded: str) -> str:
    """:func:`detect_language` given ``folded`` = ``lexicon.fold(text)``, already computed.

    Only the first 1,000 characters are read, of both.
    """
    sample = text[:1000]
    total = sum(map(_PACKED.get, _words(folded[:1000]), repeat(0)))
    # Every mark is a non-ASCII letter: an ASCII text (about half of them) has none.
    if not sample.isascii():
        for lang, marks in _MARK_CLASSES:
            if marks.search(sample):
                total += _MARK_SCORE << (_FIELD * _LANGS.index(lang))
    scores = [(total >> (_FIELD * i)) & _MASK for i in range(len(_LANGS))]
    top = max(scores)
    # Under 2 is under one stop word; a tie between the first two says nothing.
    if top < 2 or scores.count(top) > 1:
        return "und"
    return _LANGS[scores.index(top)]
