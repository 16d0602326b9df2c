"""Process-pool executor: shards in parallel on this machine's cores.

Each worker process builds its own redactor once (the task's components are pickled and the
cache lives on the worker's copy), then takes shards as they come.

Workers die with their build, however the build dies (SIGKILL included): a forked worker
shares the build directory's flock, and one left running would keep the dead build's
directory locked (and its ~200 MB) for ever, since it waits on a queue no one feeds. For
that a worker must be a child of the build, so the start method is chosen here: fork on
Linux (the workers share the loaded modules; Python 3.14's default, forkserver, would make
them children of a server process instead), spawn elsewhere.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from consentgate.pipeline.executors.base import Executor, Result, ShardFn, Task

PR_SET_PDEATHSIG = 1  # linux/prctl.h
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
WATCH_INTERVAL_S = 0.5


def _kill_on_parent_death() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_build(build_pid: int) -> None:
    """Poll until the build process is gone, then end this worker at once."""
    while os.getppid() == build_pid:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)


def die_with_build(build_pid: int) -> None:
    """Pool initializer: this worker ends as soon as the build process `build_pid` does.

    On Linux the kernel sends SIGKILL when the parent dies; elsewhere a thread polls the
    parent pid. Either way the parent is checked once more afterwards: a build that died
    before the request took effect has already handed this worker to another parent.
    """
    if os.getppid() != build_pid or not _kill_on_parent_death():
        threading.Thread(target=_watch_build, args=(build_pid,), daemon=True).start()
    if os.getppid() != build_pid:
        os._exit(1)


class ProcessExecutor(Executor):
    """Runs tasks in a pool of `workers` processes (default: the CPU count)."""

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def results(self, fn: ShardFn, tasks: Sequence[Task]) -> Iterator[Result]:
        if self.workers == 1 or len(tasks) < 2:
            yield from (fn(task) for task in tasks)
            return
        with ProcessPoolExecutor(
            max_workers=min(self.workers, len(tasks)),
            mp_context=multiprocessing.get_context(START_METHOD),
            initializer=die_with_build,
            initargs=(os.getpid(),),
        ) as pool:
            yield from pool.map(fn, tasks)
