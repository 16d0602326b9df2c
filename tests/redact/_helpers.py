"""Shared helpers for the redaction tests."""

from __future__ import annotations

from consentgate.redact import Recognizer, resolve_overlaps


def found(recognizer: Recognizer, text: str, lang: str) -> list[tuple[str, str]]:
    """(substring, type) of each resolved detection, in order."""
    return [
        (text[r.start : r.end], r.type) for r in resolve_overlaps(recognizer.analyze(text, lang))
    ]


def address_lines(expected: list[str]) -> list[tuple[str, str]]:
    """An address block is redacted line by line, its layout (indentation, quote marks) kept."""
    out = []
    for block in expected:
        for line in block.split("\n"):
            line = line.lstrip(" \t,>|•·?").rstrip(" \t,.>")
            if line:
                out.append((line, "STREET_ADDRESS"))
    return out


def person_names(recognizer: Recognizer, text: str, lang: str) -> list[str]:
    """The substrings of the PERSON detections, in order."""
    return [t for t, kind in found(recognizer, text, lang) if kind == "PERSON"]
