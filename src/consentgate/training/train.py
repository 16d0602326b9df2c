"""`train_model`: one model per dataset shard, in parallel, reusing unchanged shards."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Container
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from consentgate.errors import ConfigError, DatasetError
from consentgate.ledger.store import current_head
from consentgate.pipeline.datasets import DatasetView, Record, latest_dataset, open_dataset
from consentgate.training import examples as ex
from consentgate.training.base import describe, ensure_base
from consentgate.training.config import TrainConfig, load_config
from consentgate.training.ray_tasks import train_on_ray
from consentgate.training.redecide import redecide
from consentgate.training.registry import (
    ModelInfo,
    load_model,
    new_version,
    shard_file_name,
    staging_dir,
    write_manifest,
)
from consentgate.training.tokenizer import ByteTokenizer, HFTokenizer, TextTokenizer
from consentgate.training.trainer import (
    ShardJob,
    ShardResult,
    gpt2_config,
    shard_seed,
    train_shard,
)
from consentgate.workspace import Workspace

DEFAULT_BASE = "default"  # the config's base pre-trained on non-member text (training.base)
BYTES = "bytes"  # no base: whole byte-level models trained from scratch (the former design)
# progress(done, total, message): called once before training and after each shard
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class _ShardPlan:
    shard: int
    records: int
    members: int
    train: list[Record]
    heldout: list[Record]
    key: str
    left_out: int = 0  # records of members who may no longer be used (redecide)


def train_model(
    ws: Workspace,
    dataset_version: str | None = None,
    config: TrainConfig | str = "tiny",
    base: str | Path | None = DEFAULT_BASE,
    seed: int = 0,
    parent_model: str | None = None,
    *,
    workers: int | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
    executor: str = "local",
) -> ModelInfo:
    """Train one model per shard of a dataset version and register it as a new model version.

    `base`: "default" (the config's base, pre-trained on non-member text when missing), a
    local causal LM directory with its tokenizer, or None/"bytes" (byte-level, no base).
    With a base, each shard trains a LoRA adapter on it. With `parent_model`, a shard whose
    training inputs (data, config, seed, base) are unchanged is copied byte for byte from the
    parent; only the other shards train.
    The version's members are decided again as of now first (`redecide`): those who may no
    longer be used are left out, and the manifest's `redecided` entry counts them.
    """
    if executor not in ("local", "ray"):
        raise ConfigError(f"--executor: unknown executor {executor!r} (choose local or ray)")
    cfg = load_config(config) if isinstance(config, str) else config
    device = resolve_device(device)
    if base is not None and str(base) not in (DEFAULT_BASE, BYTES):
        describe(base)  # a wrong directory is said before anything else
    version = dataset_version or latest_dataset(ws)
    if version is None:
        raise DatasetError(f"no dataset in {ws.datasets_dir}; run `consentgate build` first")
    dataset = open_dataset(ws, version)
    base_info = _base_info(ws, cfg, base, progress)
    tokenizer: TextTokenizer = (
        HFTokenizer(Path(base_info["path"])) if base_info else ByteTokenizer()
    )
    parent = load_model(ws, parent_model) if parent_model else None
    decided = redecide(ws, dataset)
    plans = [
        _plan(dataset, shard, cfg, seed, base_info, tokenizer.name, device, decided.left_out)
        for shard in range(dataset.shard_count)
    ]
    created = dt.datetime.now(dt.UTC)
    version = new_version(created)
    started = time.perf_counter()
    with staging_dir(ws, version) as staging:
        reused = _reuse(parent, plans, staging)
        todo = [p for p in plans if p.shard not in reused and p.train]
        jobs = [_job(p, cfg, seed, base_info, tokenizer, staging, device) for p in todo]
        results = {r.shard: r for r in _run(jobs, workers, progress, executor)}
        entries = [_entry(p, dataset, reused, results, parent) for p in plans]
        manifest = {
            "version": version,
            "created_at": created.isoformat(),
            "dataset_version": dataset.version,
            "parent_model": parent.version if parent else None,
            "config": cfg.to_dict(),
            "seed": seed,
            "base": base_info,
            "tokenizer": tokenizer.name,
            "device": device,
            "shard_count": dataset.shard_count,
            "retrained_shards": [p.shard for p in plans if p.shard not in reused],
            "reused_shards": sorted(reused),
            "training_seconds": round(time.perf_counter() - started, 3),
            "redecided": decided.describe(sum(p.left_out for p in plans)),
            "shards": entries,
            "ledger_head": _ledger_head(ws),
        }
        _write_architecture(staging, cfg, base_info)
        write_manifest(staging, manifest)
    return load_model(ws, version)


def _ledger_head(ws: Workspace) -> dict[str, Any] | None:
    """The consent ledger's signed head at training time, copied into the model card."""
    with ws.session() as session:
        head = current_head(session)
    return head.to_dict() if head is not None else None


def _plan(
    dataset: DatasetView,
    shard: int,
    cfg: TrainConfig,
    seed: int,
    base: dict[str, Any] | None,
    tokenizer_name: str,
    device: str,
    left_out: Container[str],
) -> _ShardPlan:
    import torch

    stored = dataset.records(shard)
    records = [r for r in stored if r.member_id not in left_out]
    train, heldout = ex.split(records, cfg.heldout_percent)
    key_input = {
        "train": ex.data_digest(train),
        "heldout": ex.data_digest(heldout),
        "config": {k: v for k, v in cfg.to_dict().items() if k != "name"},
        "seed": shard_seed(seed, shard),
        "base": base["sha256"] if base else None,
        "tokenizer": tokenizer_name,
        "torch": torch.__version__,
        "device": device,  # kernels differ: a GPU-trained shard is not the CPU's bit for bit
    }
    key = hashlib.sha256(json.dumps(key_input, sort_keys=True).encode()).hexdigest()
    members = len({r.member_id for r in records})
    return _ShardPlan(shard, len(records), members, train, heldout, key, len(stored) - len(records))


def _reuse(parent: ModelInfo | None, plans: list[_ShardPlan], staging: Path) -> dict[int, str]:
    """Copy the parent's shards whose training key is unchanged; {shard: parent version}."""
    reused: dict[int, str] = {}
    if parent is None:
        return reused
    old = {int(e["shard"]): e for e in parent.manifest["shards"]}
    for plan in plans:
        entry = old.get(plan.shard)
        if entry is None or entry.get("train_key") != plan.key:
            continue
        if entry.get("file"):
            shutil.copyfile(parent.path / entry["file"], staging / entry["file"])
        reused[plan.shard] = str(entry.get("reused_from") or parent.version)
    return reused


def _job(
    plan: _ShardPlan,
    cfg: TrainConfig,
    seed: int,
    base: dict[str, Any] | None,
    tokenizer: TextTokenizer,
    staging: Path,
    device: str,
) -> ShardJob:
    return ShardJob(
        shard=plan.shard,
        train=[ex.encode_record(r, tokenizer) for r in plan.train],
        heldout=[ex.encode_record(r, tokenizer) for r in plan.heldout],
        config=cfg.to_dict(),
        seed=shard_seed(seed, plan.shard),
        base=base["path"] if base else None,
        out_file=str(staging / shard_file_name(plan.shard)),
        device=device,
    )


def resolve_device(device: str) -> str:
    """`auto`: the GPU when torch sees one, else the CPU; `cpu`/`cuda` as given."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device not in ("cpu", "cuda"):
        raise ConfigError(f"--device: unknown device {device!r} (auto, cpu or cuda)")
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda: no GPU is visible to torch")
    return device


def default_workers(jobs: int) -> int:
    """One process per core, at most one per shard to train."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


def _run(
    jobs: list[ShardJob], workers: int | None, progress: Progress | None, executor: str = "local"
) -> list[ShardResult]:
    """Train the jobs, in this process when one worker suffices, else in a spawn pool; with
    the `ray` executor, one Ray task per shard (`ray_tasks`)."""
    count = default_workers(len(jobs)) if workers is None else max(1, min(workers, len(jobs)))
    results: list[ShardResult] = []
    if executor == "ray":
        for result in train_on_ray(train_shard, jobs):
            results.append(result)
            _report(progress, result, len(jobs), len(results))
        return results

    if progress is not None and jobs:
        progress(0, len(jobs), f"training {len(jobs)} shard(s) on {count} process(es)")
    if count <= 1:
        for job in jobs:
            results.append(train_shard(job))
            _report(progress, results[-1], len(jobs), len(results))
        return results
    # spawn, not fork: forking a process whose torch thread pools already started can hang.
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        for result in pool.map(train_shard, jobs):
            results.append(result)
            _report(progress, result, len(jobs), len(results))
    return results


def _report(progress: Progress | None, result: ShardResult, total: int, done: int) -> None:
    if progress is not None:
        progress(
            done,
            total,
            f"shard {result.shard}: loss {result.train_loss:.3f}, {result.seconds:.1f}s",
        )


def _entry(
    plan: _ShardPlan,
    dataset: DatasetView,
    reused: dict[int, str],
    results: dict[int, ShardResult],
    parent: ModelInfo | None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "shard": plan.shard,
        "file": None,
        "sha256": None,
        "dataset_sha256": dataset.checksums[plan.shard],
        "train_key": plan.key,
        "records": plan.records,
        "records_train": len(plan.train),
        "records_heldout": len(plan.heldout),
        "members": plan.members,
        "train_loss": None,
        "heldout_perplexity": None,
        "seconds": None,
        "tokens_trained": 0,
        "reused_from": reused.get(plan.shard),
    }
    if plan.shard in reused and parent is not None:
        old = parent.manifest["shards"][plan.shard]
        keep = ("file", "sha256", "train_loss", "heldout_perplexity", "seconds", "tokens_trained")
        entry.update({k: old.get(k) for k in keep})
    elif plan.shard in results:
        result = results[plan.shard]
        entry.update(
            file=shard_file_name(plan.shard),
            sha256=result.sha256,
            train_loss=result.train_loss,
            heldout_perplexity=result.heldout_perplexity,
            seconds=result.seconds,
            tokens_trained=result.tokens_trained,
        )
    return entry


def _base_info(
    ws: Workspace, cfg: TrainConfig, base: str | Path | None, progress: Progress | None
) -> dict[str, Any] | None:
    """Path and content hash of the base directory (None: byte-level, no base)."""
    if base is None or str(base) == BYTES:
        return None
    if str(base) == DEFAULT_BASE:
        log = (lambda message: progress(0, 1, message)) if progress else None
        return ensure_base(ws.settings.bases_dir, cfg, log).to_dict()
    return describe(base).to_dict()


def _write_architecture(staging: Path, cfg: TrainConfig, base: dict[str, Any] | None) -> None:
    """config.json of the shard models (the base checkpoint's, or the config's GPT-2)."""
    if base is not None:
        shutil.copyfile(Path(base["path"]) / "config.json", staging / "config.json")
    else:
        gpt2_config(cfg).to_json_file(str(staging / "config.json"))
