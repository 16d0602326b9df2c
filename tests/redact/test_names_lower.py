"""PERSON in lower-case texts (names of one locale, lists, speakers) and lone speakers.

Found with the `fresh-names` and `unknown-names` probes of benchmarks/pii_probe.py (half
A with other names of 24 locales). The names are made up or common ones.
"""

from __future__ import annotations

import pytest

from consentgate.redact import NameRecognizer

from ._helpers import found

_RECOGNIZER = NameRecognizer()


def _names(text: str, lang: str) -> list[str]:
    return [t for t, kind in found(_RECOGNIZER, text, lang) if kind == "PERSON"]


LOWER_CASES = [
    # Any first name (one locale's, or a word's) before a known surname that is no word.
    ("en", "follow up with jade dumont in a couple of months.", ["jade dumont"]),
    ("en", "the toralf norling band played last night", ["toralf norling"]),
    # A list most of whose items are known names, of one locale or more.
    (
        "en",
        "they had 6: liva, gunita, jade, marijana, møller and henriette.",
        ["liva", "gunita", "jade", "marijana", "møller", "henriette"],
    ),
    # A dialogue's speakers: a known name opening a line before a colon and a quote.
    (
        "en",
        'toralf: "who are you?"\nnorling:"i\'m here".',
        ["toralf", "norling"],
    ),
    # Look-alikes: a garden of roses, a list of fruit, labels before a quote.
    ("en", "we planted a rose garden", []),
    ("en", "we bought apples, pears, plums and figs", []),
    ("en", 'note: "who are you?"\nanswer:"me".', []),
    ("en", "you will smith the metal", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_CASES)
def test_lower_case_names(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# One speaker in no list whose every turn is a quote; not labels, nor turns unquoted.
SPEAKER_CASES = [
    (
        "en",
        'Torvasson: "Who are you?"\nTorvasson:"I\'m here".',
        ["Torvasson", "Torvasson"],
    ),
    ("en", "Torvasson: Who are you?\nTorvasson: I am here.", []),
    ("en", 'Warning: "disk full"\nWarning: "disk full"', []),
    ("en", 'Note: "Who are you?"\nNote:"hello".', []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SPEAKER_CASES)
def test_a_lone_speaker_of_quoted_turns(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected
