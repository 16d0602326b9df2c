"""The language guess: its fast word split and packed counts decide as the plain loop does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consentgate.redact.lang.detect import _MARK_CLASSES, _STOPWORDS, _WORD, _words, detect_folded
from consentgate.redact.lang.text import fold


def reference_guess(text: str, folded: str) -> str:
    """The guess written plainly: a dict of scores, 1 a stop word, 1.5 a language's mark."""
    scores = dict.fromkeys(_STOPWORDS, 0.0)
    for word in _WORD.findall(folded, 0, 1000):
        for lang, words in _STOPWORDS.items():
            if word in words:
                scores[lang] += 1.0
    for lang, marks in _MARK_CLASSES:
        if marks.search(text[:1000]):
            scores[lang] += 1.5
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 1.0 or ranked[0] == ranked[1]:
        return "und"
    return max(scores, key=scores.__getitem__)


_PIECES = st.sampled_from(
    sorted({w for words in _STOPWORDS.values() for w in words})
    + ["Léa", "c'est", "l'équipe", "aujourd'hui", "rock'n'roll", "'quoted'", "x'", "ß", "ñ",
       "€", "’", "œuvre", "ça", "über", "12", "-", ",", ".", "\n", "  ", "İ", "ﬁ", "Ærø"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=60), st.sampled_from(["", " ", "'"]))
def test_guess_equals_the_plain_loop(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    folded = fold(text)
    assert _words(folded[:1000]) == _WORD.findall(folded, 0, 1000)
    assert detect_folded(text, folded) == reference_guess(text, folded)


def test_a_long_text_reads_its_first_thousand_characters_only() -> None:
    text = "x " * 500 + "the team and our thanks " * 50
    assert detect_folded(text, fold(text)) == "und"
    assert re.fullmatch(r"[a-z]{2}", detect_folded(text[1000:], fold(text[1000:])))
