"""Web addresses: a scheme, "www." or a bare host ending in a common top-level domain."""

from __future__ import annotations

import re
import string

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer
from consentgate.redact.engine.results import RecognizerResult

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
