"""Phone numbers, confirmed by Google's ``phonenumbers`` metadata.

``phonenumbers.PhoneNumberMatcher`` rescans the whole text once per region, so its
cost grows with the regions supported. Instead one regex finds digit runs that could
be phone numbers, and only those few candidates are parsed, against the regions the
language makes likely (a leading ``+`` or ``00`` needs no region at all).
"""

from __future__ import annotations

import re

import phonenumbers

from consentgate.redact.base import Recognizer
from consentgate.redact.results import RecognizerResult

_CANDIDATE = re.compile(
    r"(?<![\w+/.,$€£-])(?:\+|00)?(?:\(\s?\+?\d{1,4}\s?\)\s?)?\(?\d[\d \t.\-()/]{5,22}\d"
    r"(?:\s?(?:x|ext\.?|poste)\s?\d{1,5})?(?![\w]|[.,]\d)"
)
# An amount, not a number to call: "12 345 678 €", "1 234 567 euros".
_CURRENCY_AFTER = re.compile(
    r"\s?(?:€|\$|£|k€|M€|eur\b|euros?\b|usd\b|dollars?\b|gbp\b|chf\b)", re.I
)
_EXTENSION = re.compile(r"\s?(?:x|ext\.?|poste)\s?\d{1,5}$")
_DATE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
# Formats people use for national numbers, accepted when phonenumbers says "possible"
# even if the number range is unassigned (fake and new numbers are still phone numbers).
_GROUPED = re.compile(
    r"^(?:\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"  # NANP 415-555-0134, (415) 555-0134
    r"|0\d(?:[ .-]\d{2}){4}"  # FR 06 12 34 56 78
    r"|0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}"  # GB 020 7946 0958, DE 030 1234 5678
    r"|\d{3}[ .]\d{3}[ .]\d{3})$"  # ES 612 345 678
)
_PHONE_CONTEXT = re.compile(
    r"(?i)(?:\border|\bcommande|\bref|\bréf|\binvoice|\bfacture|\bsku|\bticket|\btracking"
    r"|\bsuivi|\bcolis|\bsiret|\bsiren|\btva|\bvat|\bisbn|\bean|\bserial|\bsérie"
    r"|\barticle|\bproduct|\bproduit|\bparcel|\bdossier|\bcase|\bversion|\bcode)"
    r"\b\W{0,4}(?:[\w°]+\W{0,4})?$"
)

_REGIONS_BY_LANG: dict[str, tuple[str, ...]] = {
    "fr": ("FR", "CH", "BE", "GB", "DE", "US", "ES", "IT"),
    "en": ("US", "GB", "FR", "DE", "CH", "ES", "IT"),
}
_DEFAULT_REGIONS = ("US", "GB", "FR", "DE", "CH", "ES", "IT")


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
        regions = self._regions or _REGIONS_BY_LANG.get(lang, _DEFAULT_REGIONS)
        for match in _CANDIDATE.finditer(text):
            start, end = match.span()
            raw = match.group()
            # A candidate may end on a bracket or separator that is not part of the number.
            while raw and raw[-1] in " \t.-(/":
                raw = raw[:-1]
            while raw.endswith(")") and raw.count("(") < raw.count(")"):
                raw = raw[:-1]
            end = start + len(raw)
            score = self._score(raw, regions)
            if score is None:
                continue
            if _PHONE_CONTEXT.search(text, max(0, start - 24), start):
                continue
            if _CURRENCY_AFTER.match(text, end):
                continue
            found.append(RecognizerResult(start, end, "PHONE", score, self.name))
        return found

    def _score(self, raw: str, regions: tuple[str, ...]) -> float | None:
        body = _EXTENSION.sub("", raw)
        if _DATE.match(body):
            return None
        digits = sum(ch.isdigit() for ch in body)
        if digits < 8 or digits > 15:
            return None
        international = body.startswith(("+", "00", "(+"))
        if international:
            normal = "+" + body.lstrip("(+0") if body.startswith("00") else body
            number = _parse(normal, None)
            if number is None:
                return None
            if phonenumbers.is_valid_number(number):
                return 0.85
            return 0.6 if phonenumbers.is_possible_number(number) else None
        if body.isdigit() and body[0] != "0" and len(body) != 10:
            # A bare run like 123456789 is far more often an id than a phone number;
            # only the ten digits of a North American number are let through.
            return None
        for region in regions:
            number = _parse(body, region)
            if number is not None and phonenumbers.is_valid_number(number):
                return 0.75
        if _GROUPED.match(body):
            for region in regions:
                number = _parse(body, region)
                if number is not None and phonenumbers.is_possible_number(number):
                    return 0.55
        return None


def _parse(body: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(body, region)
    except phonenumbers.NumberParseException:
        return None
