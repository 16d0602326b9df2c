"""The recogniser interface and a regex-based recogniser.

Modelled on Presidio's ``EntityRecognizer`` / ``PatternRecognizer``: a recogniser is
patterns plus an optional validator, and declares its entity types and the languages it
supports. Unlike Presidio, nothing here loads an NLP engine or reaches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from consentgate.errors import ConfigError
from consentgate.redact.engine.digit_runs import digit_run_starts, matches_from
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import lexicon_for

ANY_LANGUAGE = "*"
# Recogniser classes by name, filled as subclasses are defined, for from_dict().
_CLASSES: dict[str, type[Recognizer]] = {}


class Recognizer:
    """Finds one or more entity types in text. Subclasses implement :meth:`analyze`."""

    # Class variables, not instance attributes: a recogniser compiled with mypyc (see
    # setup.py) would otherwise hold them in slots, and its class would not show them.
    name: ClassVar[str] = "recognizer"
    entity_types: ClassVar[tuple[str, ...]] = ()
    languages: tuple[str, ...] = (ANY_LANGUAGE,)
    # Cheap pre-checks the redactor makes once per text before calling analyze():
    # most texts have no digit or "@", and most recognisers need one.
    needs_digit: ClassVar[bool] = False
    needs_char: ClassVar[str | None] = None
    # Recognisers that read the folded text (lower case, no accents) set this: the
    # redactor folds each text once and passes it to analyze_folded() rather than each
    # of them folding it again.
    uses_folded: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            _CLASSES[cls.name] = cls

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], **kwargs: Any) -> Recognizer:
        """Rebuild a recogniser described by :meth:`to_dict` (``kwargs`` go to its class)."""
        recognizer = recognizer_class(str(data["name"]))(**kwargs)
        if "languages" in data:
            recognizer.languages = tuple(data["languages"])
        return recognizer

    def supports(self, lang: str) -> bool:
        """True when this recogniser should run on text in ``lang``."""
        return ANY_LANGUAGE in self.languages or lang in self.languages

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Return every detection in ``text`` (offsets in ``text``); overlaps are allowed."""
        raise NotImplementedError

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """:meth:`analyze` given ``folded`` = ``lexicon.fold(text)``, already computed."""
        return self.analyze(text, lang)

    def to_dict(self) -> dict[str, object]:
        """A description of the recogniser, for logs and dataset manifests."""
        return {
            "name": self.name,
            "entity_types": list(self.entity_types),
            "languages": list(self.languages),
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def recognizer_class(name: str) -> type[Recognizer]:
    """The recogniser class registered under ``name`` ("email", "person_dictionary")."""
    if name not in _CLASSES:
        raise ConfigError(f"unknown recogniser {name!r}; known: {', '.join(sorted(_CLASSES))}")
    return _CLASSES[name]


@dataclass(slots=True, frozen=True)
class Pattern:
    """A named regular expression and the score a match gets before validation.

    ``anchor`` (optional) finds a part every match contains ("@" of an e-mail address);
    the regex is then tried only from ``back`` characters before each anchor instead of
    at every position of the text - Python's engine cannot skip ahead on a pattern that
    opens with a lookbehind or with a class as broad as word characters.
    """

    name: str
    regex: re.Pattern[str]
    score: float
    group: int = 0
    anchor: re.Pattern[str] | None = None
    back: int = 0
    # When set, the search starts where the run of these characters before the anchor
    # starts (a host name before its ".com"), found with str.rstrip at C speed.
    back_chars: str | None = None
    # When set (instead of an anchor), every match opens with a digit that no digit
    # precedes: the regex is tried only where the text's digit runs start (digit_runs),
    # found once for all patterns.
    at_digit_runs: bool = False

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, left to right, as ``regex.finditer`` would give them."""
        if self.at_digit_runs:
            return iter(matches_from(self.regex, text, digit_run_starts(text)))
        if self.anchor is None:
            return self.regex.finditer(text)
        return self._around_anchors(text, self.anchor)

    def _around_anchors(self, text: str, anchor: re.Pattern[str]) -> Iterator[re.Match[str]]:
        done = 0
        for hit in anchor.finditer(text):
            at = hit.start()
            if at < done:
                continue
            position = max(done, at - self.back)
            if self.back_chars is not None:
                window = text[position:at]
                position += len(window.rstrip(self.back_chars))
            while True:
                match = self.regex.search(text, position)
                if match is None:
                    return
                if match.start() > at:
                    break  # nothing around this anchor; a later one may start here
                if match.end() > at:
                    yield match
                    done = match.end()
                    break
                position = max(match.end(), match.start() + 1)


class PatternRecognizer(Recognizer):
    """Regex candidates, each confirmed or rejected by :meth:`validate`.

    ``negative_context`` names the pack list of words that, among the two words before
    a match, make it something else: "order 4111 1111 1111 1111" is an order number even
    if it passes Luhn.
    """

    patterns: ClassVar[Sequence[Pattern]] = ()
    negative_context: ClassVar[str | None] = None

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Run every pattern, keep the validated matches."""
        found: list[RecognizerResult] = []
        entity = self.entity_types[0]
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                start, end = match.span(pattern.group)
                if start == end:
                    continue
                score = self.validate(text[start:end], pattern.score)
                if score is None:
                    continue
                if self.negative_context is not None and preceded_by(
                    text, start, lexicon_for(lang).words(self.negative_context)
                ):
                    continue
                found.append(RecognizerResult(start, end, entity, score, self.name))
        return found

    def validate(self, candidate: str, score: float) -> float | None:
        """Return the score of a confirmed candidate, or None to reject it."""
        return score


_WORD = re.compile(r"[\w°]+")


def preceded_by(
    text: str, start: int, words: frozenset[str], window: int = 30, last: int = 2
) -> bool:
    """True when one of the ``last`` words just before ``start`` is in ``words`` (lower case).

    A word-set lookup, not a regex searched over the window: this runs for every
    candidate number and a backwards regex search costs several microseconds.
    """
    before = _WORD.findall(text, max(0, start - window), start)
    # A plain loop: any() over a generator costs more than the two lookups it makes.
    for word in before[-last:]:
        if word.lower() in words:
            return True
    return False
