"""Process-pool executor: shards in parallel on this machine's cores.

Each worker process builds its own redactor once (the task's components are pickled and the
cache lives on the worker's copy), then takes shards as they come.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any


class ProcessExecutor:
    """Runs tasks in a pool of `workers` processes (default: the CPU count)."""

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def map(
        self,
        fn: Callable[[Any], dict[str, Any]],
        tasks: Sequence[Any],
        on_done: Callable[[dict[str, Any]], None] | None = None,
    ) -> list[dict[str, Any]]:
        if self.workers == 1 or len(tasks) < 2:
            results = [fn(task) for task in tasks]
            for result in results:
                if on_done is not None:
                    on_done(result)
            return results
        with ProcessPoolExecutor(max_workers=min(self.workers, len(tasks))) as pool:
            results = []
            for result in pool.map(fn, tasks):
                if on_done is not None:
                    on_done(result)
                results.append(result)
        return results
