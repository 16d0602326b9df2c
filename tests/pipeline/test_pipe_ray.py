"""`build --source LAKE --executor ray`: one Ray Data job on a two-node cluster gives the
local executor's files byte for byte; a worker killed mid-build is retried to the same files;
a driver killed mid-build publishes nothing.

The first test runs in `make test` (tiny data, ~30-60 s with the cluster's start); the two
failure tests are benchmarks (each starts its own cluster or Ray driver).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from consentgate.network.export import export_lake
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import BuildComponents, DatasetInfo, build_dataset
from consentgate.pipeline.components import default_components
from consentgate.pipeline.writer import BUILD_PREFIX
from consentgate.workspace import Workspace

ray = pytest.importorskip("ray", reason="ray is not installed (the [ray] extra)")
cluster_utils = pytest.importorskip("ray.cluster_utils")

HERE = Path(__file__).resolve().parent
SRC = HERE.parent.parent / "src"
AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
SHARDS = 4
SOURCE_FIELDS = ("version", "created_at", "build", "source", "snapshot_marks", "ledger_head")


@pytest.fixture
def two_nodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A head and a worker node (one CPU each, small object stores), this process its driver."""
    # The workers import this test's helpers (a redactor factory that kills its worker).
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC), str(HERE)]))
    cluster = cluster_utils.Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "object_store_memory": 80 * 2**20},
    )
    cluster.add_node(num_cpus=1, object_store_memory=80 * 2**20)
    ray.init(address=cluster.address, log_to_driver=False, include_dashboard=False)
    try:
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


def _lake(ws: Workspace, tmp: Path, members: int = 30) -> Path:
    generate_network(members, seed=5).write_interchange(tmp / "jsonl")
    import_directory(ws, tmp / "jsonl")
    export_lake(ws, str(tmp / "lake"), buckets=3)
    return tmp / "lake"


def _build(ws: Workspace, lake: Path, executor: str, **kw: Any) -> DatasetInfo:
    return build_dataset(ws, as_of=AS_OF, policy="linkedin-2025", shards=SHARDS,
                         source=str(lake), executor=executor, **kw)  # fmt: skip


def _same(a: DatasetInfo, b: DatasetInfo) -> None:
    files = sorted(p.name for p in a.path.glob("*.parquet"))
    assert len(files) == SHARDS + 1
    for name in files:
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes(), name
    strip = lambda m: {k: v for k, v in m.items() if k not in SOURCE_FIELDS}  # noqa: E731
    assert strip(a.manifest) == strip(b.manifest)


def test_ray_data_build_is_byte_identical_to_local(
    sqlite_workspace: Workspace, tmp_path: Path, two_nodes: Any
) -> None:
    lake = _lake(sqlite_workspace, tmp_path)
    local = _build(sqlite_workspace, lake, "local")
    on_ray = _build(sqlite_workspace, lake, "ray")
    assert on_ray.manifest["build"]["executor"] == "ray"
    assert local.manifest["counts"]["written"] > 0
    _same(local, on_ray)


@dataclass(frozen=True)
class DyingOnce:
    """A redactor factory whose first use, on whichever worker, ends that worker's process."""

    marker: str

    def __call__(self, names: Sequence[str], suppressed: Any = None, **kw: Any) -> Any:
        if not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)
        return default_components().shard.redactor_factory(names, suppressed, **kw)


@pytest.mark.benchmark
def test_worker_killed_mid_build_gives_the_same_files(
    sqlite_workspace: Workspace, tmp_path: Path, two_nodes: Any
) -> None:
    lake = _lake(sqlite_workspace, tmp_path)
    local = _build(sqlite_workspace, lake, "local")
    parts: BuildComponents = default_components()
    marker = tmp_path / "died"
    parts.shard.redactor_factory = DyingOnce(str(marker))
    on_ray = _build(sqlite_workspace, lake, "ray", components=parts)
    assert marker.exists() and int(marker.read_text()) != os.getpid()
    _same(local, on_ray)


@pytest.mark.benchmark
def test_driver_killed_mid_build_leaves_no_visible_version(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    lake = _lake(ws, tmp_path, members=60)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE)])}
    argv = [sys.executable, "-m", "consentgate", "--home", str(ws.home), "build",
            "--source", str(lake), "--executor", "ray", "--shards", str(SHARDS)]  # fmt: skip
    ws.datasets_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    # Kill the driver once the Ray job has started writing into its build directory.
    while time.monotonic() < deadline and proc.poll() is None:
        builds = list(ws.datasets_dir.glob(f"{BUILD_PREFIX}*"))
        if any((d / "_spill").exists() and any((d / "_spill").iterdir()) for d in builds):
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    versions = [d.name for d in ws.datasets_dir.iterdir() if not d.name.startswith(BUILD_PREFIX)]
    assert versions == []
