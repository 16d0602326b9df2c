"""Finds the addresses of one text: every street-line stage, then each line's block.

Each stage proposes street lines with a score: numbered English and French lines
(numbered.py), continental ones (continental.py), type words written first, "S/N",
years as house numbers and post-office boxes (prefixed.py), lines vouched for by their
unit or label (units.py). Each line is then widened to its whole block (block.py) and
reported one result per line of the block. One finder is built per group of packs.
"""

from __future__ import annotations

import re

from consentgate.redact.engine.digit_runs import digit_run_starts, matches_from
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.recognizers.address.block import Blocks
from consentgate.redact.recognizers.address.continental import ContinentalStreets
from consentgate.redact.recognizers.address.cues import Cues
from consentgate.redact.recognizers.address.numbered import EN_NUMBERED, POSTCODE, NumberedStreets
from consentgate.redact.recognizers.address.prefixed import (
    PrefixedStreets,
    po_boxes,
    year_numbered_streets,
)
from consentgate.redact.recognizers.address.segments import COMMON_UNIT_WORDS, UNIT_SET
from consentgate.redact.recognizers.address.street_names import StreetNames
from consentgate.redact.recognizers.address.units import UnitLines
from consentgate.redact.recognizers.address.words import AddressWords

RECOGNIZER = "street_address"
_LINE_MARGIN = " \t\n,>|•·?"
_TRAILING_UNIT = re.compile(rf"[ \t,]+(?:{COMMON_UNIT_WORDS})\.?$")
_UNIT_NUMBER_NEXT = re.compile(r"\.?[ \t]*#?[A-Za-z]?\d")
# In the title-cased copy of a lower-case text the region codes of a block read "Ni",
# "Oo", "Vic": the records they come from write them in capitals. A two-letter word, or
# a three-letter one where a region code stands (after a comma, before a comma or a line
# end; not before a number: "hoge wei 32"), goes back to capitals unless it is an
# everyday word, particle, street type or unit word ("polsing oo" -> "Polsing OO"); any
# short word does on a line of its own after a comma ("…\n, ni\n" -> "…\n, NI\n").
_SHORT_WORD = re.compile(r"(?<![\w'’.-])[A-Z][a-z]{1,2}(?![\w'’-])")
_CODE_PLACE_AFTER = re.compile(r"[ \t]*(?:\n|$|,)")
_CODE_PLACE_BEFORE = re.compile(r",[ \t]*$")
_CODE_LINE = re.compile(r"\n[ \t>]*,[ \t]*$")
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")
_DIGIT = re.compile(r"\d")
Span = tuple[int, int, float]


class AddressFinder:
    """The address stages of one group of language packs."""

    def __init__(self, lex: Lexicon) -> None:
        words = AddressWords(lex)
        self._blocks = Blocks(lex)
        cues = Cues(lex)
        names = StreetNames(lex, words)
        self._numbered = NumberedStreets(lex, words)
        self._continental = ContinentalStreets(lex, self._blocks, cues, words, names)
        self._prefixed = PrefixedStreets(self._blocks, cues, words, names)
        self._units = UnitLines(lex, self._blocks, words)
        self._cues = cues
        # Short words that stay title-cased: everyday words, types, units, particles.
        self._kept_titled = frozenset(
            {w for w in words.vocabulary if len(w) <= 3}
            | words.function_words
            | {t.lower() for t in words.types.english}
            | {u.lower() for u in UNIT_SET}
            | lex.words("address.title_kept_particles")
        )

    def find(self, text: str) -> list[RecognizerResult]:
        """Every address of ``text``, one result per line of each block.

        All stages run whatever the language: people quote foreign addresses. A text
        written all in lower case ("12 nørregade 7, aarhus c") gives capitalisation no
        meaning, so its addresses are looked for in its title-cased copy, which has the
        same offsets.
        """
        if _DIGIT.search(text) is None:
            # Most patterns open with a house number; a street named without one ("grew
            # up on Elm Street", "Travessa Maia, S/N") is all a text with no digit holds.
            return self._blocks_of(
                text, self._numbered.unnumbered(text) + self._prefixed.no_number(text)
            )
        if text.islower():
            titled = text.title()
            if len(titled) == len(text):  # "ß" and a few ligatures change length
                return self._find(_SHORT_WORD.sub(self._postal_case, titled), titled=True)
        return self._find(text)

    def _postal_case(self, m: re.Match[str]) -> str:
        word = m.group()
        text, start, end = m.string, m.start(), m.end()
        if _CODE_LINE.search(text, max(0, start - 6), start) and _LINE_END.match(text, end):
            return word.upper()  # a line of its own after a comma: "…\n, ni\n" is a code
        if word.lower() in self._kept_titled:
            return word
        if len(word) == 3:
            after = _CODE_PLACE_AFTER.match(text, end) is not None
            if not after and _CODE_PLACE_BEFORE.search(text, max(0, start - 4), start) is None:
                return word
        return word.upper()

    def _find(self, text: str, titled: bool = False) -> list[RecognizerResult]:
        numbered = self._numbered
        starts = digit_run_starts(text)
        spans = [
            (m.start(), m.end(), 0.8)
            for m in matches_from(numbered.french, text, starts)
            if not self._cues.type_then_everyday_word(text, m)
        ]
        for start, end in numbered.english(text, matches_from(EN_NUMBERED, text, starts), titled):
            before = self._prefixed.name_before(text, start)
            spans.append((start if before < 0 else before, end, 0.75))
        # The patterns without a building number are slow to scan; run them only when
        # their anchor (a postcode, a flat word) is in the text.
        for postcode in matches_from(POSTCODE, text, starts):
            spans.extend(numbered.french_before_postcode(text, postcode.start()))
        if numbered.may_hold_flat(text):
            flats = list(numbered.flat.finditer(text))
            spans.extend((s, e, 0.75) for s, e in numbered.english(text, flats, titled))
        if not titled:
            spans.extend(numbered.lower_typed(text))
            spans.extend(numbered.unnumbered(text))
        spans.extend(self._continental.streets(text, titled))
        spans.extend(self._prefixed.no_number(text, titled))
        spans.extend(self._prefixed.numbered(text, starts))
        spans.extend(year_numbered_streets(text))
        spans.extend(po_boxes(text))
        spans.extend(self._units.unit_blocks(text))
        spans.extend(self._units.labelled_addresses(text))
        return self._blocks_of(text, spans)

    def _blocks_of(self, text: str, spans: list[Span]) -> list[RecognizerResult]:
        """Each street line found, widened to its address block, one result per line."""
        found: list[RecognizerResult] = []
        covered = -1
        # Several patterns often find one street; a core inside an address already
        # widened adds nothing, so it is not widened again.
        for start, end, score in sorted(spans, key=lambda s: (s[0], -s[1])):
            if end <= covered:
                continue
            end = _drop_trailing_unit_word(text, start, end)
            start, end, _ = self._blocks.extend(text, start, end)
            covered = max(covered, end)
            found.extend(_lines(text, start, end, score))
        return found


def _lines(text: str, start: int, end: int, score: float) -> list[RecognizerResult]:
    """One result per line of the block, without the line's indentation or quote marks.

    The layout of the text (line breaks, "> " of a quoted e-mail, list bullets) is not
    personal data: keeping it leaves the redacted text readable as it was written.
    """
    results = []
    while start < end:
        line_end = text.find("\n", start, end)
        if line_end < 0:
            line_end = end
        stop = line_end
        while stop > start and text[stop - 1] in " \t\n,.>":
            stop -= 1
        if stop > start:
            results.append(RecognizerResult(start, stop, "STREET_ADDRESS", score, RECOGNIZER))
        start = line_end
        while start < end and text[start] in _LINE_MARGIN:
            start += 1
    return results


def _drop_trailing_unit_word(text: str, start: int, end: int) -> int:
    # A street pattern may swallow the unit word as part of the name ("Rue Gafsa Apt"):
    # give it back so that the block extension takes the whole unit ("Apt. 981").
    m = _TRAILING_UNIT.search(text, start, end)
    if m is None or not _UNIT_NUMBER_NEXT.match(text, end):
        return end  # "Patricia Flat" is a street named with a street type
    return m.start()
