"""Names of erased members, known only as keyed hashes: the suppression list's recogniser.

Erasing a member takes their name out of the member names; without more, a post of
another member that names them ("Merci à Cyprien Delacroix…") would reach the next dataset
in clear. Erasure therefore keeps, per folded name key (:func:`members.name_keys`: "first
last", "last first", ...), a keyed BLAKE2b hash of the key and one of its first word, never
the name. This recogniser folds nothing itself (the redactor passes the folded text), cuts
the text into words, and hashes a window of 2..n words only where its first word's hash is
one of the list's first-word hashes. What it learnt of each token is cached, so a text of
known tokens costs a split and one set test. An empty list is never registered.

Whoever holds the key can test a guessed name against the list; without it the hashes say
nothing (docs/policy.md, "Suppression list").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.namekeys import name_keys

# A word: letters/digits, with inner hyphens or apostrophes ("jean-pierre", "o'brien").
WORD = re.compile(r"\w+(?:['\-]\w+)*")
# What may separate two words of a name in a text: spaces, and at most one comma
# ("Delacroix, Cyprien").
_GAP = re.compile(r"\s*,?\s+|\s*,\s*")
_CACHE_LIMIT = 1 << 20  # words remembered as known non-matches before the cache is reset


def keyed_hash(key: bytes, text: str, person: bytes) -> str:
    """Keyed BLAKE2b (128 bits, hex) of a folded text, domain-separated by `person`."""
    return hashlib.blake2b(text.encode(), key=key, digest_size=16, person=person).hexdigest()


def key_hash(key: bytes, words: str) -> str:
    """The hash of a whole name key ("cyprien delacroix")."""
    return keyed_hash(key, words, b"cg-supp-name")


def first_hash(key: bytes, word: str) -> str:
    """The hash of a name key's first word ("cyprien")."""
    return keyed_hash(key, word, b"cg-supp-first")


def normal_words(text: str) -> list[str]:
    """The words of a folded text, as this recogniser reads them."""
    return WORD.findall(text)


@dataclass(frozen=True, slots=True, order=True)
class SuppressedName:
    """One folded name key of an erased member, as hashes only."""

    key_hash: str
    first_hash: str
    words: int


def suppression_entries(name: str, key: bytes) -> list[SuppressedName]:
    """The entries that keep `name` recognisable: one per name key, sorted."""
    out: set[SuppressedName] = set()
    for name_key in name_keys(name):
        words = normal_words(name_key)
        if len(words) < 2:
            continue
        joined = " ".join(words)
        out.add(SuppressedName(key_hash(key, joined), first_hash(key, words[0]), len(words)))
    return sorted(out)


@dataclass(frozen=True, slots=True)
class SuppressionList:
    """The workspace's suppression list: its key and the erased members' name hashes."""

    key: bytes = field(repr=False)
    entries: tuple[SuppressedName, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def digest(self) -> str:
        """BLAKE2b over the entries (sorted): names the list in manifests and fingerprints."""
        digest = hashlib.blake2b(digest_size=32, person=b"cg-suppression")
        for entry in sorted(set(self.entries)):
            digest.update(f"{entry.key_hash}:{entry.first_hash}:{entry.words}\n".encode())
        return digest.hexdigest()

    def present(self, folded: str) -> SuppressionList:
        """The entries whose first word occurs in `folded` (a superset of what can match)."""
        if not self.entries:
            return self
        firsts = {first_hash(self.key, w) for w in set(normal_words(folded))}
        return SuppressionList(self.key, tuple(e for e in self.entries if e.first_hash in firsts))


class SuppressedNameRecognizer(Recognizer):
    """Finds erased members' names (folded, in any word order the list holds) as PERSON."""

    name = "suppressed_names"
    entity_types = ("PERSON",)
    uses_folded = True

    def __init__(self, suppression: SuppressionList | None = None) -> None:
        self._suppression = suppression or SuppressionList(b"")
        self._setup()

    def _setup(self) -> None:
        entries = self._suppression.entries
        self._keys = frozenset(e.key_hash for e in entries)
        self._firsts = frozenset(e.first_hash for e in entries)
        self._lengths = tuple(sorted({e.words for e in entries}))
        # Caches of the prefilter, by whitespace-separated token ("delacroix," included):
        # tokens holding a word whose hash is a first-word hash, and tokens known not to.
        self._hot: set[str] = set()
        self._cold: set[str] = set()
        self._first_words: set[str] = set()  # the words themselves, for the windows

    def __len__(self) -> int:
        return len(self._suppression)

    def _classify(self, tokens: Iterable[str]) -> None:
        if len(self._cold) > _CACHE_LIMIT:
            self._cold.clear()
        key = self._suppression.key
        for token in tokens:
            firsts = [w for w in WORD.findall(token) if first_hash(key, w) in self._firsts]
            if firsts:
                self._hot.add(token)
                self._first_words.update(firsts)
            else:
                self._cold.add(token)

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        return self.analyze_folded(text, fold(text), lang)

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """Every window of words whose hash is on the list; spans in `text` (same offsets)."""
        if not self._keys:
            return []
        # The common case costs a split and a set test: every token already known cold.
        tokens = folded.split()
        if self._cold.issuperset(tokens):
            return []
        self._classify({t for t in tokens if t not in self._cold and t not in self._hot})
        if self._hot.isdisjoint(tokens):
            return []
        return self._windows(folded)

    def _windows(self, folded: str) -> list[RecognizerResult]:
        spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
        key = self._suppression.key
        found: list[RecognizerResult] = []
        for i, (start, _end, word) in enumerate(spans):
            if word not in self._first_words:
                continue
            for length in self._lengths:
                window = spans[i : i + length]
                if len(window) < length or not _joined_by_gaps(folded, window):
                    continue
                if key_hash(key, " ".join(w for _, _, w in window)) in self._keys:
                    found.append(RecognizerResult(start, window[-1][1], "PERSON", 1.0, self.name))
        return found

    # Pickle the list only: the word caches are rebuilt in the worker.
    def __getstate__(self) -> dict[str, Any]:
        return {"suppression": self._suppression}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._suppression = state["suppression"]
        self._setup()

    def to_dict(self) -> dict[str, object]:
        """Describe the recogniser by its list's size and digest, never its entries."""
        data = super().to_dict()
        data["entries"] = len(self._suppression)
        data["digest"] = self._suppression.digest
        return data


def _joined_by_gaps(folded: str, window: list[tuple[int, int, str]]) -> bool:
    """Whether consecutive words of the window are separated by spaces (and one comma)."""
    return all(
        _GAP.fullmatch(folded, prev[1], nxt[0]) is not None for prev, nxt in pairwise(window)
    )
