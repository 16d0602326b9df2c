"""The rest of an address after its street line: unit, city, region, postcode, country.

An address is a block: a street line, then possibly a unit ("Apt. 5", "Suite 200"), a
city, a state or region code, a postcode and a country, separated by commas or line
breaks, in an order that varies by country. Once a street line is found, the block is
followed forward segment by segment (the shapes of segments.py), so the whole address
is redacted and not only its first line. Street lines are found by the other stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.sources import countries, vocabulary
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.address.segments import (
    COMMON_UNIT_WORDS,
    COUNTRY_TAIL,
    CROSS_STREET,
    EMPTY_FIRST,
    EMPTY_SEGMENT,
    INTERIOR,
    LEADING,
    MAX_SEGMENTS,
    MILITARY,
    NUMERIC_REGION,
    SKIP,
    STATE_OR_POSTCODE_NEXT,
    UNIT_SET,
    UNIT_WORDS,
    UP,
    Segment,
    is_year,
    segments,
)
from consentgate.redact.recognizers.address.types import street_types


@dataclass(slots=True)
class _Walk:
    """Where the walk along a block stands: the last segment's kind and its end."""

    previous: str
    position: int


class Blocks:
    """Follows a street line to the end of its address block, for one group of packs."""

    def __init__(self, lex: Lexicon) -> None:
        conjunctions = lex.ordered("address.conjunctions")
        conjunction = f"(?:{lex.alternation('address.conjunctions')})"
        lower = [c for c in conjunctions if not c[0].isupper()]
        upper = [c for c in conjunctions if c[0].isupper()]
        self._types = street_types(lex)
        self._vocabulary = vocabulary(lex)
        self._countries = countries(lex)
        # Capitalised words that end a block rather than name a place: sign-offs, labels,
        # days and months ("12 Main Street, Monday works for me").
        self._not_places = lex.words("address.not_places")
        found = segments(conjunction)
        self._digit_segments = tuple(seg for seg in found if seg[0] == "postcode")
        self._unit_segments = tuple(seg for seg in found if seg[0] == "unit")
        self._province_segments = tuple(seg for seg in found if seg[0] == "province")
        self._cross_segments = tuple(seg for seg in found if seg[0] == "cross")
        self._capital_segments = tuple(seg for seg in found if seg[0] not in ("cross", "province"))
        # What the text after a street line must look like for any segment to follow: a
        # comma or line break, a capitalised word, digit or "#" on the same line, or a
        # unit after a dot.
        self._segment_start = re.compile(
            rf"\.?[ \t]*[,\n>|]|[ \t]+[{UP}\d#&]|\.?[ \t]+{conjunction} |\.[ \t]+(?:{UNIT_WORDS})"
        )
        # An English type word after the house number of a street written name first,
        # before the other street of a crossing; elsewhere it is a word of the sentence.
        self._type_after_number = re.compile(
            rf"(?<=\d)[ \t]+(?:{lex.alternation('address.type_after_number')})\.?"
            rf"(?=[ \t]+(?:{'|'.join(re.escape(c) for c in lower)})[ \t])"
        )
        self._conjunction_starts = frozenset(c[0] for c in lower)
        self._capital_conjunctions = tuple(f"{c} " for c in upper)
        self._capital_conjunction_starts = "".join(sorted({c[0] for c in upper}))
        self._conjunction_ends = tuple(f"{c} " for c in conjunctions)
        # "the corner of X and Y", "à l'angle de la rue X": the phrase only locates the place.
        self._corner = re.compile(rf"(?i)(?:{lex.alternation('address.corner')})$")
        self._corner_links = tuple(f"{w} " for w in lex.ordered("address.corner_links"))
        # The other street of an intersection written first: "Signe and Nørregade 7".
        self._sentence_words = lex.words("address.cross_sentence_words")
        self._cross_before = re.compile(rf"(?<![\w'’-])({CROSS_STREET})[ \t]+{conjunction}[ \t]+$")
        # A unit written before the street line on the same line: "Apt 4B, 12 Main
        # Street". The pattern opens with the unit words (the engine skips to their
        # first letters); the word boundary before them is checked in Python.
        leading = lex.alternation("address.leading_unit_words")
        self._leading_unit_re = re.compile(
            rf"(?:{COMMON_UNIT_WORDS}|{leading})\.?[ \t]*#?"
            r"(?:[A-Za-z]?\d[\w-]{0,5},?[ \t]+)?$"
        )

    def is_label(self, text: str) -> bool:
        """ "Phone: 555 1234" and "Thanks, 2 …" end a block whatever follows them."""
        return fold(text.split()[0]).strip(".") in self._not_places

    def is_place(self, text: str) -> bool:
        """Whether capitalised words name a place: not sign-offs, not everyday words only."""
        words = [fold(w).strip(".") for w in text.split()]
        if not words or words[0] in self._not_places:
            return False
        if len(text) > 2 and text.isupper():
            return True  # post towns are written in capitals (Royal Mail, Nordic posts)
        common = self._vocabulary
        # "New York" and "Le Mans" are places, but a run of everyday words is prose.
        return not all(w in common or w in self._not_places for w in words)

    def _country_prefix(self, words: str) -> str:
        """The longest run of the first words of ``words`` that names a country, or ""."""
        parts = words.split(" ")
        for size in range(min(len(parts), 4), 0, -1):
            name = " ".join(parts[:size])
            if name in self._countries:
                return name
        return ""

    def _town_before_country(self, words: str) -> int:
        """The end of "Town Country" at the start of ``words`` (a place, then a country), or -1."""
        parts = words.split()
        for k in range(1, len(parts)):
            country = self._country_prefix(" ".join(parts[k:]))
            if country:
                town = " ".join(parts[:k])
                if not self.is_place(town):
                    return -1
                return words.index(country, len(town)) + len(country)
        return -1

    def extend(self, text: str, start: int, end: int) -> tuple[int, int, set[str]]:
        """Widen a street line ``[start, end)`` to its whole address block.

        Returns the new span and the kinds of segment that were added ("unit",
        "postcode", "state", "city"), which callers use as evidence for weak street lines.
        """
        start = self._leading_number(text, start)
        kinds: set[str] = set()
        if self._segment_start.match(text, end) is None:
            return start, end, kinds  # "... 75002 Paris. Merci", "... Street next week"
        walk = _Walk("street", end)
        for _ in range(MAX_SEGMENTS):
            candidates = self._candidates(text, walk, kinds)
            if candidates is None:
                break
            if candidates and not self._segment(text, walk, kinds, candidates):
                break
        return start, walk.position, kinds

    def _candidates(self, text: str, walk: _Walk, kinds: set[str]) -> tuple[Segment, ...] | None:
        """The segments that can open with the next significant character: a digit opens
        only a postcode, "a"/"e"/"&" only an intersection. None: the block ends; an
        empty tuple: a step was taken here (an empty field, an interior number...)."""
        position, previous = walk.position, walk.previous
        skipped = SKIP.match(text, position)
        nxt = skipped.end() if skipped else position
        first = text[nxt] if nxt < len(text) else ""
        if first in "nN" and previous != "street" and EMPTY_FIRST.match(text, nxt):
            m = EMPTY_SEGMENT.match(text, position)
            if m is None:
                return None
            walk.previous, walk.position = "state", m.end()
            return ()
        if first.isdigit():
            if previous == "street" and (m := INTERIOR.match(text, position)) is not None:
                walk.previous, walk.position = "interior", m.end()
                return ()
            if previous == "city" and (m := NUMERIC_REGION.match(text, position)) is not None:
                walk.previous, walk.position = "state", m.end()
                return ()
            return self._digit_segments
        if first == "#":
            return self._unit_segments
        if first == "(":
            return self._province_segments
        if first in "afd" and self._military(text, walk, kinds):
            return None
        if first in self._conjunction_starts:
            return self._cross_segments
        if not first.isupper():
            return None
        if previous == "street" and (m := self._type_after_number.match(text, position)):
            # "… the corner of Nieuwe Baan 473 St. and …": a type word said again after
            # a continental street's number joins it to the crossing.
            walk.position = m.end()
            return ()
        # "APO AE 09012" closes a military address; tried before the city segment, which
        # would read "APO AE" as a town in capitals. A number on the next line is then a
        # phone number, not a postcode.
        if first in "AFD" and self._military(text, walk, kinds):
            return None
        if first in self._capital_conjunction_starts and text.startswith(
            self._capital_conjunctions, nxt
        ):
            # A title-cased lower-case text: "… Kuusiku 7 And Alexander Flat".
            return self._cross_segments + self._capital_segments
        return self._capital_segments

    @staticmethod
    def _military(text: str, walk: _Walk, kinds: set[str]) -> bool:
        m = MILITARY.match(text, walk.position)
        if m is None:
            return False
        kinds.add("postcode")
        walk.position = m.end()
        return True

    def _segment(
        self, text: str, walk: _Walk, kinds: set[str], candidates: tuple[Segment, ...]
    ) -> bool:
        """Take the first of ``candidates`` that may follow and matches; False: none did."""
        previous, position = walk.previous, walk.position
        for kind, pattern in candidates:
            if not _may_follow(kind, previous):
                continue  # segments allowed only after some others are not even tried
            m = pattern.match(text, position)
            if m is None or m.end() == position:
                continue
            if kind == "town_country":
                town_end = self._town_before_country(m.group(1))
                if town_end < 0:
                    continue
                kinds.update(("city", "country"))
                walk.position = m.start(1) + town_end
                return True
            if kind == "country":
                country = self._country_prefix(m.group(1))
                if not country:
                    continue
                kinds.add(kind)
                walk.position = m.start(1) + len(country)
                tail = COUNTRY_TAIL.match(text, walk.position)
                if tail is not None:
                    walk.position = tail.end()
                return True
            if not self._fits(text, kind, m):
                continue
            kinds.add(kind)
            walk.previous, walk.position = kind, m.end()
            return True
        return False

    def _fits(self, text: str, kind: str, m: re.Match[str]) -> bool:
        """Whether the words a segment matched are what it names (a place, a street)."""
        words = m.group(1)
        if (
            kind.endswith("city")
            and not self.is_place(words)
            and (self.is_label(words) or not STATE_OR_POSTCODE_NEXT.match(text, m.end()))
        ):
            return False
        if kind in ("cross", "place") and words.split()[-1] not in self._types.english:
            return False
        # "... 61 St." repeats the type; "Suite 5 ..." is a unit.
        return not (kind == "place" and (len(words.split()) < 2 or words.split()[0] in UNIT_SET))

    def _leading_unit(self, text: str, start: int) -> int:
        """Where a unit written just before ``start`` begins, or -1."""
        if start < 5:
            return -1
        unit = self._leading_unit_re.search(text, max(0, start - 24), start)
        if unit is None or (unit.start() > 0 and text[unit.start() - 1] not in " \t\n>|•·?:,"):
            return -1
        return unit.start()

    def _leading_number(self, text: str, start: int) -> int:
        # "4844 Søndergade 52": a building number or postcode written before the street.
        unit = self._leading_unit(text, start)
        if unit >= 0:
            start = unit
        else:
            m = LEADING.search(text, max(0, start - 10), start)
            if m is not None and not is_year(m.group().strip(" \t,")):
                start = m.start()
                unit = self._leading_unit(text, start)
                if unit >= 0:
                    start = unit
        if text.endswith(self._conjunction_ends, 0, start):
            cross = self._cross_before.search(text, max(0, start - 40), start)
            if cross is not None:
                # A title-cased copy capitalises the sentence too: "Return To Leon And …".
                words = cross.group(1).split()
                cuts = [k + 1 for k, w in enumerate(words) if w.lower() in self._sentence_words]
                cut = max(cuts, default=0)
                street = " ".join(words[cut:])
                if street and self.is_place(street):
                    start = cross.end(1) - len(street)
        if not text.endswith(self._corner_links, 0, start):
            return start
        corner = self._corner.search(text, max(0, start - 24), start)
        return corner.start() if corner else start


def _may_follow(kind: str, previous: str) -> bool:
    """Whether a segment of ``kind`` may come after one of kind ``previous``."""
    if kind in ("inline_city", "town_country"):
        return previous in ("unit", "postcode")
    if kind == "postcode_city":
        return previous == "postcode"
    if kind == "prose_city":
        return previous in ("street", "unit", "postcode")
    if kind == "province":
        return previous.endswith("city")
    if kind in ("cross", "place"):
        return previous == "street"
    if kind == "country":
        return previous in ("city", "state", "postcode")
    return True
