"""Phone numbers, confirmed by Google's ``phonenumbers`` metadata.

``phonenumbers.PhoneNumberMatcher`` rescans the whole text once per region, so its
cost grows with the regions supported. Instead one regex finds digit runs that could
be phone numbers, and only those few candidates are parsed, against the regions the
language makes likely (a leading ``+`` or ``00`` needs no region at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from consentgate.redact.engine.digit_runs import digit_run_starts, matches_from
from consentgate.redact.engine.recognizer import Recognizer, preceded_by
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import NEUTRAL, Lexicon, lexicon_for, load_pack, pack_codes


# A comma before the number is allowed unless a digit precedes it ("1,234"): lists such
# as "Office,+44 7700 900123" glue numbers to the previous field.
#
# Read as: (?<![\w+/.$€£-])(?<!\d,) (?:\+|00)? (?:\(\s?\+?\d{1,4}\s?\)\s?)? \(?\d TAIL.
# It is written to consume its first character ("+", "(" or a digit) and then to
# branch on it, the branches tried in the order of that reading, because a pattern
# that opens with a lookahead makes the engine try every position of the text. TAIL
# may end with an extension ("x 12", "poste 12": the pack's phone.extension words).
def _candidate(extension: str) -> re.Pattern[str]:
    tail = rf"[\d \t.\-()/]{{5,22}}\d(?:\s?(?:{extension})\s?\d{{1,5}})?(?![\w]|[.,]\d)"
    after_prefix = rf"(?:\(\s?\+?\d{{1,4}}\s?\)\s?)?\(?\d{tail}"
    return re.compile(
        r"[+(\d](?<![\w+/.$€£-][+(\d])(?<!\d,[+(\d])"
        rf"(?:(?<=\+){after_prefix}|(?<=0)0{after_prefix}"
        rf"|(?<=\()\s?\+?\d{{1,4}}\s?\)\s?\(?\d{tail}|(?<=\()\d{tail}|(?<=\d){tail})"
    )


@dataclass(frozen=True, slots=True)
class _PhoneWords:
    """What the phone recogniser reads of a lexicon, compiled once per group of packs."""

    candidate: re.Pattern[str]
    extension: re.Pattern[str]
    # Every extension word holds one of these ("x" of "ext"): most numbers hold none.
    extension_marks: tuple[str, ...]
    # An amount, not a number to call: "12 345 678 €", "1 234 567 euros".
    currency_after: re.Pattern[str]
    not_after: frozenset[str]
    cues: frozenset[str]
    cue_after: re.Pattern[str]


def _phone_words(lex: Lexicon) -> _PhoneWords:
    extension = lex.alternation("phone.extension")
    heads = {re.match(r"\w*", item).group() for item in lex.ordered("phone.extension")}  # type: ignore[union-attr]
    marks = tuple(sorted(h for h in heads if h and not any(o != h and o in h for o in heads)))
    return _PhoneWords(
        candidate=_candidate(extension),
        extension=re.compile(rf"\s?(?:{extension})\s?\d{{1,5}}$"),
        extension_marks=marks,
        currency_after=re.compile(r"\s?(?:" + lex.alternation("phone.currency_after") + ")", re.I),
        not_after=lex.words("phone.not_after"),
        cues=lex.words("phone.cues"),
        cue_after=re.compile(r"[\s-]*(?i:" + lex.alternation("phone.cue_after") + r")\b"),
    )


_NON_DIGIT = re.compile(r"\D")
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_DATE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
# Formats people use for national numbers, accepted when phonenumbers says "possible"
# even if the number range is unassigned (fake and new numbers are still phone numbers).
_GROUPED = re.compile(
    r"^(?:\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"  # NANP 415-555-0134, (415) 555-0134
    r"|0\d(?:[ .-]\d{2}){4}"  # FR 06 12 34 56 78
    r"|0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}"  # GB 020 7946 0958, DE 030 1234 5678
    r"|\d{3}[ .]\d{3}[ .]\d{3})$"  # ES 612 345 678
)


def regions_for(lang: str) -> tuple[str, ...]:
    """The regions whose national numbers a text in ``lang`` is parsed against, in order:
    its pack's phone.regions, or the neutral pack's for a language with no pack."""
    found = _REGIONS.get(lang)
    if found is None:
        pack = load_pack(lang if lang in pack_codes() else NEUTRAL)
        found = _REGIONS[lang] = pack.lists["phone.regions"]
    return found


_REGIONS: dict[str, tuple[str, ...]] = {}


class PhoneRecognizer(Recognizer):
    """Phone numbers in national and international formats (FR, GB, US, DE, CH, ES, IT...)."""

    name = "phone"
    entity_types = ("PHONE",)
    needs_digit = True

    def __init__(self, regions: tuple[str, ...] | None = None) -> None:
        self._regions = regions

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Parse each digit-run candidate; keep valid numbers and well-grouped possible ones."""
        found: list[RecognizerResult] = []
        regions = self._regions or regions_for(lang)
        words = lexicon_for(lang).derived(_phone_words)
        for match in matches_from(words.candidate, text, _candidate_starts(text)):
            start, end = match.span()
            raw = match.group()
            # A candidate may end on a bracket or separator that is not part of the number.
            while raw and raw[-1] in " \t.-(/":
                raw = raw[:-1]
            while raw.endswith(")") and raw.count("(") < raw.count(")"):
                raw = raw[:-1]
            end = start + len(raw)
            if preceded_by(text, start, words.not_after):
                continue
            if words.currency_after.match(text, end):
                continue
            score = self._score(raw, regions, words)
            if score is None:
                score = self._by_context(text, start, end, raw, words)
            if score is None:
                continue
            found.append(RecognizerResult(start, end, "PHONE", score, self.name))
        return found

    @staticmethod
    def _by_context(text: str, start: int, end: int, raw: str, words: _PhoneWords) -> float | None:
        """A number phonenumbers rejects still counts when the text calls it a phone."""
        digits = len(_NON_DIGIT.sub("", raw))
        if not 7 <= digits <= 15 or _DATE.match(raw) or _DOTTED_QUAD.match(raw):
            return None
        # "call me on 9472 7916": the cue may be three words back.
        if preceded_by(text, start, words.cues, last=3) or words.cue_after.match(text, end):
            return 0.5
        return None

    def _score(self, raw: str, regions: tuple[str, ...], words: _PhoneWords) -> float | None:
        has_mark = False
        for mark in words.extension_marks:
            if mark in raw:
                has_mark = True
                break
        body = words.extension.sub("", raw) if has_mark else raw
        digits = _NON_DIGIT.sub("", body)
        if len(digits) < 8 or len(digits) > 15:
            return None
        if _DATE.match(body) or _DOTTED_QUAD.match(body):
            return None
        if body.startswith(("+", "00", "(+")):
            normal = "+" + body.lstrip("(+0") if body.startswith("00") else body
            number = _parse(normal, None)
            # A known country code after "+" is strong evidence: the (cheap) length
            # check suffices, and new or fictional ranges still count.
            if number is None or not phonenumbers.is_possible_number(number):
                return None
            return 0.85
        if body.isdigit() and body[0] != "0" and len(body) != 10:
            # A bare run like 123456789 is far more often an id than a phone number;
            # only the ten digits of a North American number are let through.
            return None
        # Parse only against regions whose national numbers have this shape: each parse
        # costs ~10 us, and most candidates fit one or two regions.
        grouped = _GROUPED.match(body) is not None
        for region in regions:
            if not _fits(region, digits):
                continue
            number = _parse(body, region)
            if number is None:
                continue
            # A number grouped the way people write phone numbers needs only a plausible
            # length; an ungrouped digit run must be in an assigned range.
            if grouped and phonenumbers.is_possible_number(number):
                return 0.7
            if not grouped and phonenumbers.is_valid_number(number):
                return 0.75
        return None


# (leading digit "0" or not, shortest, longest) of national numbers as people write them.
_SHAPES: dict[str, tuple[bool, int, int]] = {
    "FR": (True, 10, 10), "BE": (True, 9, 10), "CH": (True, 10, 10), "GB": (True, 10, 11),
    "DE": (True, 6, 13), "AT": (True, 6, 13), "IT": (True, 6, 11), "ES": (False, 9, 9),
    "US": (False, 10, 11), "CA": (False, 10, 11),
}  # fmt: skip


def _fits(region: str, digits: str) -> bool:
    shape = _SHAPES.get(region)
    if shape is None:
        return True
    trunk, shortest, longest = shape
    if not shortest <= len(digits) <= longest:
        return False
    if region == "IT":
        return digits[0] in "03"  # landlines keep their 0, mobiles start with 3
    return (digits[0] == "0") == trunk


def _candidate_starts(text: str) -> list[int]:
    """Where a candidate may open: every "+" and "(", and every digit run's first digit.

    Those hold each candidate's first character (a digit one has no word character
    before it), so the pattern tried there alone finds what a whole-text scan finds.
    """
    starts = digit_run_starts(text)
    signs = [at for sign in "+(" for at in _positions(text, sign)]
    return sorted(starts + signs) if signs else starts


def _positions(text: str, char: str) -> list[int]:
    found = []
    at = text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _parse(body: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(body, region)
    except phonenumbers.NumberParseException:
        return None
