"""The executor interface: map a picklable function over picklable per-shard tasks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol


class Executor(Protocol):
    """Runs `fn(task)` for every task; results come back in task order."""

    name: str

    def map(
        self,
        fn: Callable[[Any], dict[str, Any]],
        tasks: Sequence[Any],
        on_done: Callable[[dict[str, Any]], None] | None = None,
    ) -> list[dict[str, Any]]: ...
