"""Consent feed benchmark: delivery latency from a member's click to a webhook receiver, and
the API's choices per second with the feed's delivery worker on against off.

Each round runs the API load of bench_api.py twice on fresh workspaces, in the order off, on
(alternating, so both sides share the machine's background load): "off" serves the app
alone; "on" also runs `consentgate deliver` with a webhook subscribed to a receiver in a
process of its own, which gets every choice. Before the "on" load, `--clicks` single choices
are sent one at a time (20 a second) and each is timed from the moment its PUT was sent to
the moment the receiver got its signed delivery: that is the latency, p50 and p99. The
outbox row itself is written by every append in both modes (it is part of the ledger's
transaction); `paired.py --before <commit before the feed>` measures that cost.

    PYTHONPATH=src python benchmarks/bench_feed.py --backend sqlite --rounds 3 --requests 6000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from bench_api import (
    ENDPOINT,
    drop_schema,
    free_port,
    load,
    make_database,
    percentile,
    populate,
    start_server,
    tree_cpu_seconds,
)

from consentgate.workflows.webhooks import register_webhook
from consentgate.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src"


def receive(port: int, log: str) -> None:
    """The receiver process: answers 200 and logs `member_id arrival_time` per delivery."""
    out = open(log, "a", buffering=1)  # noqa: SIM115 (held for the process's life)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            arrived = time.time()
            out.write(f"{json.loads(body)['data']['member_id']} {arrived}\n")
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def start_feed(ws: Workspace, log: Path) -> list[subprocess.Popen[bytes]]:
    """The receiver, its webhook, and the delivery worker."""
    port = free_port()
    code = f"import bench_feed; bench_feed.receive({port}, {str(log)!r})"
    here = str(Path(__file__).resolve().parent)
    env = {**os.environ, "PYTHONPATH": f"{here}:{SRC}"}
    receiver = subprocess.Popen([sys.executable, "-c", code], env=env)
    time.sleep(0.5)
    from ipaddress import ip_network

    with ws.session() as session:
        register_webhook(
            session,
            f"http://127.0.0.1:{port}/",
            ["ai_training_setting"],
            (ip_network("127.0.0.1/32"),),
        )
        session.commit()
    worker_env = {
        **env,
        "CONSENTGATE_HOME": str(ws.home),
        "CONSENTGATE_DATABASE_URL": ws.database_url,
        "CONSENTGATE_FEED_ALLOW_NETWORKS": "127.0.0.1/32",
        "CONSENTGATE_FEED_POLL_S": "0.01",
    }
    command = [sys.executable, "-m", "consentgate", "deliver"]
    worker = subprocess.Popen(command, env=worker_env, stdout=subprocess.DEVNULL)
    return [worker, receiver]


def arrivals(log: Path) -> dict[str, float]:
    """Each member's first arrival at the receiver."""
    first: dict[str, float] = {}
    if log.exists():
        for line in log.read_text().splitlines():
            member, at = line.split()
            first.setdefault(member, float(at))
    return first


def clicks(base: str, tokens: list[str], count: int, log: Path) -> list[float]:
    """`count` choices of distinct members, 20 a second; latency of each to the receiver."""
    sent: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        # One click first, not timed: the worker is up and subscribed once it arrives.
        headers = {"Authorization": f"Bearer {tokens[count]}"}
        client.put(ENDPOINT, json={"enabled": False, "channel": "api"}, headers=headers)
        deadline = time.monotonic() + 60
        while f"b{count:07d}" not in arrivals(log) and time.monotonic() < deadline:
            time.sleep(0.05)
        for i in range(count):
            member = f"b{i:07d}"
            sent[member] = time.time()
            headers = {"Authorization": f"Bearer {tokens[i]}"}
            client.put(ENDPOINT, json={"enabled": False, "channel": "api"}, headers=headers)
            time.sleep(0.05)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(arrivals(log).keys() & sent.keys()) < count:
        time.sleep(0.1)
    got = arrivals(log)
    return [got[m] - t for m, t in sent.items() if m in got]


def run_mode(backend: str, feed: bool, args: argparse.Namespace) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix=f"bench-feed-{backend}-"))
    url, schema = make_database(backend, home, args.database_url)
    ws = Workspace.open(home, url)
    extra: list[subprocess.Popen[bytes]] = []
    try:
        tokens = populate(ws, args.members)
        port = free_port()
        server = start_server(ws, port, args.workers, secrets.token_urlsafe(48))
        extra.append(server)
        base = f"http://127.0.0.1:{port}"
        result: dict[str, Any] = {"backend": backend, "feed": feed}
        if feed:
            log = home / "arrivals.log"
            extra += start_feed(ws, log)
            latencies = clicks(base, tokens, args.clicks, log)
            result["delivered"] = len(latencies)
            result["latency_p50_ms"] = round(1000 * percentile(latencies, 0.50), 1)
            result["latency_p99_ms"] = round(1000 * percentile(latencies, 0.99), 1)
        asyncio.run(load(base, tokens, args.warmup, args.concurrency))
        cpu = {p.pid: tree_cpu_seconds(p.pid) for p in extra}
        _, statuses, errors, elapsed = asyncio.run(
            load(base, tokens, args.requests, args.concurrency)
        )
        result["requests_per_s"] = round(statuses.get(200, 0) / elapsed, 1)
        spent = [tree_cpu_seconds(p.pid) - cpu[p.pid] for p in extra]
        per_request = [round(1000 * s / args.requests, 2) for s in spent]
        result["server_cpu_ms_per_request"] = per_request[0]
        if feed:  # the worker's CPU while the load ran, per choice it had to deliver
            result["worker_cpu_ms_per_choice"] = per_request[1]
            result["receiver_cpu_ms_per_choice"] = per_request[2]
        result["non_200"] = sum(n for s, n in statuses.items() if s != 200) + errors
        return result
    finally:
        for process in extra:
            process.terminate()
            process.wait(30)
        ws.close()
        if schema:
            drop_schema(args.database_url, schema)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "CONSENTGATE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clicks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for _ in range(args.rounds):
        for feed in (False, True):
            runs.append(run_mode(args.backend, feed, args))
            print(json.dumps(runs[-1]), flush=True)
    off = statistics.median(r["requests_per_s"] for r in runs if not r["feed"])
    on_runs = [r for r in runs if r["feed"]]
    on = statistics.median(r["requests_per_s"] for r in on_runs)
    summary = {
        "backend": args.backend,
        "requests_per_s_off": off,
        "requests_per_s_on": on,
        "ratio_on_off": round(on / off, 3),
        "latency_p50_ms": statistics.median(r["latency_p50_ms"] for r in on_runs),
        "latency_p99_ms": statistics.median(r["latency_p99_ms"] for r in on_runs),
        "load_after": os.getloadavg(),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
