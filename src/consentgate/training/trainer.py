"""Training one shard model: deterministic, single-threaded, runnable in a worker process.

Determinism: the shard seed fixes the initial weights and the batch order, the thread count
is 1 and `torch.use_deterministic_algorithms(True)` is on, so the same shard data, config,
seed and base give bit-identical weights (and an identical safetensors file).

With a base model directory, the shard trains a LoRA adapter on the frozen base (adapters.py)
and its file holds the adapter only; without one, a whole byte-level GPT-2 from scratch.
`train_shard(job)` is the unit of work: everything it needs is in the (picklable) job, so a
process pool or a remote task can run it.
"""

from __future__ import annotations

import hashlib
import math
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consentgate.errors import ModelError
from consentgate.training.adapters import save_adapter, with_adapter
from consentgate.training.config import TrainConfig
from consentgate.training.tokenizer import BOS_ID, EOS_ID, VOCAB_SIZE

if TYPE_CHECKING:
    import torch
    from transformers import GPT2LMHeadModel

WEIGHTS_KEY_TIED = "lm_head.weight"
# peft asks transformers a deprecated question on every adapter; not the user's concern
warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
PAD = -1  # pads a stream shorter than a block: never a token id, masked out of the loss


@dataclass(frozen=True, slots=True)
class ShardJob:
    """Everything a worker needs to train one shard (picklable)."""

    shard: int
    train: list[list[int]]
    heldout: list[list[int]]
    config: dict[str, Any]
    seed: int
    base: str | None  # a base model directory: train an adapter on it; None: byte-level
    out_file: str
    device: str = "cpu"


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What training one shard produced."""

    shard: int
    sha256: str
    train_loss: float
    heldout_perplexity: float | None
    seconds: float
    tokens_trained: int


def shard_seed(seed: int, shard: int) -> int:
    """A per-shard seed derived from the run seed and the shard index."""
    digest = hashlib.sha256(f"consentgate:{seed}:{shard}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def gpt2_config(config: TrainConfig) -> Any:
    """The Hugging Face GPT-2 configuration of a training config (byte vocabulary)."""
    from transformers import GPT2Config

    return GPT2Config(
        vocab_size=VOCAB_SIZE,
        n_positions=config.n_ctx,
        n_embd=config.n_embd,
        n_layer=config.n_layer,
        n_head=config.n_head,
        resid_pdrop=config.dropout,
        embd_pdrop=config.dropout,
        attn_pdrop=config.dropout,
        bos_token_id=BOS_ID,
        eos_token_id=EOS_ID,
        # no pad_token_id: padding only ever ends a block and is masked out of the loss by
        # hand, and declaring it makes transformers warn on every padded batch
    )


def build_model(config: TrainConfig, base: str | None) -> Any:
    """A fresh byte-level GPT-2 (from the global torch seed) or the causal LM of a local dir."""
    from transformers import AutoModelForCausalLM, GPT2LMHeadModel
    from transformers.utils import logging as hf_logging

    # no "Loading weights" bar per shard on the terminal
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    if base is None:
        return GPT2LMHeadModel(gpt2_config(config))
    try:
        return AutoModelForCausalLM.from_pretrained(base, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"--base {base}: not a local causal language model: {exc}") from None


def context_length(model: Any, config: TrainConfig) -> int:
    """The block length: the config's, at most what the model's positions allow."""
    limit = getattr(model.config, "n_positions", None) or getattr(
        model.config, "max_position_embeddings", None
    )
    return min(config.n_ctx, int(limit)) if limit else config.n_ctx


def save_weights(model: GPT2LMHeadModel, path: Path) -> str:
    """Write the weights as safetensors (the tied LM head is not stored); return SHA-256."""
    from safetensors.torch import save_file

    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    state.pop(WEIGHTS_KEY_TIED, None)
    save_file(state, str(path), metadata={"format": "pt"})
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_weights(model: GPT2LMHeadModel, path: Path) -> GPT2LMHeadModel:
    """Load weights saved by `save_weights` and re-tie the LM head."""
    from safetensors.torch import load_file

    missing, unexpected = model.load_state_dict(load_file(str(path)), strict=False)
    if unexpected or [k for k in missing if k != WEIGHTS_KEY_TIED]:
        raise ModelError(f"{path}: weights do not match the model configuration")
    model.tie_weights()
    return model


@contextmanager
def deterministic_torch(threads: int = 1) -> Iterator[None]:
    """Fixed thread count and deterministic kernels, restored afterwards."""
    import torch

    old_threads = torch.get_num_threads()
    old_det = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.set_num_threads(old_threads)
        torch.use_deterministic_algorithms(old_det)


def train_shard(job: ShardJob) -> ShardResult:
    """Train one shard model from its examples and write its weights to `job.out_file`."""
    import torch

    config = TrainConfig(**job.config)
    started = time.perf_counter()
    with deterministic_torch(1):
        torch.manual_seed(job.seed)
        model = build_model(config, job.base)
        if job.base is not None:
            torch.manual_seed(job.seed)  # the adapter's initial weights
            model = with_adapter(model, config)
        model.to(job.device)
        n_ctx = context_length(model, config)
        stream = token_stream(job.train, n_ctx + 1)
        generator = torch.Generator().manual_seed(job.seed)
        losses = optimise(model, config, stream, n_ctx, generator, job.device)
        perplexity = _evaluate(model, config, job.heldout, n_ctx, job.device)
        model.to("cpu")
        out = Path(job.out_file)
        sha = save_weights(model, out) if job.base is None else save_adapter(model, out)
    tail = losses[-max(1, len(losses) // 10) :]
    return ShardResult(
        shard=job.shard,
        sha256=sha,
        train_loss=round(sum(tail) / len(tail), 4),
        heldout_perplexity=perplexity,
        seconds=round(time.perf_counter() - started, 3),
        tokens_trained=config.steps * config.batch_size * n_ctx,
    )


def token_stream(examples: list[list[int]], min_len: int) -> torch.Tensor:
    """The examples concatenated in order, padded with PAD to at least one block."""
    import torch

    ids = [token for example in examples for token in example]
    ids += [PAD] * max(0, min_len - len(ids))
    return torch.tensor(ids, dtype=torch.long)


def _inputs(block: torch.Tensor) -> torch.Tensor:
    return block.clamp_min(0)  # PAD positions only ever precede masked targets


def _targets(block: torch.Tensor) -> torch.Tensor:
    targets = block.clone()
    targets[targets == PAD] = -100
    return targets


def _lr_at(step: int, config: TrainConfig) -> float:
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    progress = (step - config.warmup_steps) / max(1, config.steps - config.warmup_steps)
    return config.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def optimise(
    model: Any,
    config: TrainConfig,
    stream: torch.Tensor,
    n_ctx: int,
    generator: torch.Generator,
    device: str,
) -> list[float]:
    import torch
    from torch.nn import functional

    model.train()
    params = [p for p in model.parameters() if p.requires_grad]  # the adapter, with a base
    optimizer = torch.optim.AdamW(
        params, lr=config.lr, weight_decay=config.weight_decay, betas=(0.9, 0.95)
    )
    offsets = torch.arange(n_ctx + 1)
    high = len(stream) - n_ctx  # number of valid block starts
    losses: list[float] = []
    for step in range(config.steps):
        starts = torch.randint(0, high, (config.batch_size,), generator=generator)
        block = stream[starts[:, None] + offsets].to(device)
        logits = model(input_ids=_inputs(block[:, :-1])).logits
        loss = functional.cross_entropy(
            logits.reshape(-1, logits.size(-1)), _targets(block[:, 1:]).reshape(-1)
        )
        for group in optimizer.param_groups:
            group["lr"] = _lr_at(step, config)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        losses.append(float(loss.detach()))
    return losses


def _evaluate(
    model: Any,
    config: TrainConfig,
    heldout: list[list[int]],
    n_ctx: int,
    device: str,
) -> float | None:
    """Perplexity per token on the held-out records (None when there are none)."""
    import torch
    from torch.nn import functional

    if not heldout:
        return None
    stream = token_stream(heldout, n_ctx + 1)
    blocks = [stream[i : i + n_ctx + 1] for i in range(0, len(stream) - 1, n_ctx)]
    blocks = blocks[: config.eval_blocks]
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for block in blocks:
            block = block.to(device)
            if len(block) < 2:
                continue
            logits = model(input_ids=_inputs(block[None, :-1])).logits[0]
            targets = _targets(block[1:])
            total += float(functional.cross_entropy(logits, targets, reduction="sum"))
            count += int((targets != -100).sum())
    return round(math.exp(total / count), 4) if count else None
