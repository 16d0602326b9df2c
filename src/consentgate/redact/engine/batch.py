"""A batch of texts through the recognisers: each text read once, each recogniser run
over every text of the batch in turn.

Running one recogniser at a time over all its texts, rather than one text at a time
through all recognisers, keeps a recogniser's tables and compiled patterns in the
processor's caches from one text to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consentgate.redact.engine.digit_runs import digit_run_starts
from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.detect import detect_folded
from consentgate.redact.lang.text import fold

# What the redactor reads of a recogniser before calling it: needs_digit, needs_char,
# uses_folded, and the recogniser itself.
Step = tuple[bool, str | None, bool, Recognizer]


@dataclass(slots=True)
class Job:
    """One text of a batch, what is read of it once, and the detections found so far."""

    text: str
    folded: str
    lang: str
    has_digit: bool
    found: list[RecognizerResult]

    @classmethod
    def of(cls, text: str, lang: str | None) -> Job:
        folded = fold(text)
        return cls(
            text, folded, lang or detect_folded(text, folded), bool(digit_run_starts(text)), []
        )


def run_plan(plan: tuple[Step, ...], jobs: Sequence[Job]) -> None:
    """Each recogniser of ``plan`` over every job, in the plan's order (ties favour it)."""
    for needs_digit, needs_char, uses_folded, recognizer in plan:
        for job in jobs:
            if needs_digit and not job.has_digit:
                continue
            text = job.text
            if needs_char is not None and needs_char not in text:
                continue
            if uses_folded:
                job.found.extend(recognizer.analyze_folded(text, job.folded, job.lang))
            else:
                job.found.extend(recognizer.analyze(text, job.lang))
