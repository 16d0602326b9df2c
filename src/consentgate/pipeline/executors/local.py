"""In-process executor: shards one after another, in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from consentgate.pipeline.executors.base import Executor, Result, ShardFn, Task


class LocalExecutor(Executor):
    """Runs every task in the calling process (the redactor is built once and reused)."""

    name = "local"

    def results(self, fn: ShardFn, tasks: Sequence[Task]) -> Iterator[Result]:
        return (fn(task) for task in tasks)
