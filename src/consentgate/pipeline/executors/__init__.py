"""Executors run the per-shard work of a build; stages never know which one runs them."""

from __future__ import annotations

from consentgate.errors import ConfigError
from consentgate.pipeline.executors.base import Executor
from consentgate.pipeline.executors.local import LocalExecutor
from consentgate.pipeline.executors.processes import ProcessExecutor
from consentgate.pipeline.executors.ray import RayExecutor

EXECUTORS = ("local", "processes", "ray")


def get_executor(name: str) -> Executor:
    """The executor called `name`: `local`, `processes`, or `ray` (the `[ray]` extra)."""
    if name == "local":
        return LocalExecutor()
    if name == "processes":
        return ProcessExecutor()
    if name == "ray":
        return RayExecutor()
    raise ConfigError(f"--executor: unknown executor {name!r} (choose from {', '.join(EXECUTORS)})")


__all__ = [
    "EXECUTORS",
    "Executor",
    "LocalExecutor",
    "ProcessExecutor",
    "RayExecutor",
    "get_executor",
]
