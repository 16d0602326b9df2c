"""Streaming generation for the web page: text leaves only once the redactor can no longer
change it.

`StreamFilter` redacts everything generated so far on every new piece and releases only the
redacted text before the last `window` words: a name, e-mail or phone number being written
is still inside the window, so none of its parts has left. If a later redaction rewrites
text already released (a span longer than the window), nothing more is released until the
end, where the whole final redacted text replaces what was shown.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from consentgate.assistant.generate import Provenance, check_kind, stream_tokens
from consentgate.training.ensemble import Ensemble
from consentgate.training.examples import prompt_prefix
from consentgate.training.registry import ModelInfo

WINDOW_WORDS = 8  # longer than a name and a phone number written with spaces
_WORD_STARTS = re.compile(r"\S+")


@dataclass
class StreamFilter:
    """Releases redacted text that later tokens cannot change."""

    redact: Callable[[str], str]
    window: int = WINDOW_WORDS
    raw: str = ""
    sent: str = ""
    diverged: bool = False

    def feed(self, piece: str) -> str:
        """Add generated text; return the newly releasable redacted text ('' if none)."""
        self.raw += piece
        if self.diverged or not piece:
            return ""
        redacted = self.redact(self.raw)
        starts = [m.start() for m in _WORD_STARTS.finditer(redacted)]
        if len(starts) <= self.window:
            return ""
        stable = redacted[: starts[-self.window]]
        return self._release(stable)

    def close(self) -> tuple[str, str | None]:
        """(text to append, or the whole text to show instead when redaction rewrote text
        already released)."""
        final = self.redact(self.raw)
        if not self.diverged and final.startswith(self.sent):
            rest = final[len(self.sent) :]
            self.sent = final
            return rest, None
        self.sent = final
        return "", final

    def _release(self, stable: str) -> str:
        if not stable.startswith(self.sent):
            self.diverged = True
            return ""
        out = stable[len(self.sent) :]
        self.sent = stable
        return out


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One server-sent event: `text` (append), `replace` (whole text), `done` (figures)."""

    event: str
    data: dict[str, object]


@dataclass
class LoadedModel:
    """The current model version's ensemble, loaded once and shared by requests."""

    info: ModelInfo
    ensemble: Ensemble
    lock: threading.Lock = field(default_factory=threading.Lock)


def stream_generation(
    model: LoadedModel,
    redact: Callable[[str], str],
    kind: str,
    prompt: str,
    max_new_tokens: int,
    temperature: float,
    seed: int,
) -> Iterator[StreamEvent]:
    """Generate, filter and yield events; time to first released text is measured."""
    check_kind(kind)
    started = time.perf_counter()
    stem = prompt.rstrip()
    filt = StreamFilter(redact)
    first: float | None = None
    tokens = 0
    with model.lock:  # one generation at a time per loaded model (torch uses the cores)
        filt.feed(stem)
        pieces = stream_tokens(
            model.ensemble, prompt_prefix(kind) + stem, max_new_tokens, temperature, seed
        )
        for piece in pieces:
            tokens += 1
            out = filt.feed(piece)
            if out:
                first = first if first is not None else time.perf_counter() - started
                yield StreamEvent("text", {"text": out})
    rest, replace = filt.close()
    if replace is not None:
        yield StreamEvent("replace", {"text": replace})
    elif rest:
        first = first if first is not None else time.perf_counter() - started
        yield StreamEvent("text", {"text": rest})
    seconds = time.perf_counter() - started
    provenance = Provenance.of(model.info)
    yield StreamEvent(
        "done",
        {
            "provenance": provenance.line(),
            "model": provenance.model,
            "dataset": provenance.dataset,
            "policy": provenance.policy,
            "tokens": tokens,
            "seconds": round(seconds, 3),
            "first_text_seconds": round(first, 3) if first is not None else None,
            "tokens_per_second": round(tokens / seconds, 2) if seconds > 0 else None,
        },
    )
