"""E-mail addresses: a regex and a syntactic check (Presidio's design, without its DNS or
public-suffix download)."""

from __future__ import annotations

import re

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer


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
