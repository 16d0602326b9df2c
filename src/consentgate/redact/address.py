"""Street addresses: number, street type and name, then optional unit, postcode and city.

English street types come from Faker's address providers (the 200-odd USPS suffixes)
plus their usual abbreviations; French ones are the "types de voie" in everyday use.
"""

from __future__ import annotations

import re
from functools import cache

from consentgate.redact.address_block import COMMON_UNIT_WORDS, UNIT_SET, extend_block
from consentgate.redact.address_cues import type_then_everyday_word
from consentgate.redact.address_lines import (
    FUNCTION_WORDS,
    continental_streets,
)
from consentgate.redact.address_prefixed import (
    NUMBERED_PREFIXES,
    no_number_streets,
    numbered_prefix_streets,
    po_boxes,
    street_name_before,
    year_numbered_streets,
)
from consentgate.redact.address_units import labelled_addresses, unit_blocks
from consentgate.redact.base import Recognizer
from consentgate.redact.digit_runs import digit_run_starts, matches_from
from consentgate.redact.lexicon import LOWER, UPPER, common_words, fold, vocabulary
from consentgate.redact.results import RecognizerResult
from consentgate.redact.street_lexicon import english_street_types

_UP = UPPER
_LOW = LOWER


_FR_TYPES = (
    r"rue|avenue|av\.|bd|boulevard|all[ée]e|all[ée]es|all[ée]|chemin|impasse|place|quai|cours|route"
    r"|square|passage|voie|sentier|rond-point|r[ée]sidence|lieu-dit|hameau|cit[ée]|villa"
    r"|parvis|esplanade|promenade|faubourg|chauss[ée]e|mont[ée]e|traverse|sq\.|pl\."
)
_FR_PARTICLE = r"(?:de la |de l['’]|de |du |des |d['’]|la |le |les |l['’]|aux |au |à |sur |en )"

_CITY = (
    rf"[{_UP}][{_LOW}'’]+(?:[{_UP}][{_LOW}'’]+)?"
    # Lower-case particles only inside hyphenated names ("Villeneuve-sur-Lot"): a space
    # then a lower-case word is the sentence going on.
    rf"(?:-(?:sur|sous|en|lès|les|le|la|de|du|aux|au|[{_UP}][{_LOW}'’]+)"
    rf"|[ ](?!Cedex\b)[{_UP}][{_LOW}'’]+)*"
)
# English addresses are found in two steps: a regex for a number and up to five
# capitalised words, then a set lookup for the street type among those words. A regex
# alternation of the 230 street types, retried for each word count, was 4x slower.
_EN_WORDS = rf"([{_UP}0-9][\w'’-]*\.?(?:[ \t]+[{_UP}0-9][\w'’-]*\.?){{1,4}})"
# A unit and building number may be joined by a slash, as in Australia: "923/988 Hannah Gap".
_EN_NUMBERED = re.compile(
    rf"\d(?<![\w.,/-]\d)\d{{0,5}}[A-Za-z]?(?:[-/]\d{{1,4}})?,?[ \t]+{_EN_WORDS}"
)
_EN_FLAT = re.compile(
    rf"(?:Flat|Studio|Apartment|Unit|Suite)[ \t]+\d{{1,4}}[A-Za-z]?[ \t]*[,\n][ \t]*"
    rf"(?:\d{{1,5}}[A-Za-z]?,?[ \t]+)?{_EN_WORDS}"
)
# Only the compass point stays with the street; unit, city and postcode are the block's.
_EN_AFTER_TYPE = re.compile(r"[ \t]+(?:North|South|East|West|NW|NE|SW|SE|N|S|E|W)\b(?![ \t]+[A-Z])")
_HEAD_WORD = re.compile(r"[^ \t]+")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def _has_function_word(text: str, words: list[tuple[int, int]], end: int) -> bool:
    return any(text[a:b].lower() in FUNCTION_WORDS for a, b in words if b < end)


def _english_spans(
    text: str, matches: list[re.Match[str]], titled: bool = False
) -> list[tuple[int, int]]:
    types = english_street_types()
    spans: list[tuple[int, int]] = []
    for m in matches:
        # Half the matches are digit groups ("121 234 7306" of a phone number): with no
        # letter, no word is a street type or a type prefix, and the word split is spared.
        if _LETTER.search(text, m.start(1), m.end(1)) is None:
            continue
        words = [w.span() for w in _HEAD_WORD.finditer(text, m.start(1), m.end(1))]
        # The last street type after at least one name word: "12 Park Avenue" -> "Avenue".
        end = -1
        for start_w, end_w in reversed(words[1:]):
            if text[start_w:end_w].rstrip(".") in types:
                end = end_w
                break
        if titled and end >= 0 and _has_function_word(text, words, end):
            end = -1
        if end < 0:
            end = _prefixed_name_end(text, words)
        if end < 0:
            continue
        tail = _EN_AFTER_TYPE.match(text, end)
        spans.append((m.start(), tail.end() if tail else end))
    return spans


# Informal writing leaves "street" and the usual abbreviations in lower case after a
# capitalised name: "12 Baker street", "159 Eleftheriou Venizelou str". Not "road",
# "lane" or "drive", everyday nouns after a name ("5 Boston road races"). The type word
# is searched first (a pattern that opens with a literal space, and a rare word), then
# the number and name before it.
_LOWER_TYPE_WORD = re.compile(r" (?:street|st|str|rd|ave|blvd)\b\.?(?!['’-])")
_NUMBER_AND_NAME = re.compile(
    rf"\d(?<![\w.,-]\d)\d{{0,5}}[A-Za-z]?,?[ \t]+([{_UP}][\w'’-]*)(?:[ \t]+[{_UP}][\w'’-]*){{0,3}}$"
)


def _lower_type_spans(text: str) -> list[tuple[int, int, float]]:
    """Lower-case types: "12 Baker street", not "90 Whitchurch Road street" (typed already)."""
    spans = []
    for hit in _LOWER_TYPE_WORD.finditer(text):
        m = _NUMBER_AND_NAME.search(text, max(0, hit.start() - 60), hit.start())
        if m is None:
            continue
        last = text[text.rfind(" ", m.start(), m.end()) + 1 : m.end()]
        if last in english_street_types() or m.group(1).lower() in NUMBERED_PREFIXES:
            continue
        spans.append((m.start(), hit.end(), 0.7))
    return spans


# A street named without a number after "on", "in", "along"...: "grew up on Elm Street",
# "a flat in Baker Street". Only the common types, as people name a street in prose; not
# "Drive" ("on Google Drive") nor the abbreviations ("on St. Patrick's Day"). The type
# word is found first (a substring test, then str.find), the name before it by a regex
# anchored at the type.
# At a crossing ("the corner of Main St. and Elm St.") the abbreviations count too.
_UNNUMBERED_TYPES = (" Street", " Avenue", " Road", " Lane", " Boulevard")
_CROSSING_TYPES = (" St", " Ave", " Rd", " Blvd")
_CAPITAL_NEXT = re.compile(rf"\.?[ \t]+[{_UP}]")
_PREPOSITIONS = frozenset("on in along down off onto up".split())
_CROSSINGS = frozenset("corner intersection junction".split())
_NAME_WORD = re.compile(r"[\w'’-]+")


def _unnumbered_spans(text: str) -> list[tuple[int, int, float]]:
    """Streets with a name and a type but no number after a preposition ("on Elm Street")."""
    spans = []
    crossing = "corner of " in text or "ion of " in text
    for type_word in _UNNUMBERED_TYPES + (_CROSSING_TYPES if crossing else ()):
        at = text.find(type_word)
        while at >= 0:
            end = at + len(type_word)
            # Not a firm or title that the street names: "Wall Street Journal".
            if (end == len(text) or not (text[end].isalnum() or text[end] in "'’-")) and (
                _CAPITAL_NEXT.match(text, end) is None
            ):
                found = _name_after_preposition(text, at)
                if found is not None:
                    start, at_crossing = found
                    # At a crossing any name is a street's: "the corner of Main Street".
                    if at_crossing or (
                        type_word not in _CROSSING_TYPES and _unnumbered_name(text[start:at])
                    ):
                        if type_word in _CROSSING_TYPES and text.startswith(".", end):
                            end += 1
                        spans.append((start, end, 0.6))
            at = text.find(type_word, end)
    return spans


def _name_after_preposition(text: str, end: int) -> tuple[int, bool] | None:
    """Start of one to three capitalised words ending at ``end`` after a preposition.

    The second value says whether the preposition names a crossing ("the corner of").
    Words are walked back with str.rfind: a regex search over the 50 characters before
    each type word cost more than the rest of the address patterns together.
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
        if previous in _PREPOSITIONS:
            return space + 1, False
        if previous == "of" and before > 0:
            head = text[text.rfind(" ", max(0, before - 14), before) + 1 : before]
            if head in _CROSSINGS:
                return space + 1, True
        end = space
    return None


def _unnumbered_name(name: str) -> bool:
    # "on Memory Lane", "on Easy Street", "in High Street": a name of everyday words only is
    # a phrase or a generic street; a capitalised pronoun or label is the sentence.
    words = [fold(w) for w in name.split()]
    return not all(w in common_words() or w in FUNCTION_WORDS for w in words)


def _prefixed_name_end(text: str, words: list[tuple[int, int]]) -> int:
    """End of "Av Sidi Lakhmi" after a building number, or -1: a type word then a name."""
    # Cheap test first: most numbered runs are no street ("12 Main Events"); the
    # prefixes are ASCII, so lower() serves for fold() here.
    if len(words) < 2 or text[words[0][0] : words[0][1]].lower() not in NUMBERED_PREFIXES:
        return -1
    end = -1
    for start_w, end_w in words[1:]:
        word = text[start_w:end_w]
        if not (word[0].isupper() or word[0].isdigit()) or fold(word) in vocabulary():
            break
        if word.rstrip(".") in UNIT_SET:
            break  # "Paseo Roselló 2 Piso 3": the unit is the block's
        end = end_w
    return end


_FR_TYPE_WORD = re.compile(rf"(?<![\w-])(?i:{_FR_TYPES})(?![\w-])")


def _french_before_postcode(text: str, postcode: int) -> list[tuple[int, int, float]]:
    # Anchored on the postcode: scanning the whole text for a street type is slow.
    for street in _FR_TYPE_WORD.finditer(text, max(0, postcode - 80), postcode):
        m = _FRENCH_NO_NUMBER.match(text, street.start())
        if m is not None and m.end() > postcode:
            return [(m.start(), m.end(), 0.75)]
    return []


_POSTCODE = re.compile(r"\d(?<![\w]\d)\d{4}(?!\d)")

# After a particle the name may open with a common noun in lower case, as the street
# plates have it: "rue des écoles", "rue du moulin Vert".
# A capitalised type word may be followed by a name in lower case, as exported records
# write it ("31 Rue tachkent"); after a type in lower case that is prose ("1 place libre").
_FR_STREET = (
    rf"(?:(?i:{_FR_TYPES})[ \t]+(?:{_FR_PARTICLE}[{_UP}{_LOW}0-9]|[{_UP}0-9])"
    rf"|(?=[{_UP}])(?i:{_FR_TYPES})[ \t]+[{_LOW}])[\w'’-]*"
    rf"(?:[ \t]+{_FR_PARTICLE}?[{_UP}][\w'’-]*){{0,5}}"
)
_FR_POSTCODE_CITY = (
    rf"[ \t]*(?:,|\n)?[ \t]*\n?[ \t]*(?:\d{{5}}|\d{{2}} \d{{3}})[ \t]+{_CITY}"
    rf"(?:[ \t]+(?:CEDEX|Cedex)(?:[ \t]+\d{{1,2}})?)?"
)
# Without a building number a street is an address only when a postcode follows.
_FRENCH_NO_NUMBER = re.compile(rf"(?<![\w-]){_FR_STREET}{_FR_POSTCODE_CITY}")
# The lookahead on the first letters of the street types (under the same ignore-case
# flag, so it refuses exactly what the alternation would) spares trying the 33
# alternatives after each of the many numbers followed by a space.
_FR_FIRST_LETTERS = "".join(sorted({t[0] for t in _FR_TYPES.split("|")}))
_FRENCH = re.compile(
    # Up to five digits: Quebec civic numbers run that long ("18320 rue Savoie").
    rf"\d(?<![\w.,-]\d)\d{{0,4}}(?:[ ]?(?:bis|ter|quater|[A-Da-d])\b)?,?[ \t]+"
    rf"(?=(?i:[{_FR_FIRST_LETTERS}])){_FR_STREET}"
    rf"(?:{_FR_POSTCODE_CITY}"
    # Without a postcode, a single city name closing the phrase: "2 place Bellecour, Lyon".
    rf"|,[ \t]*[{_UP}][{_LOW}'’-]+(?=[ \t]*(?:$|[.;!?)\n])))?"
)


# In the title-cased copy of a lower-case text the region codes of a block read "Ni",
# "Oo", "Vic": the records they come from write them in capitals. A two-letter word, or
# a three-letter one where a region code stands (after a comma, before a comma or a line
# end; not before a number: "hoge wei 32"), goes back to capitals unless it is an English
# or French word, particle, street type or unit word ("polsing oo" -> "Polsing OO"); any
# short word does on a line of its own after a comma ("…\n, ni\n" -> "…\n, NI\n").
_SHORT_WORD = re.compile(r"(?<![\w'’.-])[A-Z][a-z]{1,2}(?![\w'’-])")
_CODE_PLACE_AFTER = re.compile(r"[ \t]*(?:\n|$|,)")
_CODE_PLACE_BEFORE = re.compile(r",[ \t]*$")
_CODE_LINE = re.compile(r"\n[ \t>]*,[ \t]*$")
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


@cache
def _words_kept_titled() -> frozenset[str]:
    """Short words that stay title-cased: English and French words, types, units."""
    short = {w for w in vocabulary() if len(w) <= 3}
    return frozenset(
        short
        | FUNCTION_WORDS
        | {t.lower() for t in english_street_types()}
        | {u.lower() for u in UNIT_SET}
        | set("de du la le les des en et di da do dos das del van von der den am im".split())
    )


def _postal_case(m: re.Match[str]) -> str:
    word = m.group()
    text, start, end = m.string, m.start(), m.end()
    if _CODE_LINE.search(text, max(0, start - 6), start) and _LINE_END.match(text, end):
        return word.upper()  # a line of its own after a comma: "…\n, ni\n" is a code
    if word.lower() in _words_kept_titled():
        return word
    if len(word) == 3:
        after = _CODE_PLACE_AFTER.match(text, end) is not None
        if not after and _CODE_PLACE_BEFORE.search(text, max(0, start - 4), start) is None:
            return word
    return word.upper()


class StreetAddressRecognizer(Recognizer):
    """Postal addresses written the English way ("221B Baker Street") or the French way."""

    name = "street_address"
    entity_types = ("STREET_ADDRESS",)

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Both patterns run whatever the language: people quote foreign addresses.

        A text written all in lower case ("12 nørregade 7, aarhus c") gives
        capitalisation no meaning, so its addresses are looked for in its title-cased
        copy, which has the same offsets.
        """
        if _DIGIT.search(text) is None:
            # Most patterns open with a house number; a street named without one ("grew
            # up on Elm Street", "Travessa Maia, S/N") is all a text with no digit holds.
            return self._blocks(text, _unnumbered_spans(text) + no_number_streets(text))
        if text.islower():
            titled = text.title()
            if len(titled) == len(text):  # "ß" and a few ligatures change length
                return self._find(_SHORT_WORD.sub(_postal_case, titled), titled=True)
        return self._find(text)

    def _find(self, text: str, titled: bool = False) -> list[RecognizerResult]:
        starts = digit_run_starts(text)
        spans = [
            (m.start(), m.end(), 0.8)
            for m in matches_from(_FRENCH, text, starts)
            if not type_then_everyday_word(text, m)
        ]
        for start, end in _english_spans(text, matches_from(_EN_NUMBERED, text, starts), titled):
            before = street_name_before(text, start)
            spans.append((start if before < 0 else before, end, 0.75))
        # The patterns without a building number are slow to scan; run them only when
        # their anchor (a postcode, a flat word) is in the text.
        for postcode in matches_from(_POSTCODE, text, starts):
            spans.extend(_french_before_postcode(text, postcode.start()))
        if (
            "Flat" in text
            or "Studio" in text
            or "Apartment" in text
            or "Unit" in text
            or "Suite" in text
        ):
            flats = list(_EN_FLAT.finditer(text))
            spans.extend((s, e, 0.75) for s, e in _english_spans(text, flats, titled))
        if not titled:
            spans.extend(_lower_type_spans(text))
            spans.extend(_unnumbered_spans(text))
        spans.extend(continental_streets(text, titled))
        spans.extend(no_number_streets(text, titled))
        spans.extend(numbered_prefix_streets(text, starts))
        spans.extend(year_numbered_streets(text))
        spans.extend(po_boxes(text))
        spans.extend(unit_blocks(text))
        spans.extend(labelled_addresses(text))
        return self._blocks(text, spans)

    def _blocks(self, text: str, spans: list[tuple[int, int, float]]) -> list[RecognizerResult]:
        """Each street line found, widened to its address block, one result per line."""
        found: list[RecognizerResult] = []
        covered = -1
        # Several patterns often find one street; a core inside an address already
        # widened adds nothing, so it is not widened again.
        for start, end, score in sorted(spans, key=lambda s: (s[0], -s[1])):
            if end <= covered:
                continue
            end = _drop_trailing_unit_word(text, start, end)
            start, end, _ = extend_block(text, start, end)
            covered = max(covered, end)
            found.extend(_lines(text, start, end, score, self.name))
        return found


_LINE_MARGIN = " \t\n,>|•·?"


def _lines(text: str, start: int, end: int, score: float, name: str) -> list[RecognizerResult]:
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
            results.append(RecognizerResult(start, stop, "STREET_ADDRESS", score, name))
        start = line_end
        while start < end and text[start] in _LINE_MARGIN:
            start += 1
    return results


_TRAILING_UNIT = re.compile(rf"[ \t,]+(?:{COMMON_UNIT_WORDS})\.?$")
_UNIT_NUMBER_NEXT = re.compile(r"\.?[ \t]*#?[A-Za-z]?\d")


def _drop_trailing_unit_word(text: str, start: int, end: int) -> int:
    # A street pattern may swallow the unit word as part of the name ("Rue Gafsa Apt"):
    # give it back so that the block extension takes the whole unit ("Apt. 981").
    m = _TRAILING_UNIT.search(text, start, end)
    if m is None or not _UNIT_NUMBER_NEXT.match(text, end):
        return end  # "Patricia Flat" is a street named with a street type
    return m.start()
