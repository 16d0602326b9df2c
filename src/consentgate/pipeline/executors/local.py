"""In-process executor: shards one after another, in this process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


class LocalExecutor:
    """Runs every task in the calling process (the redactor is built once and reused)."""

    name = "local"

    def map(
        self,
        fn: Callable[[Any], dict[str, Any]],
        tasks: Sequence[Any],
        on_done: Callable[[dict[str, Any]], None] | None = None,
    ) -> list[dict[str, Any]]:
        results = []
        for task in tasks:
            result = fn(task)
            if on_done is not None:
                on_done(result)
            results.append(result)
        return results
