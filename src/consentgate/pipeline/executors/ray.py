"""Ray Data executor: the same per-shard function, one Ray task per shard.

Ray is optional (`pip install 'consentgate[ray]'`) and imported only when this executor is
chosen. Tasks carry paths, so workers must see the workspace's datasets directory (one machine,
or a shared filesystem on a cluster).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from consentgate.errors import MissingDependencyError
from consentgate.pipeline.executors.base import Executor, Result, ShardFn, Task


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise MissingDependencyError("ray", "ray") from None
    return ray


def quiet_ray(ray: Any, verbose: bool) -> Callable[[], None]:
    """Start Ray (or join RAY_ADDRESS's cluster) with its INFO logs off unless `verbose`;
    the function returned shuts down what was started here."""
    level = logging.INFO if verbose else logging.WARNING
    for name in ("ray", "ray.train", "ray.tune"):
        logging.getLogger(name).setLevel(level)
    # Ray Data warns that its progress bars are off, which is what quiet means here.
    logging.getLogger("ray.data").setLevel(level if verbose else logging.ERROR)
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            ignore_reinit_error=True,
            log_to_driver=verbose,
            include_dashboard=False,
            logging_level=level,
            configure_logging=True,
        )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = verbose
    context.print_on_execution_start = verbose
    return ray.shutdown if started_here else (lambda: None)


def _run_pickled(row: dict[str, Any]) -> dict[str, Any]:
    fn, task = pickle.loads(row["payload"])
    return {"result": pickle.dumps(fn(task))}


class RayExecutor(Executor):
    """Runs every shard task as one row of a Ray Dataset mapped with `map`."""

    name = "ray"

    def __init__(self) -> None:
        self._ray = import_ray()

    def results(self, fn: ShardFn, tasks: Sequence[Task]) -> Iterator[Result]:
        ray = self._ray
        started_here = not ray.is_initialized()
        if started_here:
            # A local Ray unless RAY_ADDRESS points at a cluster.
            ray.init(ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
        try:
            rows = [{"payload": pickle.dumps((fn, task))} for task in tasks]
            dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))
            taken = dataset.map(_run_pickled).take_all()
        finally:
            if started_here:
                ray.shutdown()
        results = [pickle.loads(row["result"]) for row in taken]
        # Ray returns rows in any order; tasks are shards, and results go back in shard order.
        yield from sorted(results, key=lambda r: int(r["shard"]))
