"""Payment card numbers: issuer prefix, length and the Luhn checksum."""

from __future__ import annotations

import re

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer

# Each ASCII digit as the digit of its doubled value's digit sum (7 -> 14 -> 5).
_LUHN_DOUBLE = str.maketrans("0123456789", "0246813579")


def luhn_is_valid(digits: str) -> bool:
    """The Luhn checksum used by payment card numbers."""
    if digits.isascii() and digits.isdigit():
        # The sums run in C: a translate for the doubled digits, ord() for all of them.
        kept, doubled = digits[-1::-2], digits[-2::-2].translate(_LUHN_DOUBLE)
        total = sum(map(ord, kept)) + sum(map(ord, doubled)) - 48 * len(digits)
        return total % 10 == 0
    # Other scripts' digits ("٣") and other characters: the loop, whose arithmetic on
    # ord() gives them their own (meaningless but unchanged) values.
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Issuer prefixes: Visa, Mastercard, Amex, Discover, JCB, Diners, Maestro, UnionPay.
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|3[068]|5[06-9]|6|62)")
# JCB's older 15-digit numbers start 1800 or 2131; Maestro numbers (IIN ranges 50 and
# 56-69) may be only 12 digits long. Both are still issued and printed.
_JCB15 = re.compile(r"^(?:1800|2131)\d{11}$")
_MAESTRO12 = re.compile(r"^(?:50\d{10}|5[6-9]\d{10}|6\d{11})$")


class CreditCardRecognizer(PatternRecognizer):
    """Payment card numbers of 13-19 digits with a known issuer prefix and a valid Luhn."""

    name = "credit_card"
    entity_types = ("CREDIT_CARD",)
    needs_digit = True
    patterns = (
        Pattern(
            "card",
            re.compile(r"\d(?<![\d.,-]\d)(?:[ -]?\d){11,18}(?![\d]|[.,]\d)"),
            0.9,
            at_digit_runs=True,
        ),
    )
    negative_context = "numbers.lookalike"

    def validate(self, candidate: str, score: float) -> float | None:
        """Luhn, issuer prefix, and one kind of separator used consistently."""
        # The pattern leaves digits, spaces and hyphens: two kinds of separator is both.
        if " " in candidate and "-" in candidate:
            return None
        digits = candidate.replace(" ", "").replace("-", "")
        if len(digits) == 12:
            if not _MAESTRO12.match(digits):
                return None
        elif not 13 <= len(digits) <= 19:
            return None
        elif not _CARD_PREFIX.match(digits) and not _JCB15.match(digits):
            return None
        if len(set(digits)) == 1 or not luhn_is_valid(digits):
            return None
        return score
