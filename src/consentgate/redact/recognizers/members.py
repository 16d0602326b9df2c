"""Names of the platform's own members (and of its erased members), found through the
member-name index (:mod:`name_index`): sorted 64-bit hashes, not an automaton of every name.

The text is folded (lower case, no accents, same length, see :func:`lexicon.fold`) and cut
into words as the suppression list cuts names (:func:`suppressed.normal_words`). Where a word
is the first word of some key, windows of the keys' word counts starting there are hashed and
looked up. Words in a window are separated by spaces and at most one comma ("Moreau, Léa"),
or by ". " after an initial ("Donald R. Miller"). The last word may stop before an inner
apostrophe or hyphen, so "Léa Moreau's" finds "lea moreau". What was learnt of each
whitespace-separated token is cached: a text of known tokens costs a split and a set test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, pairwise
from typing import Any

from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.name_index import NameIndex
from consentgate.redact.recognizers.namekeys import name_keys
from consentgate.redact.recognizers.suppressed import WORD, SuppressionList

__all__ = ["MemberNameRecognizer", "find_names", "name_keys"]

# Between two words of a name: spaces with at most one comma; after an initial, ". " too.
_GAP = re.compile(r"\s*,?\s+|\s*,\s*")
_INITIAL_GAP = re.compile(r"\.\s+")
_INNER = re.compile(r"['\-]")
_CACHE_LIMIT = 1 << 20  # tokens remembered before the caches are reset


def _joined(folded: str, window: list[re.Match[str]]) -> bool:
    """Whether consecutive words of the window are separated as a name's words may be."""
    for prev, nxt in pairwise(window):
        gap_start, gap_end = prev.end(), nxt.start()
        # One space, the common case, without a regex call.
        if gap_end == gap_start + 1 and folded[gap_start] == " ":
            continue
        if _GAP.fullmatch(folded, gap_start, gap_end):
            continue
        if len(prev.group()) == 1 and _INITIAL_GAP.fullmatch(folded, prev.end(), nxt.start()):
            continue
        return False
    return True


def _ends_name(folded: str, end: int) -> bool:
    """Whether a name may end at `end`: not inside an e-mail address or a dotted handle
    ("lea@x.fr", "lea.moreau"), which their own recognisers find."""
    if end >= len(folded):
        return True
    following = folded[end]
    if following == "@":
        return False
    return not (following in "._" and end + 1 < len(folded) and folded[end + 1].isalnum())


def _last_forms(word: str) -> Iterator[str]:
    """The last word of a window, then its prefixes cut at an inner apostrophe or hyphen."""
    yield word
    if "'" in word or "-" in word:
        for cut in reversed([m.start() for m in _INNER.finditer(word)]):
            yield word[:cut]


def _word_starts(folded: str, words: Iterable[str]) -> list[int]:
    """Where each of `words` occurs in `folded` as a whole word of `WORD.finditer`'s cutting
    (not inside a longer word, nor after an inner apostrophe or hyphen), sorted."""
    starts = set()
    for word in words:
        pos = folded.find(word)
        while pos != -1:
            before = folded[pos - 1] if pos else " "
            joined = before in "'-" and pos > 1 and _is_word(folded[pos - 2])
            if not _is_word(before) and not joined:
                found = WORD.match(folded, pos)
                if found is not None and found.group() == word:
                    starts.add(pos)
            pos = folded.find(word, pos + 1)
    return sorted(starts)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_names(
    index: NameIndex, folded: str, hot: set[str], contains: Callable[[int], bool] | None = None
) -> Iterator[tuple[int, int, int]]:
    """(start, end, key hash) of every window of `folded` whose words are a key of `index`.

    `hot`: the words (folded) of this text that may be first words of keys; windows start
    only where they occur. `contains`: the index's lookup (`NameIndex.lookup()`, kept by the
    caller), or its own.
    """
    contains = contains or index.contains
    longest = index.lengths[-1] if index.lengths else 0
    for start in _word_starts(folded, hot):
        spans = list(islice(WORD.finditer(folded, start), longest))
        for length in index.lengths:
            window = spans[:length]
            if len(window) < length or not _joined(folded, window):
                continue
            head = " ".join(m.group() for m in window[:-1])
            last = window[-1]
            for form in _last_forms(last.group()):
                end = last.start() + len(form)
                value = index.name_hash(f"{head} {form}")
                if _ends_name(folded, end) and contains(value):
                    yield start, end, value
                    break


class MemberNameRecognizer(Recognizer):
    """Finds any member's full name, or an erased member's, case- and accent-insensitively."""

    name = "member_names"
    entity_types = ("PERSON",)
    uses_folded = True

    def __init__(
        self,
        names: Iterable[str] = (),
        suppression: SuppressionList | None = None,
        index: NameIndex | None = None,
    ) -> None:
        self._index = index if index is not None else NameIndex.build(names, suppression)
        self._setup()

    def _setup(self) -> None:
        # Caches by whitespace-separated token ("moreau," included): tokens holding a word
        # that is a key's first word, tokens known not to, and those words themselves.
        self._hot: set[str] = set()
        self._cold: set[str] = set()
        self._first_words: set[str] = set()
        self._contains = self._index.lookup()

    @classmethod
    def from_names(cls, names: Iterable[str]) -> MemberNameRecognizer:
        """Build the recogniser from members' full names ("Léa Moreau")."""
        return cls(names)

    @property
    def index(self) -> NameIndex:
        """The name index this recogniser probes."""
        return self._index

    def __len__(self) -> int:
        return self._index.members + self._index.erased

    def _classify(self, tokens: Iterable[str]) -> None:
        if len(self._cold) > _CACHE_LIMIT or len(self._hot) > _CACHE_LIMIT:
            self._cold.clear()
            self._hot.clear()
        for token in tokens:
            firsts = [w for w in WORD.findall(token) if self._index.has_first(w)]
            if firsts:
                self._hot.add(token)
                self._first_words.update(firsts)
            else:
                self._cold.add(token)

    def key_hits(self, folded: str) -> list[str]:
        """The name keys ("lea moreau") found in a folded text: what a shard's fingerprint
        records, exactly the names that change its redaction, whatever the index's key."""
        hot = self._hot_words(folded)
        return [
            " ".join(WORD.findall(folded[start:end]))
            for start, end, _ in find_names(self._index, folded, hot, self._contains)
        ] if hot else []

    def _hot_words(self, folded: str) -> set[str]:
        """The words of the text that may start a key (none: the text holds no name), known
        per whitespace token from the caches."""
        if not len(self._index):
            return set()
        tokens = folded.split()
        if self._cold.issuperset(tokens):
            return set()
        self._classify({t for t in tokens if t not in self._cold and t not in self._hot})
        hot = self._hot.intersection(tokens)
        return {w for token in hot for w in WORD.findall(token) if w in self._first_words}

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Every member name in ``text``; nested or overlapping hits are left to the resolver."""
        return self.analyze_folded(text, fold(text), lang)

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """:meth:`analyze` on the text already folded by the caller (same offsets)."""
        hot = self._hot_words(folded)
        return [
            RecognizerResult(start, end, "PERSON", 1.0, self.name)
            for start, end, _ in find_names(self._index, folded, hot, self._contains)
        ] if hot else []

    # Pickle the index only (two arrays): the caches are rebuilt in the worker.
    def __getstate__(self) -> dict[str, Any]:
        return {"index": self._index}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._index = state["index"]
        self._setup()

    def to_dict(self) -> dict[str, object]:
        """Describe the recogniser by its index's size, never the names (personal data)."""
        data = super().to_dict()
        data["member_count"] = self._index.members
        data["erased_count"] = self._index.erased
        return data
