"""A cheap, offline language guess from function words.

Content records carry no language field; the pipeline needs one per record to count
records per language and pick recognisers, at tens of thousands of records a second,
so this counts stop words instead of running a classifier. Short or ambiguous texts
get "und" (undetermined), for which the redactor runs every recogniser.
"""

from __future__ import annotations

import re

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
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
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
    scores = dict.fromkeys(_STOPWORDS, 0.0)
    # Stop words are picked out in C (map + filter): the loop steps only through the
    # words that count, not through every word of the text.
    for langs in filter(None, map(_LANGS_OF.get, _WORD.findall(folded, 0, 1000))):
        for lang in langs:
            scores[lang] += 1.0
    # Every mark is a non-ASCII letter: an ASCII text (about half of them) has none.
    if not sample.isascii():
        for lang, marks in _MARK_CLASSES:
            if marks.search(sample):
                scores[lang] += 1.5
    best = max(scores, key=scores.__getitem__)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 1.0 or ranked[0] == ranked[1]:
        return "und"
    return best
