"""`train --executor ray` / `forget --executor ray`: each shard's training as one Ray task.

A thin dispatch: the same picklable `train_shard(job)` the process pool runs, submitted once
per shard, so a cluster trains the K shards in parallel and each shard's weights are those
local training gives on the same device type. A job for a CUDA device asks Ray for one GPU
when the cluster has any. Ray is the optional `[ray]` extra; RAY_ADDRESS picks the cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from consentgate.pipeline.executors.ray import import_ray, quiet_ray
from consentgate.training.trainer import ShardJob, ShardResult


def train_on_ray(
    train: Callable[[ShardJob], ShardResult], jobs: Sequence[ShardJob], verbose: bool = False
) -> Iterator[ShardResult]:
    """`train(job)` of every job as a Ray task, results in job order as they finish."""
    ray = import_ray()
    shutdown = quiet_ray(ray, verbose)
    try:
        has_gpu = float(ray.cluster_resources().get("GPU", 0)) >= 1
        refs: list[Any] = []
        for job in jobs:
            gpus = 1 if has_gpu and job.device.startswith("cuda") else 0
            task = ray.remote(num_gpus=gpus, num_cpus=1, max_retries=2)(train)
            refs.append(task.remote(job))
        for ref in refs:
            yield ray.get(ref)
    finally:
        shutdown()
