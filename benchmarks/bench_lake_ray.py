"""Records per second of a build from a lake: Ray Data against the local executor, same run.

Writes a synthetic lake (`synth --format parquet`), then builds it alternately with
`--executor local` and `--executor ray` (Ray started once, locally, or the cluster of
RAY_ADDRESS) in a fresh workspace each time with the same shard key, checks that the files
are byte-identical, and prints the median records a second of each and their ratio, with the
driver's peak RSS. On a 2-core machine no speed-up is expected: the ratio shows Ray's overhead.

    PYTHONPATH=src python benchmarks/bench_lake_ray.py --members 2000 --rounds 2

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from consentgate.network.lake import write_lake
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import build_dataset
from consentgate.pipeline.executors.ray import import_ray, quiet_ray
from consentgate.pipeline.sharding import KEY_FILE
from consentgate.workspace import Workspace

AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def build(root: Path, lake: Path, executor: str, key: bytes, shards: int) -> tuple[float, int]:
    home = Path(tempfile.mkdtemp(dir=root, prefix=f"{executor}-"))
    (home / KEY_FILE).parent.mkdir(parents=True, exist_ok=True)
    (home / KEY_FILE).write_text(key.hex() + "\n")
    ws = Workspace.open(home)
    try:
        started = time.perf_counter()
        info = build_dataset(ws, as_of=AS_OF, policy="linkedin-2025", shards=shards,
                             source=str(lake), executor=executor)  # fmt: skip
        seconds = time.perf_counter() - started
        files = {p.name: p.read_bytes() for p in info.path.glob("*.parquet")}
    finally:
        ws.close()
    digests = sorted((name, hashlib.sha256(data).hexdigest()) for name, data in files.items())
    (root / f"{executor}.files").write_text(json.dumps(digests))
    return seconds, int(info.manifest["counts"]["records"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cg-bench-lake-"))
    try:
        network = generate_network(args.members, seed=1)
        tables = {"members": network.members, "content": network.content,
                  "events": network.events}  # fmt: skip
        write_lake(str(root / "lake"), tables, source="bench", buckets=8)
        del network, tables
        key = bytes(range(32))
        ray = import_ray()
        shutdown = quiet_ray(ray, verbose=False)
        rates: dict[str, list[float]] = {"local": [], "ray": []}
        try:
            for _ in range(args.rounds):
                for executor in ("local", "ray"):
                    seconds, records = build(root, root / "lake", executor, key, args.shards)
                    rates[executor].append(records / seconds)
                same = (root / "local.files").read_bytes() == (root / "ray.files").read_bytes()
                assert same, "ray and local builds differ"
        finally:
            shutdown()
        local, on_ray = statistics.median(rates["local"]), statistics.median(rates["ray"])
        result = {
            "members": args.members,
            "records": records,
            "local_records_per_s": round(local),
            "ray_records_per_s": round(on_ray),
            "ratio_ray_to_local": round(on_ray / local, 3),
            "driver_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "identical_files": True,
        }
        print(json.dumps(result))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
