"""IBANs, grouped by four or not, confirmed by the ISO 13616 mod-97 checksum."""

from __future__ import annotations

import re

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon, lexicon_for

# Lengths of the IBAN of the countries members mostly live in; others use 15..34.
_IBAN_LENGTHS = {
    "FR": 27, "DE": 22, "GB": 22, "ES": 24, "IT": 27, "CH": 21, "BE": 16, "NL": 18,
    "LU": 20, "PT": 25, "IE": 22, "AT": 20, "MC": 27, "PL": 28, "SE": 24, "DK": 18,
    "FI": 18, "NO": 15, "GR": 27,
}  # fmt: skip


def iban_is_valid(compact: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN without spaces."""
    if len(compact) < 15 or len(compact) > 34 or not compact[:2].isalpha():
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def _iban_lower(lex: Lexicon) -> re.Pattern[str]:
    # "iban is gb42...", "iban : fr76...": the words between the label and the number.
    return re.compile(
        r"(?i:iban)[\s:]*(?:(?:" + lex.alternation("iban.label_words") + r")[\s:]*)?"
        r"([a-z]{2}\d{2}(?:[ -]?[a-z0-9]){11,30})\b"
    )


class IbanRecognizer(PatternRecognizer):
    """IBANs, grouped by four or not, confirmed by the mod-97 checksum.

    Lower-case IBANs ("gb42nawi0445...") count only right after the word "IBAN": in
    lower case the pattern matches too many ordinary identifiers to scan for it alone.
    """

    name = "iban"
    entity_types = ("IBAN",)
    needs_digit = True
    # Opens with a class and then looks behind (what "\b" said), so that the engine
    # skips to capitals instead of trying every position.
    patterns = (
        Pattern(
            "iban",
            re.compile(r"[A-Z](?<![\w][A-Z])[A-Z]\d{2}(?:[ -]?[A-Z0-9]){11,30}\b"),
            0.95,
        ),
    )

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Like the base, but shortens a candidate that swallowed a following word."""
        found: list[RecognizerResult] = []
        for match in self.patterns[0].regex.finditer(text):
            start, end = match.span()
            while end > start:
                compact = re.sub(r"[ -]", "", text[start:end])
                if iban_is_valid(compact):
                    found.append(RecognizerResult(start, end, "IBAN", 0.95, self.name))
                    break
                cut = max(text.rfind(" ", start, end), text.rfind("-", start, end))
                if cut <= start:
                    break
                end = cut
        if "iban" in text or "IBAN" in text or "Iban" in text:
            for match in lexicon_for(lang).derived(_iban_lower).finditer(text):
                candidate = match.group(1)
                if iban_is_valid(re.sub(r"[ -]", "", candidate).upper()):
                    start, end = match.span(1)
                    found.append(RecognizerResult(start, end, "IBAN", 0.9, self.name))
        return found
