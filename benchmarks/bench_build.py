"""Dataset build benchmark: full build on a synthetic network, then an incremental one.

For each size: synthesise + import a network (once, cached under --work), run a full build
(K shards) in a fresh process, record records/s end to end and per stage and peak RSS; then
one member (who is in the dataset) says no and an incremental build with --parent runs.

usage: PYTHONPATH=src python benchmarks/bench_build.py --members 10000 100000 [--shards 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-01-15T00:00:00+00:00"
POLICY = "linkedin-2025"


def prepare(home: Path, members: int, seed: int) -> float:
    """Synthesise and import a network into `home` (skipped when already there)."""
    if (home / "db.sqlite").exists():
        return 0.0
    from consentgate.network.interchange import import_directory
    from consentgate.network.synth import generate_network
    from consentgate.workspace import Workspace

    started = time.perf_counter()
    network = generate_network(members, seed)
    files = home.parent / f"{home.name}-files"
    network.write_interchange(files)
    import_directory(Workspace.open(home), files)
    return time.perf_counter() - started


def peak_rss_kib() -> int:
    """This process's peak RSS since exec (VmHWM): ru_maxrss would count the forking parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build_once(home: Path, shards: int, parent: str | None) -> dict[str, object]:
    """One build, in this (fresh) process: timings, counts, peak RSS."""
    from consentgate.pipeline.build import build_dataset
    from consentgate.workspace import Workspace

    ws = Workspace.open(home)
    started = time.perf_counter()
    info = build_dataset(
        ws, as_of=dt.datetime.fromisoformat(AS_OF), policy=POLICY, shards=shards, parent=parent
    )
    seconds = time.perf_counter() - started
    rss_kib = peak_rss_kib()
    return {
        "version": info.version,
        "seconds": seconds,
        "records": info.manifest["counts"]["records"],
        "used": info.manifest["counts"]["used"],
        "written": info.manifest["counts"]["written"],
        "stages": info.manifest["build"]["seconds"],
        "reused": info.manifest["reused_shards"],
        "plan": info.manifest.get("incremental"),
        "peak_rss_mib": rss_kib / 1024,
    }


def say_no(home: Path, version: str) -> str:
    """A member present in `version` turns the setting off; returns their id."""
    import pyarrow.parquet as pq

    from consentgate.ledger.choices import set_choice
    from consentgate.workspace import Workspace

    ws = Workspace.open(home)
    lineage = pq.read_table(ws.datasets_dir / version / "lineage.parquet")
    member_id = str(lineage["member_id"][len(lineage) // 2])
    with ws.session() as session:
        set_choice(session, member_id, False, "web", dt.datetime(2026, 1, 10, tzinfo=dt.UTC))
    return member_id


def child(home: Path, shards: int, parent: str | None) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", str(home), "--shards", str(shards)]
    if parent:
        cmd += ["--parent", parent]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="*", default=[10_000])
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-bench-build"))
    parser.add_argument("--child", type=Path)
    parser.add_argument("--parent")
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(build_once(args.child, args.shards, args.parent)) + "\n")
        return
    sys.stdout.write(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}\n")
    for members in args.members:
        home = args.work / f"m{members}"
        home.parent.mkdir(parents=True, exist_ok=True)
        prep = prepare(home, members, args.seed)
        full = child(home, args.shards, None)
        who = say_no(home, str(full["version"]))
        inc = child(home, args.shards, str(full["version"]))
        full_rate = float(full["records"]) / float(full["seconds"])  # type: ignore[arg-type]
        report = {
            "members": members,
            "prepare_s": round(prep, 1),
            "full": full,
            "full_records_per_s": round(full_rate),
            "said_no": who,
            "incremental": inc,
            "incremental_fraction": round(float(inc["seconds"]) / float(full["seconds"]), 3),  # type: ignore[arg-type]
            "load": os.getloadavg(),
        }
        sys.stdout.write(json.dumps(report) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
