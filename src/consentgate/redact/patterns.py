"""Pattern recognisers with validators: e-mail, URL, IP, IBAN, credit card, national ids.

Each is a regex that finds candidates cheaply plus a checksum or range check that
confirms them (Presidio's design). Nothing reaches the network: the e-mail check is
syntactic, where Presidio's calls tldextract.
"""

from __future__ import annotations

import ipaddress
import re

from consentgate.redact.base import Pattern, PatternRecognizer
from consentgate.redact.results import RecognizerResult

# Words that make a following number an order, product or document number, not PII.
# One optional word may sit between ("order number: ...", "commande n° ...").
LOOKALIKE_CONTEXT = re.compile(
    r"(?i)(?:\border|\bcommande|\bref|\bréf|\breference|\bréférence|\binvoice|\bfacture"
    r"|\bsku|\bproduct|\bproduit|\bmodel|\bmodèle|\bpart|\bticket|\btracking|\bsuivi"
    r"|\bcolis|\bserial|\bsérie|\bisbn|\bean|\bsiret|\bsiren|\barticle|\bversion|\bbuild"
    r"|\bbatch|\blot|\bparcel|\bdossier|\bcase|\bcode)\b\W{0,4}(?:[\w°]+\W{0,4})?$"
)


class EmailRecognizer(PatternRecognizer):
    """E-mail addresses (syntactic check only: no DNS, no public-suffix download)."""

    name = "email"
    entity_types = ("EMAIL",)
    needs_char = "@"
    patterns = (
        Pattern(
            "email",
            re.compile(
                r"(?<![\w.+-])[\w][\w.%+'-]*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,24}(?![\w-])"
            ),
            0.95,
        ),
    )

    def validate(self, candidate: str, score: float) -> float | None:
        """Reject consecutive dots, which no mail system accepts."""
        return None if ".." in candidate else score


# Common generic and country TLDs: a bare "example.fr" counts as a URL, "Node.js" does not.
# The TLD must be lower case: "ASP.NET" is a product, "asp.net" a host.
_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|ai|app|dev|info|biz|me|tv|xyz|online|site|tech|cloud"
    "|fr|uk|de|eu|ch|be|es|it|nl|ca|us|lu|at|pt|pl|se|no|dk|fi|ie|jp|cn|in|br|au|ru|mx|ar"
)
_TRAILING = ".,;:!?)]}'\"»"


class UrlRecognizer(PatternRecognizer):
    """Web addresses with a scheme, ``www.`` or a bare host ending in a common TLD."""

    name = "url"
    entity_types = ("URL",)
    needs_char = "."
    patterns = (
        Pattern(
            "scheme_or_www",
            re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"'\[\]{}|\\^`]+"),
            0.9,
        ),
        Pattern(
            "bare_host",
            re.compile(
                r"(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:"
                + _TLDS
                + r")"
                r"(?![\w@-]|\.\w)(?:/[^\s<>\"']*)?"
            ),
            0.6,
        ),
    )

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run the patterns, then trim sentence punctuation caught at the end."""
        results = super().analyze(text, lang)
        trimmed: list[RecognizerResult] = []
        for r in results:
            end = r.end
            while end > r.start + 1 and text[end - 1] in _TRAILING:
                end -= 1
            trimmed.append(RecognizerResult(r.start, end, r.type, r.score, r.recognizer))
        return trimmed


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(PatternRecognizer):
    """IPv4 (optionally with a CIDR suffix) and IPv6, validated by :mod:`ipaddress`."""

    name = "ip_address"
    entity_types = ("IP_ADDRESS",)
    patterns = (
        Pattern(
            "ipv4",
            re.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?:/\d{{1,2}})?(?![\w]|\.\d)"),
            0.85,
        ),
        Pattern(
            "ipv6",
            re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"),
            0.85,
        ),
    )
    # "version 1.2.3.4" / "v10.0.0.1" is a version number.
    negative_context = re.compile(r"(?i)(?:\bv|\bversion|\bbuild|\brelease|\bver\.?)\s*$")

    def validate(self, candidate: str, score: float) -> float | None:
        """Accept only addresses the standard library parses; IPv6 needs ``::`` or 8 groups."""
        if ":" in candidate:
            if "::" not in candidate and candidate.count(":") != 7:
                return None
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                return None
        return score


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


class IbanRecognizer(PatternRecognizer):
    """IBANs, grouped by four or not, confirmed by the mod-97 checksum."""

    name = "iban"
    entity_types = ("IBAN",)
    needs_digit = True
    patterns = (Pattern("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b"), 0.95),)

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
        return found


def luhn_is_valid(digits: str) -> bool:
    """The Luhn checksum used by payment card numbers."""
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


class CreditCardRecognizer(PatternRecognizer):
    """Payment card numbers of 13-19 digits with a known issuer prefix and a valid Luhn."""

    name = "credit_card"
    entity_types = ("CREDIT_CARD",)
    needs_digit = True
    patterns = (
        Pattern("card", re.compile(r"(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d]|[.,]\d)"), 0.9),
    )
    negative_context = LOOKALIKE_CONTEXT

    def validate(self, candidate: str, score: float) -> float | None:
        """Luhn, issuer prefix, and one kind of separator used consistently."""
        seps = {ch for ch in candidate if not ch.isdigit()}
        if len(seps) > 1:
            return None
        digits = candidate.replace(" ", "").replace("-", "")
        if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits):
            return None
        if len(set(digits)) == 1 or not luhn_is_valid(digits):
            return None
        return score
