"""`generate`: a post, headline, summary or message from the current model, redacted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from consentgate.errors import ConfigError
from consentgate.network.erasure import workspace_suppression
from consentgate.redact import Redactor
from consentgate.training.ensemble import Ensemble
from consentgate.training.examples import GENERATION_KINDS, TOKENIZER, prompt_prefix
from consentgate.training.registry import ModelInfo, latest_model, load_model
from consentgate.training.tokenizer import BOS_ID, EOS_ID, PAD_ID
from consentgate.workspace import Workspace

if TYPE_CHECKING:
    import torch


def generate(
    ws: Workspace,
    kind: str,
    prompt: str,
    *,
    model: str | None = None,
    max_new_tokens: int = 160,
    temperature: float = 0.0,
    seed: int = 0,
) -> str:
    """Continue `prompt` as content of `kind`; greedy when temperature is 0, else seeded sampling.

    The text comes from the average of the shard models' next-token distributions and goes
    through the redactor (member names and other personal data become placeholders).
    """
    if kind not in GENERATION_KINDS:
        raise ConfigError(f"--kind: unknown kind {kind!r} (one of {', '.join(GENERATION_KINDS)})")
    info = load_model(ws, model) if model else latest_model(ws)
    text = complete(info, prompt_prefix(kind) + prompt, max_new_tokens, temperature, seed)
    return redact_output(ws, text)


def complete(info: ModelInfo, text: str, max_new_tokens: int, temperature: float, seed: int) -> str:
    """The raw (unredacted) continuation of `text`; internal, use `generate`."""
    import torch

    ensemble = Ensemble.load(info)
    ids = torch.tensor([TOKENIZER.encode(text, bos=True)], dtype=torch.long)
    generator = torch.Generator().manual_seed(seed)
    produced: list[int] = []
    for _ in range(max_new_tokens):
        probs = ensemble.next_probs(ids)[0]
        token = _pick(probs, temperature, generator)
        if token == EOS_ID:
            break
        produced.append(token)
        ids = torch.cat([ids, torch.tensor([[token]])], dim=1)
    return TOKENIZER.decode(produced)


def _pick(probs: torch.Tensor, temperature: float, generator: torch.Generator) -> int:
    import torch

    probs = probs.clone()
    probs[[BOS_ID, PAD_ID]] = 0.0  # never emit framing tokens mid-text
    if temperature <= 0:
        return int(torch.argmax(probs))
    weights = probs.clamp_min(1e-30) ** (1.0 / temperature)
    return int(torch.multinomial(weights / weights.sum(), 1, generator=generator))


def redact_output(ws: Workspace, text: str) -> str:
    """The redactor's output; refuses (one line) rather than return unredacted text."""
    # Erased members' names too: a model may have learnt one before the erasure.
    redactor = Redactor(ws.member_names(), suppressed=workspace_suppression(ws))
    return str(redactor.redact(text).text)
