"""The executor interface: map a picklable function over picklable per-shard tasks.

`Executor.map` is the one loop every executor shares (results in task order, `on_done`
called as each arrives); an executor only says how results are produced (`results`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from typing import Any

Task = Any
Result = dict[str, Any]
ShardFn = Callable[[Task], Result]


class Executor(ABC):
    """Runs `fn(task)` for every task; results come back in task order."""

    name: str

    def map(
        self,
        fn: ShardFn,
        tasks: Sequence[Task],
        on_done: Callable[[Result], None] | None = None,
    ) -> list[Result]:
        out = []
        for result in self.results(fn, tasks):
            if on_done is not None:
                on_done(result)
            out.append(result)
        return out

    @abstractmethod
    def results(self, fn: ShardFn, tasks: Sequence[Task]) -> Iterator[Result]:
        """`fn(task)` of every task, in task order, each yielded as soon as it is known."""
