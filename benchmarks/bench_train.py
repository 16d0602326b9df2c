"""Training benchmarks: tokens/s (tiny, small), forgetting vs full retrain (K=8), canary exposure.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_train.py [--members 400] [--quick]

Prints one JSON object per measurement and a Markdown summary at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from consentgate.network.uniform import insert_uniform_network
from consentgate.pipeline.build import build_dataset, default_components
from consentgate.training import PRESETS, TrainConfig, train_model
from consentgate.training.train import default_workers
from consentgate.training.trainer import ShardJob, train_shard
from consentgate.workflows.audit import run_audit
from consentgate.workflows.forget import forget_members, pipeline_rebuild
from consentgate.workspace import Workspace

UTC = dt.UTC
WORDS = (
    "launched our new data platform with the team this week great results for clients "
    "hiring engineers in cloud security product design sales growth analytics python"
).split()


def emit(name: str, **values: Any) -> dict[str, Any]:
    record = {"bench": name, **values}
    print(json.dumps(record), flush=True)
    return record


def tokens_per_second(config: TrainConfig, steps: int) -> dict[str, Any]:
    """One shard model trained on one thread (as in a worker), on random byte text."""
    rng = random.Random(0)
    examples = [
        [256, *" ".join(rng.choice(WORDS) for _ in range(40)).encode(), 257] for _ in range(400)
    ]
    cfg = config.with_overrides(steps=steps)
    with tempfile.TemporaryDirectory() as tmp:
        job = ShardJob(0, examples, [], cfg.to_dict(), 1, None, str(Path(tmp) / "w.safetensors"))
        warm = ShardJob(0, examples, [], {**cfg.to_dict(), "steps": 1}, 1, None, job.out_file)
        train_shard(warm)  # imports and first-call costs are not training throughput
        started = time.perf_counter()
        result = train_shard(job)
        wall = time.perf_counter() - started
    return emit(
        "throughput",
        config=config.name,
        steps=steps,
        tokens=result.tokens_trained,
        seconds=round(wall, 2),
        tokens_per_s=round(result.tokens_trained / wall),
        threads=1,
    )


def _network(ws: Workspace, members: int) -> None:
    rng = random.Random(1)
    insert_uniform_network(
        ws, members, 6, lambda _i, _p: " ".join(rng.choice(WORDS) for _ in range(30))
    )


def _components() -> Any:
    return default_components()


def forget_vs_full(members: int, config: TrainConfig, shards: int = 8) -> dict[str, Any]:
    """Full build + full training, then forgetting one member (incremental build + retrain)."""
    parts = _components()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "home", f"sqlite:///{Path(tmp) / 'db.sqlite'}")
        _network(ws, members)
        started = time.perf_counter()
        build_dataset(
            ws, as_of=dt.datetime.now(UTC), policy="linkedin-2025", shards=shards, components=parts
        )
        build = time.perf_counter() - started
        train_times = {}
        for workers in (1, default_workers(shards)):
            started = time.perf_counter()
            model = train_model(ws, None, config, workers=workers)
            train_times[workers] = time.perf_counter() - started
        started = time.perf_counter()
        receipts = forget_members(
            ws, ["m000007"], record_withdrawal=True, rebuild=pipeline_rebuild(components=parts)
        )
        forget = time.perf_counter() - started
        ws.close()
    payload = receipts[0].payload
    return emit(
        "forget_vs_full",
        config=config.name,
        shards=shards,
        members=members,
        records=sum(e["records"] for e in model.manifest["shards"]),
        full_build_seconds=round(build, 2),
        full_train_seconds={f"workers={w}": round(t, 2) for w, t in train_times.items()},
        forget_seconds=round(forget, 2),
        ratio_vs_serial=round(forget / (build + train_times[1]), 3),
        ratio_vs_parallel=round(forget / (build + train_times[default_workers(shards)]), 3),
        shards_retrained=payload["shards_retrained"],
        records_removed=payload["records_removed"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--quick", action="store_true", help="fewer steps (smoke run)")
    args = parser.parse_args()
    quick = args.quick
    results = [
        emit(
            "machine",
            cores=os.cpu_count(),
            load=os.getloadavg(),
            date=dt.datetime.now(UTC).isoformat(timespec="seconds"),
        ),  # fmt: skip
        tokens_per_second(PRESETS["tiny"], 20 if quick else 100),
        tokens_per_second(PRESETS["small"], 3 if quick else 20),
    ]
    tiny = PRESETS["tiny"].with_overrides(steps=30) if quick else PRESETS["tiny"]
    results.append(forget_vs_full(args.members, tiny))
    audit = run_audit(tiny if quick else "tiny")
    results.append(
        emit(
            "canary_exposure",
            config=audit["config"],
            steps=audit["steps"],
            candidates=audit["candidates"],
            before=[round(c["exposure_before"], 2) for c in audit["canaries"]],
            after=[round(c["exposure_after"], 2) for c in audit["canaries"]],
            mean_before=round(audit["mean_before"], 2),
            mean_after=round(audit["mean_after"], 2),
            passed=audit["passed"],
        )
    )
    results.append(emit("end", load=os.getloadavg()))


if __name__ == "__main__":
    main()
