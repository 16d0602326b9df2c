"""A cheap, offline language guess from function words.

Content records carry no language field; the pipeline needs one per record to count
records per language and pick recognisers, at tens of thousands of records a second,
so this counts stop words instead of running a classifier. Short or ambiguous texts
get "und" (undetermined), for which the redactor runs every recogniser.
"""

from __future__ import annotations

import re
from itertools import repeat

from consentgate.redact.lang.packs import NEUTRAL, load_pack, pack_codes
from consentgate.redact.lang.text import fold


def _stop_words() -> dict[str, frozenset[str]]:
    """Each language's stop words: those of every pack, then the neutral pack's
    languages that have no pack of their own (detected, but with no word lists)."""
    found = {code: frozenset(load_pack(code).lists["detect.stop_words"]) for code in pack_codes()}
    neutral = load_pack(NEUTRAL)
    for key, words in neutral.lists.items():
        parts = key.split(".")
        if parts[0] == "detect" and parts[-1] == "stop_words" and len(parts) == 3:
            found.setdefault(parts[1], frozenset(words))
    return found


def _marks() -> dict[str, str]:
    """Letters that only some of the languages use ("ç", "ß"), by language."""
    marks = {code: "".join(load_pack(code).lists.get("detect.marks", ())) for code in pack_codes()}
    for key, letters in load_pack(NEUTRAL).lists.items():
        parts = key.split(".")
        if parts[0] == "detect" and parts[-1] == "marks" and len(parts) == 3:
            marks.setdefault(parts[1], "".join(letters))
    return {lang: letters for lang, letters in marks.items() if letters}


_STOPWORDS = _stop_words()
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


_MARKS = _marks()


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
