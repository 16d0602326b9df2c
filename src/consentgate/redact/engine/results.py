"""Plain result values and the deterministic overlap resolution between them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, cast


@dataclass(slots=True, frozen=True, init=False)
class RecognizerResult:
    """One detected entity: a half-open character span ``[start, end)`` of the input text."""

    start: int
    end: int
    type: str
    score: float
    recognizer: str

    def __init__(self, start: int, end: int, type: str, score: float, recognizer: str) -> None:
        if not 0 <= start < end:
            raise ValueError(f"bad span [{start}, {end})")
        # A result is built for every candidate of every recogniser. The generated init
        # of a frozen dataclass looks object.__setattr__ up for each field; the slots'
        # own setters, read once below, build a result in about half the time.
        _set_start(self, start)
        _set_end(self, end)
        _set_type(self, type)
        _set_score(self, score)
        _set_recognizer(self, recognizer)

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: RecognizerResult) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: RecognizerResult) -> bool:
        """True when ``other`` lies entirely inside this span."""
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, object]:
        """The span as JSON-ready data (the CLI contract uses start, end and type)."""
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "score": self.score,
            "recognizer": self.recognizer,
        }


_Setter = Callable[[RecognizerResult, Any], None]
_SLOTS = cast(Any, RecognizerResult)
_set_start: _Setter = _SLOTS.start.__set__
_set_end: _Setter = _SLOTS.end.__set__
_set_type: _Setter = _SLOTS.type.__set__
_set_score: _Setter = _SLOTS.score.__set__
_set_recognizer: _Setter = _SLOTS.recognizer.__set__


# (start, end) read in C: sorting runs for every text with two detections or more.
_BY_SPAN = attrgetter("start", "end")


def _rank(result: RecognizerResult) -> tuple[float, int, int, str, str]:
    # Higher score wins, then the longer span, then the earlier one; the names
    # break the last ties so the outcome never depends on recogniser order.
    return (-result.score, -len(result), result.start, result.type, result.recognizer)


def resolve_overlaps(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Turn possibly overlapping detections into disjoint spans, sorted by start.

    Overlapping detections form a cluster. The span is the union of the cluster,
    because dropping the loser of a partial overlap would leave part of a personal
    datum in clear. The type is that of the best-ranked detection covering the whole
    union if one does (the name inside a street is part of the address), else of the
    best-ranked one.
    """
    ordered = sorted(results, key=_BY_SPAN)
    merged: list[RecognizerResult] = []
    cluster: list[RecognizerResult] = []
    cluster_end = -1
    for result in ordered:
        if cluster and result.start >= cluster_end:
            merged.append(_merge(cluster))
            cluster = []
        cluster.append(result)
        cluster_end = max(cluster_end, result.end) if len(cluster) > 1 else result.end
    if cluster:
        merged.append(_merge(cluster))
    return merged


def _merge(cluster: list[RecognizerResult]) -> RecognizerResult:
    if len(cluster) == 1:
        return cluster[0]
    best = min(cluster, key=_rank)
    start = min(r.start for r in cluster)
    end = max(r.end for r in cluster)
    if start == best.start and end == best.end:
        return best
    # A detection that covers the whole cluster names all of it: a street named after a
    # person ("5850 Jana Nerudy 894") is an address, whatever scored higher inside it.
    covering = [r for r in cluster if r.start == start and r.end == end]
    if covering:
        return min(covering, key=_rank)
    return RecognizerResult(start, end, best.type, best.score, best.recognizer)
