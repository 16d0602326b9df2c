"""A dataset appears whole or not at all: SIGKILL a build mid-way, then build again.

Under every executor the build's workers die with it, so they neither run on nor hold the
dead build's lock, and the next build removes its directory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pipeline_helpers import content, insert_rows, member

from consentgate.pipeline.datasets import list_datasets
from consentgate.pipeline.writer import BUILD_PREFIX, clean_stale_builds
from consentgate.workspace import Workspace

HERE = Path(__file__).parent
SRC = HERE.parents[1] / "src"


def _start(ws: Workspace, executor: str = "local") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{HERE}"}
    return subprocess.Popen(
        [sys.executable, str(HERE / "slow_build.py"), str(ws.home), ws.database_url, executor],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for(predicate: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def _shard_files_in_tmp(ws: Workspace) -> int:
    if not ws.datasets_dir.exists():
        return 0
    return sum(
        len(list(d.glob("shard-*.parquet")))
        for d in ws.datasets_dir.iterdir()
        if d.name.startswith(BUILD_PREFIX)
    )


@pytest.mark.parametrize("after_shards", [0, 3])
def test_sigkilled_build_leaves_nothing_visible_and_next_build_works(
    sqlite_workspace: Workspace, after_shards: int
) -> None:
    ws = sqlite_workspace
    insert_rows(
        ws,
        [member(f"m{i}") for i in range(16)],
        [content(f"c{i}", f"m{i}") for i in range(16)],
    )
    proc = _start(ws)
    _wait_for(lambda: _shard_files_in_tmp(ws) >= after_shards and ws.datasets_dir.exists())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    visible = [p.name for p in ws.datasets_dir.iterdir() if not p.name.startswith(".")]
    assert visible == [] and list_datasets(ws) == []
    # The dead build's directory is cleaned by the next build, which publishes v0001.
    proc = _start(ws)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == "v0001"
    assert [p.name for p in ws.datasets_dir.iterdir()] == ["v0001"]
    assert [d.version for d in list_datasets(ws)] == ["v0001"]
    assert len(list((ws.datasets_dir / "v0001").glob("shard-*.parquet"))) == 8


def test_a_running_build_directory_is_not_cleaned(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    insert_rows(
        ws, [member(f"m{i}") for i in range(8)], [content(f"c{i}", f"m{i}") for i in range(8)]
    )
    proc = _start(ws)
    try:
        _wait_for(lambda: _shard_files_in_tmp(ws) >= 1)
        assert clean_stale_builds(ws.datasets_dir) == []  # its flock is held
    finally:
        out, _err = proc.communicate(timeout=120)
    assert out.decode().strip() == "v0001"


# ---------------------------------------------------------------- workers die with their build
def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process from /proc, None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces
    return fields[0], int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """Every living descendant of `root`: pid -> start time (so a reused pid is not confused)."""
    parents: dict[int, int] = {}
    starts: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))) is not None:
            parents[int(entry.name)], starts[int(entry.name)] = stat[1], stat[2]
    found: dict[int, int] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = starts[pid]
                frontier.append(pid)
    return found


# Ray's node agents (dashboard and runtime-env agents) see their raylet die at once, then try
# to report its unexpected end to the GCS, which is gone too, and exit when that times out:
# they hold no task and no lock of the build, so the next build need not wait for them.
RAY_AGENT_EXIT_S = 120.0
RAY_AGENTS = (
    "ray::DashboardAgent",
    "ray::RuntimeEnvAgent",
    "dashboard/agent.py",
    "runtime_env/agent",
)


def _is_ray_agent(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return any(name in cmdline for name in RAY_AGENTS)


def elapsed(since: float) -> float:
    return time.monotonic() - since


def _still_running(recorded: dict[int, int]) -> list[int]:
    """The recorded processes that still run (a zombie waiting for its reaper has ended)."""
    alive = []
    for pid, start in recorded.items():
        stat = _proc_stat(pid)
        if stat is not None and stat[2] == start and stat[0] not in ("Z", "X"):
            alive.append(pid)
    return alive


def _executors() -> list[object]:
    try:
        import ray  # noqa: F401

        has_ray = True
    except ImportError:
        has_ray = False
    ray_mark = pytest.mark.skipif(not has_ray, reason="ray is not installed (the [ray] extra)")
    return ["local", "processes", pytest.param("ray", marks=ray_mark)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="walks /proc (Linux)")
@pytest.mark.parametrize("executor", _executors())
def test_sigkilled_build_takes_its_workers_and_the_next_build_cleans_up(
    sqlite_workspace: Workspace, executor: str
) -> None:
    ws = sqlite_workspace
    insert_rows(
        ws, [member(f"m{i}") for i in range(16)], [content(f"c{i}", f"m{i}") for i in range(16)]
    )
    proc = _start(ws, executor)
    workers: dict[int, int] = {}
    try:
        # Kill while shards are being written: the workers are busy then.
        _wait_for(lambda: _shard_files_in_tmp(ws) >= 1)
        workers = _descendants(proc.pid)
        if executor != "local":
            assert workers, "the build runs no worker process"
        proc.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        proc.wait(timeout=30)
        agents = {pid: start for pid, start in workers.items() if _is_ray_agent(pid)}
        tasks = {pid: start for pid, start in workers.items() if pid not in agents}
        _wait_for(lambda: not _still_running(tasks), timeout=15)
        dead_builds = [d for d in ws.datasets_dir.iterdir() if d.name.startswith(BUILD_PREFIX)]
        assert len(dead_builds) == 1
        proc = _start(ws, executor)
        out, err = proc.communicate(timeout=180)
        _wait_for(lambda: not _still_running(agents), timeout=RAY_AGENT_EXIT_S - elapsed(killed_at))
    finally:
        for pid in _still_running(workers):  # only on failure: leave no stray worker behind
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == "v0001"
    assert not dead_builds[0].exists()  # removed by the next build's clean-up
    assert [p.name for p in ws.datasets_dir.iterdir()] == ["v0001"]
    assert len(list((ws.datasets_dir / "v0001").glob("shard-*.parquet"))) == 8


def test_a_worker_whose_build_already_died_ends_at_once() -> None:
    """The race: the build dies between the worker's fork and its initializer."""
    code = (
        "import os\n"
        "from consentgate.pipeline.executors.processes import die_with_build\n"
        "die_with_build(os.getppid() + 1_000_000)\n"  # not our parent: the build is gone
        "print('still running')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, b"")
