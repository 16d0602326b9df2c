"""Shared helpers for the redaction tests."""

from __future__ import annotations

import pytest

from consentgate.redact import Recognizer, Redactor, resolve_overlaps


def found(recognizer: Recognizer, text: str, lang: str) -> list[tuple[str, str]]:
    """(substring, type) of each resolved detection, in order."""
    return [
        (text[r.start : r.end], r.type) for r in resolve_overlaps(recognizer.analyze(text, lang))
    ]


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """A redactor that knows three members."""
    return Redactor(["Léa Moreau", "John Smith", "Jean-Pierre de La Tour"])
