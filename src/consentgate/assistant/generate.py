"""`generate`: a post, headline, summary or message from the current model, redacted.

`stream_tokens` yields the raw continuation piece by piece (what the web page streams,
through assistant.filter); `generate` returns the whole redacted text and its provenance.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from consentgate.errors import ConfigError
from consentgate.network.erasure import workspace_suppression
from consentgate.redact import Redactor
from consentgate.training.ensemble import Decoder, Ensemble
from consentgate.training.examples import GENERATION_KINDS, next_record_at, prompt_prefix
from consentgate.training.registry import ModelInfo, latest_model, load_model
from consentgate.workspace import Workspace

if TYPE_CHECKING:
    import torch

TOP_P = 0.9


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which model wrote a text, from which dataset version, under which policy."""

    model: str
    dataset: str
    policy: str | None
    base_sha256: str | None

    @classmethod
    def of(cls, info: ModelInfo) -> Provenance:
        manifest = info.manifest
        decided = manifest.get("redecided") or {}
        base = manifest.get("base") or {}
        return cls(info.version, info.dataset_version, decided.get("policy"), base.get("sha256"))

    def line(self) -> str:
        policy = self.policy or "none recorded"
        return f"model {self.model}, trained on dataset {self.dataset} under policy {policy}"


@dataclass(frozen=True, slots=True)
class Generation:
    """A redacted text, its provenance and how it was made."""

    text: str
    kind: str
    prompt: str
    tokens: int
    seconds: float
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_kind(kind: str) -> None:
    if kind not in GENERATION_KINDS:
        raise ConfigError(f"--kind: unknown kind {kind!r} (one of {', '.join(GENERATION_KINDS)})")


def model_info(ws: Workspace, model: str | None) -> ModelInfo:
    return load_model(ws, model) if model else latest_model(ws)


def generate(
    ws: Workspace,
    kind: str,
    prompt: str,
    *,
    model: str | None = None,
    max_new_tokens: int = 160,
    temperature: float = 0.0,
    seed: int = 0,
) -> Generation:
    """Continue `prompt` as content of `kind`; greedy when temperature is 0, else seeded sampling.

    The text comes from the average of the shard models' next-token distributions and goes
    through the redactor (member names and other personal data become placeholders).
    `max_new_tokens` counts the model's tokens.
    """
    check_kind(kind)
    if max_new_tokens < 1:
        raise ConfigError("--max-tokens: must be at least 1")
    info = model_info(ws, model)
    started = time.perf_counter()
    ensemble = Ensemble.load(info)
    # A BPE vocabulary attaches a word's leading space to the word: end the prompt before it.
    stem = prompt.rstrip()
    pieces = list(
        stream_tokens(ensemble, prompt_prefix(kind) + stem, max_new_tokens, temperature, seed)
    )
    text = redact_output(ws, stem + "".join(pieces))
    seconds = round(time.perf_counter() - started, 3)
    return Generation(text, kind, prompt, len(pieces), seconds, Provenance.of(info))


def stream_tokens(
    ensemble: Ensemble, text: str, max_new_tokens: int, temperature: float, seed: int
) -> Iterator[str]:
    """The raw (unredacted) continuation of `text`, one piece of text per token (the end of
    text included); internal: whatever leaves the process goes through the redactor."""
    import torch

    tokenizer = ensemble.tokenizer
    decoder = Decoder(ensemble, tokenizer.encode(text, bos=True))
    generator = torch.Generator().manual_seed(seed)
    banned = tokenizer.banned_ids()
    produced: list[int] = []
    emitted = ""
    for step in range(max_new_tokens):
        token = _pick(decoder.probs, temperature, generator, banned)
        if token == tokenizer.eos_id:  # the end-of-text token counts, and flushes the rest
            yield tokenizer.decode(produced)[len(emitted) :].rstrip("\ufffd")
            return
        produced.append(token)
        if step + 1 < max_new_tokens:
            decoder.push(token)
        decoded = tokenizer.decode(produced)
        cut = next_record_at(decoded)
        if cut is not None:  # the model moved on to another record: this one has ended
            yield decoded[len(emitted) : max(cut, len(emitted))].rstrip()
            return
        ready = _ready(decoded) if step + 1 < max_new_tokens else decoded.rstrip("\ufffd")
        yield ready[len(emitted) :]  # '' while a character or a bracket is unfinished
        emitted = ready


def _ready(decoded: str) -> str:
    """What may be shown: not a character split across tokens, nor an unclosed bracket
    (it may become a record's tag, where the text ends)."""
    ready = decoded.rstrip("\ufffd")
    bracket = ready.rfind("[")
    return ready[:bracket] if bracket >= 0 and "]" not in ready[bracket:] else ready


def complete(info: ModelInfo, text: str, max_new_tokens: int, temperature: float, seed: int) -> str:
    """The raw (unredacted) continuation of `text`; internal, use `generate`."""
    pieces = stream_tokens(Ensemble.load(info), text, max_new_tokens, temperature, seed)
    return "".join(pieces)


def _pick(
    probs: torch.Tensor, temperature: float, generator: torch.Generator, banned: list[int]
) -> int:
    import torch

    probs = probs.clone()
    probs[banned] = 0.0  # never emit framing tokens mid-text
    if temperature <= 0:
        return int(torch.argmax(probs))
    weights = probs.clamp_min(1e-30) ** (1.0 / temperature)
    weights = weights / weights.sum()
    # nucleus sampling: the unlikely tail of a small model's distribution is where its
    # misspelt words come from; sample among the tokens that make up TOP_P of the mass
    ordered, order = torch.sort(weights, descending=True)
    keep = (torch.cumsum(ordered, 0) - ordered) < TOP_P
    kept = torch.zeros_like(weights).scatter(0, order[keep], ordered[keep])
    return int(torch.multinomial(kept / kept.sum(), 1, generator=generator))


def redact_output(ws: Workspace, text: str) -> str:
    """The redactor's output; refuses (one line) rather than return unredacted text."""
    # Erased members' names too: a model may have learnt one before the erasure.
    return str(output_redactor(ws).redact(text).text)


def output_redactor(ws: Workspace) -> Redactor:
    """The redactor of generated text: every member's name, and erased members' too."""
    return Redactor(ws.member_names(), suppressed=workspace_suppression(ws))
