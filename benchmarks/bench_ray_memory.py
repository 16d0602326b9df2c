"""Peak memory of a Ray Data build from a lake: the driver and the largest Ray worker.

Writes a synthetic lake (`consentgate synth --format parquet`) unless `--lake` names one,
then runs `consentgate build --source LAKE --executor ray` in a fresh workspace against the
cluster of RAY_ADDRESS (start one with `benchmarks/ray_local_cluster.sh start`). The
driver's peak RSS is the build process's VmHWM, the workers' the largest VmHWM of any `ray::`
process, both read from /proc every half second while the build runs (Linux only).

    benchmarks/ray_local_cluster.sh start && export RAY_ADDRESS=127.0.0.1:6390 RAY_AUTH_MODE=token
    PYTHONPATH=src .venv/bin/python benchmarks/bench_ray_memory.py --members 100000
    benchmarks/ray_local_cluster.sh stop

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONSENTGATE = [sys.executable, "-m", "consentgate"]


def peak_kib(pid: int | str) -> int:
    """A process's VmHWM (its peak RSS so far) in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def ray_workers_peak_kib() -> int:
    """The largest VmHWM (KiB) of the running processes whose command line starts `ray::`."""
    peaks = [0]
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes().startswith(b"ray::"):
                peaks.append(peak_kib(entry.name))
        except OSError:
            continue
    return max(peaks)


def run_build(home: Path, lake: Path, shards: int) -> tuple[float, int, int, int]:
    """Seconds, driver peak RSS (KiB) and largest worker peak RSS (KiB) of one build."""
    command = [*CONSENTGATE, "--home", str(home), "build", "--source", str(lake),
               "--executor", "ray", "--shards", str(shards), "--json"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    driver_peak = worker_peak = 0
    while proc.poll() is None:
        driver_peak = max(driver_peak, peak_kib(proc.pid))
        worker_peak = max(worker_peak, ray_workers_peak_kib())
        time.sleep(0.5)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {err.decode()[-2000:]}")
    records = int(json.loads(out)["counts"]["records"])
    return seconds, driver_peak, worker_peak, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    # One shard's rows are in one task at a time: K sets the workers' peak (a few GB a shard).
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--lake", type=Path, help="an existing lake (else one is synthesised)")
    args = parser.parse_args()
    if "RAY_ADDRESS" not in os.environ:
        raise SystemExit("RAY_ADDRESS: start a cluster first (benchmarks/ray_local_cluster.sh)")
    root = Path(tempfile.mkdtemp(prefix="cg-bench-ray-memory-"))
    lake = args.lake or root / "lake"
    synth_seconds = 0.0
    try:
        if args.lake is None:
            started = time.perf_counter()
            subprocess.run([*CONSENTGATE, "synth", "--members", str(args.members), "--seed", "1",
                            "--out", str(lake), "--format", "parquet"], check=True)  # fmt: skip
            synth_seconds = time.perf_counter() - started
        seconds, driver_kib, worker_kib, records = run_build(root / "home", lake, args.shards)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({
        "members": args.members,
        "records": records,
        "shards": args.shards,
        "synth_seconds": round(synth_seconds, 1),
        "build_seconds": round(seconds, 1),
        "records_per_s": round(records / seconds),
        "driver_peak_rss_mib": round(driver_kib / 1024),
        "largest_worker_peak_rss_mib": round(worker_kib / 1024),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
