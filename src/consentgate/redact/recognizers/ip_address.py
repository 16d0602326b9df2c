"""IP addresses, IPv4 and IPv6, confirmed by the standard library's parser; a dotted quad
that a version word surrounds ("version 1.2.3.4", "the 10.4.2.1 upgrade") is left."""

from __future__ import annotations

import ipaddress
import re

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer, preceded_by
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon, lexicon_for


def _version_after(lex: Lexicon) -> re.Pattern[str]:
    # "the 10.4.2.1 upgrade": a four-part version number, not an address.
    return re.compile(r"\s+(?i:" + lex.alternation("ip_address.version_after") + r")\b")


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
    # "version 1.2.3.4" / "v10.0.0.1" is a version number: words before (the pack's
    # ip_address.version_before) and after (ip_address.version_after) say so.

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run a pattern only when its separator occurs: the IPv6 one is slow on prose."""
        results: list[RecognizerResult] = []
        v4, v6 = self.patterns
        for pattern, needed in ((v4, "."), (v6, ":")):
            if needed in text:
                results.extend(self._run(pattern, text, lang))
        return results

    def _run(self, pattern: Pattern, text: str, lang: str) -> list[RecognizerResult]:
        found: list[RecognizerResult] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if self.validate(match.group(), pattern.score) is None:
                continue
            lex = lexicon_for(lang)
            # Three words back: "supporte encore la 4.6.18.2", "still supports 8.4.72.44".
            if preceded_by(text, start, lex.words("ip_address.version_before"), last=3):
                continue
            if lex.derived(_version_after).match(text, end):
                continue
            found.append(RecognizerResult(start, end, "IP_ADDRESS", pattern.score, self.name))
        return found

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
