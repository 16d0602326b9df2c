"""Street lines that open with their house number: "221B Baker Street", "12 rue de la Paix".

English addresses are found in two steps: a regex for a number and up to five capitalised
words, then a set look-up for the street type among those words (a regex alternation of
the 230 English types, retried for each word count, was 4x slower). French ones put the
type between the number and the name ("12 rue de la Paix"), and may have no number when
a postcode follows ("place Bellecour, 69002 Lyon"). Streets named without a number after
a preposition ("grew up on Elm Street") are found from their type word.
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import LOWER, UPPER, fold
from consentgate.redact.recognizers.address.prefixed import NUMBERED_PREFIXES
from consentgate.redact.recognizers.address.segments import UNIT_SET
from consentgate.redact.recognizers.address.words import AddressWords

_EN_WORDS = rf"([{UPPER}0-9][\w'’-]*\.?(?:[ \t]+[{UPPER}0-9][\w'’-]*\.?){{1,4}})"
# A unit and building number may be joined by a slash, as in Australia: "923/988 Hannah Gap".
EN_NUMBERED = re.compile(
    rf"\d(?<![\w.,/-]\d)\d{{0,5}}[A-Za-z]?(?:[-/]\d{{1,4}})?,?[ \t]+{_EN_WORDS}"
)
_HEAD_WORD = re.compile(r"[^ \t]+")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER_AND_NAME = re.compile(
    rf"\d(?<![\w.,-]\d)\d{{0,5}}[A-Za-z]?,?[ \t]+([{UPPER}][\w'’-]*)"
    rf"(?:[ \t]+[{UPPER}][\w'’-]*){{0,3}}$"
)
_NAME_WORD = re.compile(r"[\w'’-]+")
POSTCODE = re.compile(r"\d(?<![\w]\d)\d{4}(?!\d)")


class NumberedStreets:
    """Street lines that open with a number, and streets named without one."""

    def __init__(self, lex: Lexicon, words: AddressWords) -> None:
        self._words = words
        seq = lex.sequence
        # Only the compass point stays with the street; unit, city and postcode are the
        # block's.
        self._after_type = re.compile(
            rf"[ \t]+(?:{seq('address.compass_points')})\b(?![ \t]+[A-Z])"
        )
        self._flat_words = lex.ordered("address.flat_words")
        self.flat = re.compile(
            rf"(?:{seq('address.flat_words')})[ \t]+\d{{1,4}}[A-Za-z]?[ \t]*[,\n][ \t]*"
            rf"(?:\d{{1,5}}[A-Za-z]?,?[ \t]+)?{_EN_WORDS}"
        )
        # Informal writing leaves "street" and the usual abbreviations in lower case
        # after a capitalised name: "12 Baker street". The type word is searched first (a
        # pattern that opens with a literal space, and a rare word), then the number and
        # name before it.
        self._lower_type_word = re.compile(rf" (?:{seq('address.lower_types')})\b\.?(?!['’-])")
        self._unnumbered_types = tuple(f" {t}" for t in lex.ordered("address.unnumbered_types"))
        self._crossing_types = tuple(f" {t}" for t in lex.ordered("address.crossing_types"))
        self._capital_next = re.compile(rf"\.?[ \t]+[{UPPER}]")
        self._prepositions = lex.words("address.prepositions")
        self._crossings = lex.words("address.crossings")
        self._crossing_marks = tuple(f"{w} of " for w in lex.ordered("address.crossings"))
        self._french(lex)

    def _french(self, lex: Lexicon) -> None:
        seq = lex.sequence
        types = seq("address.numbered_types")
        particle = rf"(?:{seq('address.numbered_particles')})"
        city_particles = seq("address.city_particles")
        suffixes = seq("address.postal_suffixes")
        city = (
            rf"[{UPPER}][{LOWER}'’]+(?:[{UPPER}][{LOWER}'’]+)?"
            # Lower-case particles only inside hyphenated names ("Villeneuve-sur-Lot"): a
            # space then a lower-case word is the sentence going on.
            rf"(?:-(?:{city_particles}|[{UPPER}][{LOWER}'’]+)"
            rf"|[ ](?!(?:{suffixes})\b)[{UPPER}][{LOWER}'’]+)*"
        )
        # After a particle the name may open with a common noun in lower case, as the
        # street plates have it: "rue des écoles", "rue du moulin Vert". A capitalised
        # type word may be followed by a name in lower case, as exported records write it
        # ("31 Rue tachkent"); after a type in lower case that is prose ("1 place libre").
        street = (
            rf"(?:(?i:{types})[ \t]+(?:{particle}[{UPPER}{LOWER}0-9]|[{UPPER}0-9])"
            rf"|(?=[{UPPER}])(?i:{types})[ \t]+[{LOWER}])[\w'’-]*"
            rf"(?:[ \t]+{particle}?[{UPPER}][\w'’-]*){{0,5}}"
        )
        postcode_city = (
            rf"[ \t]*(?:,|\n)?[ \t]*\n?[ \t]*(?:\d{{5}}|\d{{2}} \d{{3}})[ \t]+{city}"
            rf"(?:[ \t]+(?:{suffixes})(?:[ \t]+\d{{1,2}})?)?"
        )
        self._type_word = re.compile(rf"(?<![\w-])(?i:{types})(?![\w-])")
        # Without a building number a street is an address only when a postcode follows.
        self._no_number = re.compile(rf"(?<![\w-]){street}{postcode_city}")
        # The lookahead on the first letters of the street types (under the same
        # ignore-case flag, so it refuses exactly what the alternation would) spares
        # trying every type after each of the many numbers followed by a space.
        first_letters = "".join(sorted({t[0] for t in lex.ordered("address.numbered_types")}))
        self.french = re.compile(
            # Up to five digits: Quebec civic numbers run that long ("18320 rue Savoie").
            rf"\d(?<![\w.,-]\d)\d{{0,4}}"
            rf"(?:[ ]?(?:{seq('address.number_suffixes')}|[A-Da-d])\b)?,?[ \t]+"
            rf"(?=(?i:[{first_letters}])){street}"
            rf"(?:{postcode_city}"
            # Without a postcode, a single city name closing the phrase: "2 place
            # Bellecour, Lyon".
            rf"|,[ \t]*[{UPPER}][{LOWER}'’-]+(?=[ \t]*(?:$|[.;!?)\n])))?"
        )

    def may_hold_flat(self, text: str) -> bool:
        """Whether a flat word ("Flat", "Suite") occurs: the flat pattern is slow to scan."""
        for word in self._flat_words:
            if word in text:
                return True
        return False

    def english(
        self, text: str, matches: list[re.Match[str]], titled: bool = False
    ) -> list[tuple[int, int]]:
        """The street lines among number-and-words ``matches``: those with a type word."""
        types = self._words.types.english
        function_words = self._words.function_words
        spans: list[tuple[int, int]] = []
        for m in matches:
            # Half the matches are digit groups ("121 234 7306" of a phone number): with
            # no letter, no word is a street type or a type prefix, and the split is spared.
            if _LETTER.search(text, m.start(1), m.end(1)) is None:
                continue
            words = [w.span() for w in _HEAD_WORD.finditer(text, m.start(1), m.end(1))]
            # The last street type after at least one name word: "12 Park Avenue" -> "Avenue".
            end = -1
            for start_w, end_w in reversed(words[1:]):
                if text[start_w:end_w].rstrip(".") in types:
                    end = end_w
                    break
            if (
                titled
                and end >= 0
                and any(text[a:b].lower() in function_words for a, b in words if b < end)
            ):
                end = -1
            if end < 0:
                end = self._prefixed_name_end(text, words)
            if end < 0:
                continue
            tail = self._after_type.match(text, end)
            spans.append((m.start(), tail.end() if tail else end))
        return spans

    def lower_typed(self, text: str) -> list[tuple[int, int, float]]:
        """Lower-case types: "12 Baker street", not "90 Whitchurch Road street" (typed already)."""
        spans = []
        for hit in self._lower_type_word.finditer(text):
            m = _NUMBER_AND_NAME.search(text, max(0, hit.start() - 60), hit.start())
            if m is None:
                continue
            last = text[text.rfind(" ", m.start(), m.end()) + 1 : m.end()]
            if last in self._words.types.english or m.group(1).lower() in NUMBERED_PREFIXES:
                continue
            spans.append((m.start(), hit.end(), 0.7))
        return spans

    def unnumbered(self, text: str) -> list[tuple[int, int, float]]:
        """Streets with a name and a type but no number after a preposition ("on Elm Street").

        Only the common types, as people name a street in prose; not "Drive" ("on Google
        Drive") nor the abbreviations ("on St. Patrick's Day"), but at a crossing ("the
        corner of Main St. and Elm St.") the abbreviations count too. The type word is
        found first (str.find), the name before it by walking back.
        """
        spans = []
        crossing = any(mark in text for mark in self._crossing_marks)
        for type_word in self._unnumbered_types + (self._crossing_types if crossing else ()):
            at = text.find(type_word)
            while at >= 0:
                end = at + len(type_word)
                # Not a firm or title that the street names: "Wall Street Journal".
                if (end == len(text) or not (text[end].isalnum() or text[end] in "'’-")) and (
                    self._capital_next.match(text, end) is None
                ):
                    found = self._name_after_preposition(text, at)
                    if found is not None:
                        start, at_crossing = found
                        # At a crossing any name is a street's: "the corner of Main Street".
                        if at_crossing or (
                            type_word not in self._crossing_types
                            and self._unnumbered_name(text[start:at])
                        ):
                            if type_word in self._crossing_types and text.startswith(".", end):
                                end += 1
                            spans.append((start, end, 0.6))
                at = text.find(type_word, end)
        return spans

    def _name_after_preposition(self, text: str, end: int) -> tuple[int, bool] | None:
        """Start of one to three capitalised words ending at ``end`` after a preposition.

        The second value says whether the preposition names a crossing ("the corner of").
        Words are walked back with str.rfind: a regex search over the 50 characters
        before each type word cost more than the rest of the address patterns together.
        """
        for _ in range(3):
            space = text.rfind(" ", max(0, end - 40), end)
            if space < 0:
                return None
            word = text[space + 1 : end]
            if len(word) < 2 or not word[0].isupper() or _NAME_WORD.fullmatch(word) is None:
                return None
            before = text.rfind(" ", max(0, space - 14), space)
            previous = text[before + 1 : space]
            if previous in self._prepositions:
                return space + 1, False
            if previous == "of" and before > 0:
                head = text[text.rfind(" ", max(0, before - 14), before) + 1 : before]
                if head in self._crossings:
                    return space + 1, True
            end = space
        return None

    def _unnumbered_name(self, name: str) -> bool:
        # "on Memory Lane", "on Easy Street", "in High Street": a name of everyday words
        # only is a phrase or a generic street; a capitalised pronoun or label is the
        # sentence.
        words = [fold(w) for w in name.split()]
        common, function_words = self._words.common, self._words.function_words
        return not all(w in common or w in function_words for w in words)

    def _prefixed_name_end(self, text: str, words: list[tuple[int, int]]) -> int:
        """End of "Av Sidi Lakhmi" after a building number, or -1: a type word then a name."""
        # Cheap test first: most numbered runs are no street ("12 Main Events"); the
        # prefixes are ASCII, so lower() serves for fold() here.
        if len(words) < 2 or text[words[0][0] : words[0][1]].lower() not in NUMBERED_PREFIXES:
            return -1
        end = -1
        vocabulary = self._words.vocabulary
        for start_w, end_w in words[1:]:
            word = text[start_w:end_w]
            if not (word[0].isupper() or word[0].isdigit()) or fold(word) in vocabulary:
                break
            if word.rstrip(".") in UNIT_SET:
                break  # "Paseo Roselló 2 Piso 3": the unit is the block's
            end = end_w
        return end

    def french_before_postcode(self, text: str, postcode: int) -> list[tuple[int, int, float]]:
        """A French street with no number before the postcode at ``postcode``."""
        # Anchored on the postcode: scanning the whole text for a street type is slow.
        for street in self._type_word.finditer(text, max(0, postcode - 80), postcode):
            m = self._no_number.match(text, street.start())
            if m is not None and m.end() > postcode:
                return [(m.start(), m.end(), 0.75)]
        return []
