"""Names of the platform's own members, all matched at once with an Aho-Corasick automaton.

pyahocorasick matches substrings of exactly the keys it was given, so the text is
folded first (lower case, no accents, same length, see :func:`lexicon.fold`) and each
hit is kept only when it starts and ends on a word boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import ahocorasick

from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.text import fold

_SPACES = re.compile(r"\s+")


def name_keys(full_name: str) -> set[str]:
    """Folded forms of a name to look for: "first last" and "last first"."""
    tokens = _SPACES.split(fold(full_name).strip())
    tokens = [t for t in tokens if t]
    if len(tokens) < 2:
        # A lone word ("Cher") would match everyday text; members are matched by full name.
        return set()
    keys = {" ".join(tokens), " ".join([tokens[-1], *tokens[:-1]])}
    if len(tokens) > 2:
        # "Jean-Pierre de La Tour" also appears as "Jean-Pierre Tour"... and surname first.
        keys.add(" ".join([tokens[0], tokens[-1]]))
        keys.add(" ".join([*tokens[1:], tokens[0]]))
    return keys


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class MemberNameRecognizer(Recognizer):
    """Finds any member's full name, case- and accent-insensitively, on word boundaries."""

    name = "member_names"
    entity_types = ("PERSON",)
    uses_folded = True

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: tuple[str, ...] = tuple(dict.fromkeys(n for n in names if n))
        self._automaton: Any = None

    @classmethod
    def from_names(cls, names: Iterable[str]) -> MemberNameRecognizer:
        """Build the recogniser from members' full names ("Léa Moreau")."""
        return cls(names)

    @property
    def names(self) -> tuple[str, ...]:
        """The member names this recogniser was built from."""
        return self._names

    def __len__(self) -> int:
        return len(self._names)

    def _build(self) -> Any:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for name in self._names:
            for key in name_keys(name):
                automaton.add_word(key)
        if len(automaton) > 0:
            automaton.make_automaton()
        return automaton

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Every member name in ``text``; nested or overlapping hits are left to the resolver."""
        return self.analyze_folded(text, fold(text), lang)

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """:meth:`analyze` on the text already folded by the caller."""
        if self._automaton is None:
            self._automaton = self._build()
        automaton = self._automaton
        if len(automaton) == 0:
            return []
        found: list[RecognizerResult] = []
        size = len(text)
        for last, length in automaton.iter(folded):
            start = last - length + 1
            end = last + 1
            if start > 0 and _is_word_char(folded[start - 1]):
                continue
            if end < size and _is_word_char(folded[end]):
                continue
            found.append(RecognizerResult(start, end, "PERSON", 1.0, self.name))
        return found

    # Pickle the names only: the automaton is rebuilt on first use in the worker.
    def __getstate__(self) -> dict[str, Any]:
        return {"names": self._names}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._names = state["names"]
        self._automaton = None

    def to_dict(self) -> dict[str, object]:
        """Describe the recogniser without listing the names (they are personal data)."""
        data = super().to_dict()
        data["member_count"] = len(self._names)
        return data
