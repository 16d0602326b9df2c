"""`make bench`: a short API load run per backend; zero errors and zero lost events."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str | None:
    url = os.environ.get("CONSENTGATE_TEST_POSTGRES_URL") or PG_DEFAULT
    try:
        import psycopg

        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=2):
            return url
    except Exception:
        return None


@pytest.mark.benchmark
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_api_load_loses_nothing(backend: str, tmp_path: Path) -> None:
    pg_url = _postgres_url() if backend == "postgres" else None
    if backend == "postgres" and pg_url is None:
        pytest.skip("no PostgreSQL server (set CONSENTGATE_TEST_POSTGRES_URL)")
    loadgen = "wrk" if shutil.which("wrk") else "httpx"
    out = tmp_path / "bench.json"
    command = [
        sys.executable, str(ROOT / "benchmarks" / "bench_api.py"), "--backend", backend,
        "--loadgen", loadgen, "--seconds", "5", "--requests", "2000", "--members", "500",
        "--json", str(out),
    ]  # fmt: skip
    if pg_url:
        command += ["--database-url", pg_url]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(command, check=True, env=env, timeout=300)
    (result,) = json.loads(out.read_text())
    print(json.dumps(result))
    assert result["lost_events"] == 0 and result["chain_ok"]
    assert result.get("non_200", 0) == 0 and not result.get("timeouts")
    assert result.get("statuses", {"200": 1}).keys() == {"200"}
