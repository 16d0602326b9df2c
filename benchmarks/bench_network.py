"""Benchmark: `synth` of N members and `import` of the result on SQLite and PostgreSQL.

    PYTHONPATH=src python benchmarks/bench_network.py --members 100000 [--postgres URL]

Reports wall-clock and CPU seconds (the machine may be shared: CPU time is the steadier
figure) and records/s for each step, plus the re-import (idempotent, all unchanged) and
export. PostgreSQL runs in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from consentgate.network.export import export_directory
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.workspace import Workspace

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _timed(
    step: str, records: int | Callable[[Any], int], fn: Callable[[], Any]
) -> tuple[Any, dict[str, Any]]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if callable(records):
        records = records(result)
    row = {
        "step": step,
        "records": records,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "records_per_s_wall": round(records / wall),
        "records_per_s_cpu": round(records / cpu) if cpu else None,
    }
    print(json.dumps(row), flush=True)
    return result, row


@contextmanager
def _postgres_schema(url: str) -> Iterator[str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _import_round(label: str, ws: Workspace, directory: Path, records: int, out: Path) -> None:
    _ = ws.engine  # migrations are not part of the measurement
    _timed(f"import ({label})", records, lambda: import_directory(ws, directory))
    _timed(f"re-import, all unchanged ({label})", records, lambda: import_directory(ws, directory))
    _timed(f"export ({label})", records, lambda: export_directory(ws, out))
    ws.close()


def _count(network: Any) -> int:
    return len(network.members) + len(network.content) + len(network.events)


def run(members: int, seed: int, postgres: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        root = Path(tmp)
        network, _ = _timed("synth (generate)", _count, lambda: generate_network(members, seed))
        records = _count(network)
        print(f"# {network.summary()}", flush=True)
        write = network.write_interchange
        _timed("synth (write files)", records, lambda: write(root / "net"))
        network = None  # free the generated lines before importing
        _import_round("sqlite", Workspace.open(root / "home"), root / "net", records, root / "e1")
        if postgres:
            with _postgres_schema(postgres) as url:
                ws = Workspace.open(root / "home-pg", url)
                _import_round("postgresql", ws, root / "net", records, root / "e2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"# load: {os.getloadavg()}, cpus: {os.cpu_count()}", flush=True)
    run(args.members, args.seed, None if args.no_postgres else args.postgres)


@pytest.mark.benchmark
def test_bench_network_small() -> None:
    """A 5,000-member run under `make bench`; benchmarks/README.md figures come from main()."""
    run(5000, 1, None)


if __name__ == "__main__":
    main()
