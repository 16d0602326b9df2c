"""National identification numbers: French NIR (with its key), US SSN, UK NINO, and the
German tax id (Steuer-ID, checked by its digit rules and ISO 7064 check digit)."""

from __future__ import annotations

import re

from consentgate.redact.engine.digit_runs import digit_run_starts, matches_from
from consentgate.redact.engine.recognizer import Recognizer, preceded_by
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import lexicon_for

_S = r"[ .]?"
_NIR = re.compile(
    rf"([12])(?<![\w.][12]){_S}(\d{{2}}){_S}(0[1-9]|1[0-2]|[2-9]\d){_S}(\d{{2}}|2[AaBb])"
    rf"{_S}(\d{{3}}){_S}(\d{{3}}){_S}(\d{{2}})(?![\w]|[.,]\d)"
)
# Dashed or spaced SSN; the area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
# Each pattern opens with a character class (then looks behind), so that the regex engine
# can skip to candidate characters instead of trying every position of the text.
_SSN = re.compile(r"[0-8](?<![\w-][0-8])\d\d(?<!000|666)([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])")
# Nine bare digits are an SSN only when the text says so just before.
_SSN_BARE = re.compile(r"[0-8](?<![\w-][0-8])\d\d(?<!000|666)(?!00)\d{2}(?!0000)\d{4}(?![\w-])")
# "ssn", "social security" or "ss#" in any case, spelled out without the ignore-case
# flag so that the engine skips straight to an "s": under that flag it tries every
# position. "ſ" (long s) and "İ"/"ı" are what the flag also lets match "s" and "i".
_S, _I = "[sSſ]", "[iIİı]"
_SSN_HINT = re.compile(
    rf"{_S}(?:{_S}(?:[nN]|#)|[oO][cC]{_I}[aA][lL] {_S}[eE][cC][uU][rR]{_I}[tT][yY])"
)
_SSN_CONTEXT = re.compile(r"(?i)(?:ssn|social security(?: number| no\.?)?|ss#)\W{0,4}$")
_NINO = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<![\w][A-Z])[A-CEGHJ-NPR-TW-Z](?<!BG|GB|NK|KN|TN|NT|ZZ)"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])"
)


def nir_key_is_valid(number13: str, key: str) -> bool:
    """The NIR key is 97 minus the 13-digit number mod 97 (Corsica: 2A -> 19, 2B -> 18)."""
    value = int(number13.upper().replace("2A", "19").replace("2B", "18"))
    return 97 - value % 97 == int(key)


class NationalIdRecognizer(Recognizer):
    """French NIR / numéro de sécurité sociale, US SSN and UK National Insurance numbers."""

    name = "national_id"
    entity_types = ("NATIONAL_ID",)
    needs_digit = True

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Find each kind of number with its own check."""
        found: list[RecognizerResult] = []
        # The NIR and SSN patterns open with a digit that no word character precedes:
        # they are tried where a digit run starts.
        starts = digit_run_starts(text)
        for m in matches_from(_NIR, text, starts):
            if nir_key_is_valid("".join(m.groups()[:6]), m.group(7)):
                found.append(RecognizerResult(m.start(), m.end(), "NATIONAL_ID", 0.95, "nir"))
        for m in matches_from(_SSN, text, starts):
            if not _lookalike(text, m.start(), lang):
                found.append(RecognizerResult(m.start(), m.end(), "NATIONAL_ID", 0.85, "us_ssn"))
        bare = matches_from(_SSN_BARE, text, starts) if _SSN_HINT.search(text) else []
        for m in bare:
            if _SSN_CONTEXT.search(text, max(0, m.start() - 30), m.start()):
                found.append(RecognizerResult(m.start(), m.end(), "NATIONAL_ID", 0.85, "us_ssn"))
        for m in _NINO.finditer(text):
            if not _lookalike(text, m.start(), lang):
                found.append(RecognizerResult(m.start(), m.end(), "NATIONAL_ID", 0.85, "uk_nino"))
        return found


def _lookalike(text: str, start: int, lang: str) -> bool:
    return preceded_by(text, start, lexicon_for(lang).words("numbers.lookalike"))


# The German tax id (Steuer-Identifikationsnummer): eleven digits, written whole or
# grouped 2-3-3-3 ("12 345 678 901"), opening with a digit that no digit precedes.
_TAX_ID = re.compile(r"\d(?<![\w.,/-]\d)(?:\d{10}|\d[ ]\d{3}[ ]\d{3}[ ]\d{3})(?![\w]|[.,/-]\d)")


def tax_id_is_valid(number: str) -> bool:
    """The rules of a German tax id: no leading 0; among the first ten digits one digit
    twice or three times (not three in a row) and the others once; and the last digit
    the ISO 7064 MOD 11,10 check digit of the first ten."""
    digits = number.replace(" ", "")
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    body = digits[:10]
    counts = sorted((body.count(d) for d in set(body)), reverse=True)
    if counts[0] not in (2, 3) or any(c != 1 for c in counts[1:]):
        return False
    if counts[0] == 3 and any(body[i] == body[i + 1] == body[i + 2] for i in range(8)):
        return False
    product = 10
    for ch in body:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(digits[10])


class GermanTaxIdRecognizer(Recognizer):
    """The German tax id (Steuer-ID), confirmed by its digit rules and check digit."""

    name = "de_tax_id"
    entity_types = ("NATIONAL_ID",)
    languages = ("de",)
    needs_digit = True

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Eleven digits, whole or 2-3-3-3, that pass the rules and are no order number."""
        found: list[RecognizerResult] = []
        for m in matches_from(_TAX_ID, text, digit_run_starts(text)):
            if tax_id_is_valid(m.group()) and not _lookalike(text, m.start(), lang):
                found.append(RecognizerResult(m.start(), m.end(), "NATIONAL_ID", 0.85, self.name))
        return found
