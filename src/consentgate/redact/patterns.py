"""Pattern recognisers with validators: e-mail, URL, IP, IBAN, credit card, national ids.

Each is a regex that finds candidates cheaply plus a checksum or range check that
confirms them (Presidio's design). Nothing reaches the network: the e-mail check is
syntactic, where Presidio's calls tldextract.
"""

from __future__ import annotations

import ipaddress
import re
import string

from consentgate.redact.base import Pattern, PatternRecognizer, preceded_by
from consentgate.redact.results import RecognizerResult

# Words that make a following number an order, product or document number, not PII.
# One word may sit between ("order number: ...", "commande n° ...").
LOOKALIKE_WORDS = frozenset(
    """order orders commande commandes ref réf reference référence invoice facture sku
    product produit model modèle part ticket tracking suivi colis serial série isbn ean
    siret siren article version build batch lot parcel dossier case code""".split()
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
                r"[\w](?<![\w.+-].)[\w.%+'-]*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,24}(?![\w-])"
            ),
            0.95,
            anchor=re.compile("@"),
            back=64,  # the longest local part RFC 5321 allows
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
# "www." (any case) or ".tld", both found from their dot ("://" is a substring test).
# A pattern that opens with one literal character is scanned for it at C speed; one
# that opens with a class, even of four characters, costs a set test at every position.
_URL_DOT_HINT = re.compile(r"\.(?:(?<=[wW]{3}\.)|(?i:" + _TLDS + r")\b)")


def _may_hold_url(text: str) -> bool:
    return "://" in text or _URL_DOT_HINT.search(text) is not None


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
            anchor=re.compile(r"[:wW](?:(?<=:)//|(?<=[wW])[wW]{2}\.)"),
            back=5,  # "https"
        ),
        Pattern(
            "bare_host",
            re.compile(
                r"(?=[A-Za-z0-9])(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:"
                + _TLDS
                + r")"
                r"(?![\w@-]|\.\w)(?:/[^\s<>\"']*)?"
            ),
            0.6,
            # Every host ends in ".tld": the search starts where the host's run of
            # letters, digits, dots and hyphens before it starts.
            anchor=re.compile(r"\.(?:" + _TLDS + r")(?![\w@-]|\.\w)"),
            back=253,
            back_chars=string.ascii_letters + string.digits + ".-",
        ),
    )

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run the patterns, then trim sentence punctuation caught at the end."""
        # The host pattern tries every word; most texts have no TLD or scheme at all.
        if not _may_hold_url(text):
            return []
        results = super().analyze(text, lang)
        trimmed: list[RecognizerResult] = []
        for r in results:
            end = r.end
            while end > r.start + 1 and text[end - 1] in _TRAILING:
                end -= 1
            trimmed.append(RecognizerResult(r.start, end, r.type, r.score, r.recognizer))
        return trimmed


# "the 10.4.2.1 upgrade": a four-part version number, not an address.
_VERSION_AFTER = re.compile(
    r"\s+(?i:release|upgrade|update|version|build|patch|roadmap|mise à jour|est en ligne)\b"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(PatternRecognizer):
    """IPv4 (optionally with a CIDR suffix) and IPv6, validated by :mod:`ipaddress`."""

    name = "ip_address"
    entity_types = ("IP_ADDRESS",)
    patterns = (
        Pattern(
            "ipv4",
            re.compile(rf"(?=\d)(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?:/\d{{1,2}})?(?![\w]|\.\d)"),
            0.85,
            # The first dot between digits, searched as a literal: the address opens
            # with the octet before it.
            anchor=re.compile(r"\.(?<=\d\.)(?=\d)"),
            back=3,
        ),
        Pattern(
            "ipv6",
            re.compile(
                r"(?=[0-9A-Fa-f:])(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"
            ),
            0.85,
            anchor=re.compile(r":[0-9A-Fa-f]{0,4}:"),  # two colons after the first group
            back=4,
        ),
    )
    # "version 1.2.3.4" / "v10.0.0.1" is a version number.

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run a pattern only when its separator occurs: the IPv6 one is slow on prose."""
        results: list[RecognizerResult] = []
        v4, v6 = self.patterns
        for pattern, needed in ((v4, "."), (v6, ":")):
            if needed in text:
                results.extend(self._run(pattern, text))
        return results

    def _run(self, pattern: Pattern, text: str) -> list[RecognizerResult]:
        found: list[RecognizerResult] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if self.validate(match.group(), pattern.score) is None:
                continue
            # Three words back: "supporte encore la 4.6.18.2", "still supports 8.4.72.44".
            if preceded_by(text, start, self.negative_context, last=3):
                continue
            if _VERSION_AFTER.match(text, end):
                continue
            found.append(RecognizerResult(start, end, "IP_ADDRESS", pattern.score, self.name))
        return found

    # Words that make a dotted quad a software version: releases, updates, and what is
    # said of versions - supported, compatible, on a roadmap ("feuille de route").
    negative_context = frozenset(
        """version versions build release ver v jour update upgrade patch firmware sdk
        support supports supported supporte supportent compatible compatibility
        compatibilite roadmap route""".split()
    )

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


_IBAN_LOWER = re.compile(
    r"(?i:iban)[\s:]*(?:(?:is|est|number|no\.?|n°)[\s:]*)?([a-z]{2}\d{2}(?:[ -]?[a-z0-9]){11,30})\b"
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
            for match in _IBAN_LOWER.finditer(text):
                candidate = match.group(1)
                if iban_is_valid(re.sub(r"[ -]", "", candidate).upper()):
                    start, end = match.span(1)
                    found.append(RecognizerResult(start, end, "IBAN", 0.9, self.name))
        return found


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
    negative_context = LOOKALIKE_WORDS

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
