"""The redactor: detect with the registry, resolve overlaps, replace with a strategy.

Detection and replacement are separate steps, as in Presidio's analyzer / anonymizer,
so the spans a caller gets back always describe the input text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from consentgate.errors import ConfigError
from consentgate.redact.engine.batch import Job, Step, run_plan
from consentgate.redact.engine.digit_runs import kept_for_batch
from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.registry import RecognizerRegistry
from consentgate.redact.engine.results import RecognizerResult, resolve_overlaps
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.name_index import NameIndex
from consentgate.redact.recognizers.suppressed import SuppressionList

# The default recognisers, languages and options: a file a user may copy and edit.
DEFAULT_CONFIG = Path(__file__).with_name("recognizers.toml")

STRATEGIES = ("placeholder", "pseudonym")
ENTITY_TYPES = (
    "PERSON", "EMAIL", "PHONE", "URL", "IP_ADDRESS", "IBAN", "CREDIT_CARD", "NATIONAL_ID",
    "STREET_ADDRESS",
)  # fmt: skip


@dataclass(slots=True)
class RedactionResult:
    """Redacted text and the spans that were replaced, as offsets in the input text."""

    text: str
    spans: list[RecognizerResult] = field(default_factory=list)
    lang: str = "und"


def default_recognizers(
    member_names: Iterable[str] = (),
    suppressed: SuppressionList | None = None,
    config: Path | str = DEFAULT_CONFIG,
    name_index: NameIndex | None = None,
) -> list[Recognizer]:
    """The recognisers of ``config`` (recognizers.toml): the member names first, so their
    hits win ties, then the others. The member-name index holds the erased members' names
    (`suppressed`) too, under the list's key, so `suppressed_names` is left out."""
    runtime = {
        "member_names": (
            {"index": name_index}
            if name_index is not None
            else {"names": member_names, "suppression": suppressed}
        ),
        "suppressed_names": None,
    }
    return list(RecognizerRegistry.from_config(config, runtime).recognizers)


class Redactor:
    """Finds personal data in English or French text and replaces it.

    ``strategy`` is "placeholder" (``[PERSON]``) or "pseudonym" (``[PERSON_1]``, the same
    number for the same value within one text). Picklable: member names (or the name index)
    travel, the recognition plans are rebuilt on first use. ``suppressed``: the erased
    members' names as keyed hashes (the workspace's suppression list), still redacted as
    PERSON.
    """

    def __init__(
        self,
        member_names: Iterable[str] = (),
        strategy: str = "placeholder",
        *,
        suppressed: SuppressionList | None = None,
        registry: RecognizerRegistry | None = None,
        score_threshold: float = 0.4,
        entity_types: Iterable[str] | None = None,
        name_index: NameIndex | None = None,
    ) -> None:
        if strategy not in STRATEGIES:
            raise ConfigError(
                f"unknown redaction strategy {strategy!r}; use one of {', '.join(STRATEGIES)}"
            )
        self.strategy = strategy
        self.score_threshold = score_threshold
        self.entity_types = frozenset(entity_types) if entity_types is not None else None
        self.registry = registry or RecognizerRegistry(
            default_recognizers(member_names, suppressed, name_index=name_index)
        )
        self._plans: dict[tuple[Recognizer, ...], tuple[Step, ...]] = {}

    # The plans are rebuilt on first use rather than pickled with the redactor.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_plans"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def _plan(self, lang: str) -> tuple[Step, ...]:
        """The recognisers for ``lang`` with their pre-checks, read once per registry state.

        Reading three class attributes of ten recognisers for every text cost more than
        some recognisers; the registry hands back the same tuple until it changes.
        """
        recognizers = self.registry.get(lang, self.entity_types)
        plan = self._plans.get(recognizers)
        if plan is None:
            plan = tuple((r.needs_digit, r.needs_char, r.uses_folded, r) for r in recognizers)
            self._plans = {recognizers: plan}  # one entry: an old state is never reused
        return plan

    def analyze(self, text: str, lang: str | None = None) -> list[RecognizerResult]:
        """Disjoint detections in ``text``, sorted by start."""
        if not text:
            return []
        return self._analyze_one(text, lang)[0]

    def analyze_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[tuple[list[RecognizerResult], str]]:
        """Detections and language of each non-empty text: what :meth:`analyze` gives.

        The batch runs one recogniser at a time over all its texts, not one text at a
        time through all recognisers (engine/batch.py): a recogniser's tables and
        compiled patterns then stay in the processor's caches from one text to the next.
        Each text is folded once, for the language guess and for every recogniser that
        reads folded text.
        """
        if len(texts) == 1:  # the digit runs' last-text entry serves one text
            return [self._analyze_one(texts[0], langs[0] if langs is not None else None)]
        pairs = zip(texts, langs if langs is not None else [None] * len(texts), strict=True)
        with kept_for_batch():
            jobs = [Job.of(text, lang) for text, lang in pairs]
            by_lang: dict[str, list[Job]] = {}
            for job in jobs:
                by_lang.setdefault(job.lang, []).append(job)
            for lang, planned in by_lang.items():
                run_plan(self._plan(lang), planned)
        return [(self._resolved(job.found), job.lang) for job in jobs]

    def _analyze_one(self, text: str, lang: str | None) -> tuple[list[RecognizerResult], str]:
        job = Job.of(text, lang)
        run_plan(self._plan(job.lang), (job,))
        return self._resolved(job.found), job.lang

    def _resolved(self, found: list[RecognizerResult]) -> list[RecognizerResult]:
        threshold = self.score_threshold
        types = self.entity_types
        kept = [r for r in found if r.score >= threshold and (types is None or r.type in types)]
        return resolve_overlaps(kept) if len(kept) > 1 else kept

    def redact(self, text: str | None, lang: str | None = None) -> RedactionResult:
        """Detect and replace personal data in one text.

        A missing (None) or blank text has nothing to redact: it comes back as "" or as
        itself, with no spans and language "und" (a null Arrow value becomes "").
        """
        if not _has_words(text):
            return RedactionResult(text or "", [], "und")
        return self._redacted(text, *self._analyze_one(text, lang))

    def redact_many(
        self, texts: Sequence[str | None], langs: Sequence[str | None] | None = None
    ) -> list[RedactionResult]:
        """Redact a batch (an Arrow column's worth); ``texts`` and ``langs`` may hold None.

        The same results as :meth:`redact` text by text, found as :meth:`analyze_many`.
        """
        if langs is not None and len(langs) != len(texts):
            raise ConfigError(f"{len(texts)} texts but {len(langs)} languages")
        wanted = {i: text for i, text in enumerate(texts) if _has_words(text)}
        found = self.analyze_many(
            list(wanted.values()), [langs[i] for i in wanted] if langs is not None else None
        )
        analysed = dict(zip(wanted, found, strict=True))
        # A missing or blank text comes back from redact() itself, without analysis.
        return [
            self._redacted(wanted[i], *analysed[i]) if i in analysed else self.redact(text)
            for i, text in enumerate(texts)
        ]

    def _redacted(self, text: str, spans: list[RecognizerResult], lang: str) -> RedactionResult:
        return RedactionResult(apply_strategy(text, spans, self.strategy), spans, lang)


def _has_words(text: str | None) -> TypeGuard[str]:
    """Not missing (a null Arrow value is None) and not only white space."""
    return text is not None and bool(text.strip())


def _pseudonym_key(text: str, span: RecognizerResult) -> tuple[str, str]:
    value = fold(text[span.start : span.end])
    if span.type == "PERSON":
        # "Léa Moreau" and "MOREAU Léa" are one person.
        value = " ".join(sorted(value.split()))
    else:
        value = "".join(ch for ch in value if ch.isalnum() or ch in "@.")
    return span.type, value


def apply_strategy(text: str, spans: Sequence[RecognizerResult], strategy: str) -> str:
    """Replace each (disjoint, sorted) span of ``text`` by its placeholder."""
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    numbers: dict[tuple[str, str], int] = {}
    per_type: dict[str, int] = {}
    for span in spans:
        parts.append(text[position : span.start])
        if strategy == "pseudonym":
            key = _pseudonym_key(text, span)
            number = numbers.get(key)
            if number is None:
                number = per_type.get(span.type, 0) + 1
                per_type[span.type] = number
                numbers[key] = number
            parts.append(f"[{span.type}_{number}]")
        else:
            parts.append(f"[{span.type}]")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)
