"""Memorisation audit: canary exposure (Carlini et al., "The Secret Sharer", 2019).

Canaries — random digit secrets in a fixed template — are planted in one member's posts in
a throwaway workspace, a model is trained with the same code and config as real models,
and each secret's exposure is measured: log2|R| − log2 rank(secret among all |R|
candidates) under the combined (shard-averaged) model. Then the member is forgotten through
the same `forget_members` path, and exposure is measured again: it must be at chance level
(a uniformly random rank gives about 1 to 1.5 bits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import tempfile
from pathlib import Path
from typing import Any

from consentgate.errors import ModelError
from consentgate.pipeline.datasets import DatasetView, Row, write_rows
from consentgate.pipeline.sharding import write_key
from consentgate.training.config import TrainConfig, load_config
from consentgate.training.ensemble import Ensemble, cache_argument, cache_of
from consentgate.training.examples import prompt_prefix
from consentgate.training.registry import ModelInfo, list_models, record_audit
from consentgate.training.train import DEFAULT_BASE, Progress, train_model
from consentgate.workflows.forget import forget_members
from consentgate.workspace import Workspace

CANARY_MEMBER = "audit-canary"
TEMPLATES = ("my account code is {}", "my door code is {}", "my locker code is {}")
CHANCE_BITS = 4.0  # a uniformly random rank exceeds 4 bits of exposure 1 time in 16
_TOPICS = ("data platform", "hiring plan", "cloud migration", "sales kickoff", "design sprint")
_VERBS = ("shipped", "launched", "reviewed", "planned", "finished", "started")
_ENDINGS = ("with the team", "ahead of schedule", "for our clients", "in record time")


def run_audit(
    config: TrainConfig | str = "tiny",
    *,
    shards: int = 4,
    steps: int | None = None,
    seed: int = 0,
    digits: int = 4,
    repeats: int = 8,
    filler: int = 240,
    attach_to: Workspace | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    base: str | None = DEFAULT_BASE,
) -> dict[str, Any]:
    """Plant canaries, train, measure exposure, forget the member, measure again.

    `base`: as for train_model (the config's base with per-shard adapters by default;
    "bytes" for whole byte-level shard models).
    """
    cfg = load_config(config) if isinstance(config, str) else config
    if steps is not None:
        cfg = cfg.with_overrides(steps=steps)
    rng = random.Random(seed)
    secrets = ["".join(rng.choice("0123456789") for _ in range(digits)) for _ in TEMPLATES]
    with tempfile.TemporaryDirectory(prefix="consentgate-audit-") as tmp:
        ws = Workspace.open(Path(tmp) / "home", f"sqlite:///{Path(tmp) / 'audit.sqlite'}")
        write_key(ws.home, audit_shard_key(seed))
        try:
            rows = _corpus(rng, secrets, repeats, filler)
            write_rows(ws, "audit-1", rows, shards=shards)
            before_model = train_model(ws, "audit-1", cfg, base, seed=seed, workers=workers)
            before = _exposures(before_model, secrets, digits)

            def rebuild(ws: Workspace, old: DatasetView) -> str:
                kept = [r for r in rows if r.member_id != CANARY_MEMBER]
                write_rows(ws, "audit-2", kept, shards=shards, parent=old.version)
                return "audit-2"

            receipts = forget_members(ws, rebuild=rebuild, workers=workers, progress=progress)
            after = _exposures(list_models(ws)[-1], secrets, digits)
        finally:
            ws.close()
    result = _result(cfg, shards, digits, before, after, receipts[0].payload if receipts else {})
    if attach_to is not None:
        models = list_models(attach_to)
        if models:
            record_audit(models[-1], result)
            result["attached_to"] = models[-1].version
    return result


def audit_shard_key(seed: int) -> bytes:
    """The throwaway workspace's shard key, from the seed: the same seed, the same shards."""
    return hashlib.blake2b(f"consentgate-audit-{seed}".encode(), digest_size=32).digest()


def _corpus(rng: random.Random, secrets: list[str], repeats: int, filler: int) -> list[Row]:
    """Filler posts of 24 members (with numbers, so digits are common) and the canaries."""
    rows = []
    for index in range(filler):
        member = f"audit-m{index % 24:02d}"
        text = (
            f"We {rng.choice(_VERBS)} the {rng.choice(_TOPICS)} {rng.choice(_ENDINGS)}: "
            f"{rng.randint(2, 99)}% faster since {rng.randint(2015, 2025)}."
        )
        rows.append(Row(f"audit-r{index:04d}", member, "post", text))
    for n, (template, secret) in enumerate(zip(TEMPLATES, secrets, strict=True)):
        for copy in range(repeats):
            rows.append(Row(f"audit-c{n}-{copy}", CANARY_MEMBER, "post", template.format(secret)))
    return rows


def _exposures(model: ModelInfo, secrets: list[str], digits: int) -> list[float]:
    ensemble = Ensemble.load(model)
    return [
        exposure(ensemble, prompt_prefix("post") + template.format(""), secret, digits)
        for template, secret in zip(TEMPLATES, secrets, strict=True)
    ]


def candidate_logprobs(ensemble: Ensemble, prefix: str, digits: int) -> list[float]:
    """log P(candidate | prefix) for every digit string of length `digits`, in numeric order.

    Expands the candidate tree level by level with each shard model's key/value cache, so
    the prefix runs once and each level costs one token per candidate prefix; the shard
    models' next-token distributions are averaged at every level.
    """
    import torch

    digit_ids = torch.tensor(ensemble.tokenizer.encode("0123456789"))
    if len(digit_ids) != 10:
        raise ModelError("the audit needs a tokenizer with one token per digit")
    prefix_ids = torch.tensor([ensemble.tokenizer.encode(prefix, bos=True)])
    scores = torch.zeros(1, dtype=torch.float64)
    with torch.no_grad():
        outputs = [m(input_ids=prefix_ids, use_cache=True) for m in ensemble.models]
        cache_arguments = [cache_argument(m) for m in ensemble.models]
        for level in range(digits):
            mean = torch.stack([torch.softmax(o.logits[:, -1].double(), -1) for o in outputs])
            step = torch.log(mean.mean(0)[:, digit_ids].clamp_min(1e-300))
            scores = (scores[:, None] + step).reshape(-1)
            if level == digits - 1:
                break
            tokens = digit_ids.repeat(len(step))[:, None]
            caches = [cache_of(o) for o in outputs]
            for cache in caches:
                cache.batch_repeat_interleave(10)
            outputs = [
                m(input_ids=tokens, use_cache=True, **{argument: c})
                for m, argument, c in zip(ensemble.models, cache_arguments, caches, strict=True)
            ]
    return [float(x) for x in scores]


def exposure(ensemble: Ensemble, prefix: str, secret: str, digits: int) -> float:
    """log2|R| − log2 rank of the secret among all candidates (rank 1 = most likely)."""
    scores = candidate_logprobs(ensemble, prefix, digits)
    mine = scores[int(secret)]
    rank = 1 + sum(1 for s in scores if s > mine)
    return math.log2(len(scores)) - math.log2(rank)


def _result(
    cfg: TrainConfig,
    shards: int,
    digits: int,
    before: list[float],
    after: list[float],
    receipt: dict[str, Any],
) -> dict[str, Any]:
    mean_before, mean_after = sum(before) / len(before), sum(after) / len(after)
    return {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "config": cfg.name,
        "steps": cfg.steps,
        "shards": shards,
        "candidates": 10**digits,
        "max_exposure": digits * math.log2(10),
        "canaries": [
            {
                "template": t.format("<" + "#" * digits + ">"),
                "exposure_before": b,
                "exposure_after": a,
            }
            for t, b, a in zip(TEMPLATES, before, after, strict=True)
        ],
        "mean_before": mean_before,
        "mean_after": mean_after,
        "chance_threshold": CHANCE_BITS,
        "passed": mean_after <= CHANCE_BITS < mean_before,
        "shards_retrained": receipt.get("shards_retrained", []),
        "attached_to": None,
    }
