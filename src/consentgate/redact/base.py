"""The recogniser interface, a regex-based recogniser, and the registry that picks them.

Modelled on Presidio's ``EntityRecognizer`` / ``PatternRecognizer`` / ``RecognizerRegistry``:
a recogniser is patterns plus an optional validator; the registry filters by language
and entity type. Unlike Presidio, nothing here loads an NLP engine or reaches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from consentgate.redact.results import RecognizerResult

ANY_LANGUAGE = "*"


class Recognizer:
    """Finds one or more entity types in text. Subclasses implement :meth:`analyze`."""

    name: str = "recognizer"
    entity_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = (ANY_LANGUAGE,)
    # Cheap pre-checks the redactor makes once per text before calling analyze():
    # most texts have no digit or "@", and most recognisers need one.
    needs_digit: bool = False
    needs_char: str | None = None

    def supports(self, lang: str) -> bool:
        """True when this recogniser should run on text in ``lang``."""
        return ANY_LANGUAGE in self.languages or lang in self.languages

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Return every detection in ``text`` (offsets in ``text``); overlaps are allowed."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, object]:
        """A description of the recogniser, for logs and dataset manifests."""
        return {
            "name": self.name,
            "entity_types": list(self.entity_types),
            "languages": list(self.languages),
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


@dataclass(slots=True, frozen=True)
class Pattern:
    """A named regular expression and the score a match gets before validation."""

    name: str
    regex: re.Pattern[str]
    score: float
    group: int = 0


class PatternRecognizer(Recognizer):
    """Regex candidates, each confirmed or rejected by :meth:`validate`.

    ``negative_context`` is a regex searched in the few characters before a match:
    "order 4111 1111 1111 1111" is an order number even if it passes Luhn.
    """

    patterns: Sequence[Pattern] = ()
    negative_context: re.Pattern[str] | None = None
    context_window: int = 24

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run every pattern, keep the validated matches."""
        found: list[RecognizerResult] = []
        entity = self.entity_types[0]
        for pattern in self.patterns:
            for match in pattern.regex.finditer(text):
                start, end = match.span(pattern.group)
                if start == end:
                    continue
                score = self.validate(text[start:end], pattern.score)
                if score is None:
                    continue
                if self.negative_context is not None and self.negative_context.search(
                    text, max(0, start - self.context_window), start
                ):
                    continue
                found.append(RecognizerResult(start, end, entity, score, self.name))
        return found

    def validate(self, candidate: str, score: float) -> float | None:
        """Return the score of a confirmed candidate, or None to reject it."""
        return score


class RecognizerRegistry:
    """Holds recognisers and answers which ones run for a language and set of types."""

    def __init__(self, recognizers: Iterable[Recognizer] = ()) -> None:
        self._recognizers: list[Recognizer] = list(recognizers)
        self._cache: dict[tuple[str, frozenset[str] | None], tuple[Recognizer, ...]] = {}

    def add(self, recognizer: Recognizer) -> None:
        """Register one more recogniser."""
        self._recognizers.append(recognizer)
        self._cache.clear()

    def remove(self, name: str) -> None:
        """Drop every recogniser called ``name``."""
        self._recognizers = [r for r in self._recognizers if r.name != name]
        self._cache.clear()

    @property
    def recognizers(self) -> tuple[Recognizer, ...]:
        """All registered recognisers, in registration order."""
        return tuple(self._recognizers)

    @property
    def languages(self) -> frozenset[str]:
        """Languages some recogniser names explicitly."""
        return frozenset(
            lang for r in self._recognizers for lang in r.languages if lang != ANY_LANGUAGE
        )

    def get(self, lang: str, entity_types: Iterable[str] | None = None) -> tuple[Recognizer, ...]:
        """Recognisers for ``lang`` (restricted to ``entity_types`` when given).

        A language no recogniser names explicitly ("de", "und") gets every recogniser:
        for privacy a false positive costs less than a missed name.
        """
        types = frozenset(entity_types) if entity_types is not None else None
        key = (lang, types)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        run_all = lang not in self.languages
        chosen = tuple(
            r
            for r in self._recognizers
            if (run_all or r.supports(lang))
            and (types is None or types.intersection(r.entity_types))
        )
        self._cache[key] = chosen
        return chosen

    def to_dict(self) -> dict[str, object]:
        """Description of every recogniser, for manifests."""
        return {"recognizers": [r.to_dict() for r in self._recognizers]}
