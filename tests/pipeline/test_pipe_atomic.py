"""A dataset appears whole or not at all: SIGKILL a build mid-way, then build again."""

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


def _start(ws: Workspace) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{HERE}"}
    return subprocess.Popen(
        [sys.executable, str(HERE / "slow_build.py"), str(ws.home), ws.database_url],
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
