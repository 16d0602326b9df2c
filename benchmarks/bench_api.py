"""Load benchmark: members set their AI-training choice through the API, concurrently.

uvicorn runs the app with production settings (CONSENTGATE_ENV=production, uvloop + httptools,
no access log, N workers) on 127.0.0.1; an asyncio httpx client on the same machine sends
PUT /api/v1/me/ai-training-setting with bearer tokens of many members. Afterwards the
ledger's ai_training_setting events are counted: every 200 must be one event (no lost
writes), and the hash chain must verify.

    PYTHONPATH=src python benchmarks/bench_api.py --backend sqlite --requests 20000
    PYTHONPATH=src python benchmarks/bench_api.py --backend postgres \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from consentgate.ledger.verify import verify_ledger
from consentgate.models import AuthSession, ConsentEvent, Member, MemberSecret
from consentgate.network.passwords import hash_password
from consentgate.network.sessions import token_hash
from consentgate.workspace import Workspace

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENDPOINT = "/api/v1/me/ai-training-setting"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_database(backend: str, home: Path, pg_url: str) -> tuple[str, str | None]:
    """A fresh database URL (and the PostgreSQL schema to drop afterwards)."""
    if backend == "sqlite":
        return f"sqlite:///{home / 'db.sqlite'}", None
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg_url}?options=-csearch_path%3D{schema}", schema


def drop_schema(pg_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def populate(ws: Workspace, members: int) -> list[str]:
    """`members` members with a password and a live API token each, inserted in bulk; the
    tokens (what the apps hold after POST /api/v1/auth/token)."""
    ids = [f"b{i:07d}" for i in range(members)]
    tokens = [secrets.token_urlsafe(32) for _ in ids]
    digest = hash_password("benchmark password")
    created = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    countries = ["FR", "US", "DE", "GB", "IN", "BR", "CA"]
    with ws.session() as session:
        session.execute(
            insert(Member),
            [
                {
                    "member_id": m,
                    "name": f"Member {m}",
                    "email": f"{m}@example.com",
                    "birth_date": dt.date(1980 + i % 25, 1 + i % 12, 1 + i % 28),
                    "country": countries[i % len(countries)],
                    "created_at": created,
                    "positions": [],
                    "education": [],
                    "skills": [],
                }
                for i, m in enumerate(ids)
            ],
        )
        session.execute(
            insert(MemberSecret), [{"member_id": m, "password_hash": digest} for m in ids]
        )
        now = dt.datetime.now(dt.UTC)
        session.execute(
            insert(AuthSession),
            [
                {
                    "token_hash": token_hash(token),
                    "purpose": "bearer",
                    "kind": "member",
                    "member_id": m,
                    "created_at": now,
                    "expires_at": now + dt.timedelta(hours=6),
                }
                for m, token in zip(ids, tokens, strict=True)
            ],
        )
    return tokens


def count_choice_events(ws: Workspace) -> int:
    with ws.session() as session:
        query = select(func.count()).where(ConsentEvent.type == "ai_training_setting")
        return int(session.scalar(query) or 0)


def _choice(module: str) -> str:
    """uvicorn's production choice (uvicorn[standard]) when installed, else its default."""
    import importlib.util

    return module if importlib.util.find_spec(module) else "auto"


def start_server(ws: Workspace, port: int, workers: int, secret: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CONSENTGATE_ENV": "production",
        "CONSENTGATE_SECRET_KEY": secret,
        "CONSENTGATE_HOME": str(ws.home),
        "CONSENTGATE_DATABASE_URL": ws.database_url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
    }
    command = [
        sys.executable, "-m", "uvicorn", "consentgate.web.asgi:app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--loop", _choice("uvloop"), "--http", _choice("httptools"),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("uvicorn did not start in 60 s")


async def load(
    base: str, tokens: list[str], requests: int, concurrency: int
) -> tuple[list[float], dict[int, int], int, float]:
    """Send `requests` PUTs from `concurrency` connections; latencies (s), statuses, errors."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal next_index, errors
            while next_index < requests:
                i = next_index
                next_index += 1
                headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
                body = {"enabled": bool(i % 2), "channel": "api"}
                start = time.perf_counter()
                try:
                    response = await client.put(ENDPOINT, json=body, headers=headers)
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - start)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, statuses, errors, elapsed


def wrk_load(base: str, tokens: list[str], seconds: int, concurrency: int) -> dict[str, Any]:
    """Drive the server with wrk (C, so the load generator takes little of the 2 cores)."""
    token_file = Path(tempfile.mkstemp(suffix=".tokens")[1])
    token_file.write_text("\n".join(tokens) + "\n")
    script = Path(__file__).with_name("bench_api_wrk.lua")
    threads = min(2, concurrency)
    command = [
        "wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(script), base, "--", str(token_file),
    ]  # fmt: skip
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        token_file.unlink()
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return dict(json.loads(line.removeprefix("WRKJSON ")))


def tree_cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of a process and its live children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix=f"bench-web-{backend}-"))
    url, schema = make_database(backend, home, args.database_url)
    ws = Workspace.open(home, url)
    try:
        tokens = populate(ws, args.members)
        secret = secrets.token_urlsafe(48)
        port = free_port()
        server = start_server(ws, port, args.workers, secret)
        try:
            base = f"http://127.0.0.1:{port}"
            before = count_choice_events(ws)
            load_before = os.getloadavg()  # the machine is shared: what else was running
            warm = asyncio.run(load(base, tokens, args.warmup, args.concurrency))
            cpu_before = tree_cpu_seconds(server.pid)
            if args.loadgen == "wrk":
                stats = wrk_load(base, tokens, args.seconds, args.concurrency)
            else:
                latencies, statuses, errors, elapsed = asyncio.run(
                    load(base, tokens, args.requests, args.concurrency)
                )
            server_cpu = tree_cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(30)
        if args.loadgen == "wrk":
            result = wrk_result(ws, backend, args, stats, warm, before)
            result["load_before"] = load_before
            result["server_cpu_ms_per_request"] = round(1000 * server_cpu / stats["requests"], 2)
            return result
        ok = statuses.get(200, 0) + warm[1].get(200, 0)
        recorded = count_choice_events(ws) - before
        with ws.session() as session:
            chain = verify_ledger(session)
        return {
            "backend": backend,
            "loadgen": "httpx",
            "workers": args.workers,
            "concurrency": args.concurrency,
            "members": args.members,
            "requests": args.requests,
            "seconds": round(elapsed, 2),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
            "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
            "statuses": statuses,
            "transport_errors": errors + warm[2],
            "ok_responses": ok,
            "events_recorded": recorded,
            "lost_events": ok - recorded,
            "chain_ok": chain.ok,
            "chain_events": chain.count,
            "load_before": load_before,
            "load_after": os.getloadavg(),
            "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, len(latencies)), 2),
        }
    finally:
        ws.close()
        if schema:
            drop_schema(args.database_url, schema)
        shutil.rmtree(home, ignore_errors=True)


def wrk_result(
    ws: Workspace,
    backend: str,
    args: argparse.Namespace,
    stats: dict[str, Any],
    warm: tuple[list[float], dict[int, int], int, float],
    before: int,
) -> dict[str, Any]:
    """Figures of a wrk run; wrk stops mid-flight, so up to `concurrency` extra events."""
    ok = stats["ok"] + warm[1].get(200, 0)
    recorded = count_choice_events(ws) - before
    with ws.session() as session:
        chain = verify_ledger(session)
    seconds = stats["duration_us"] / 1e6
    return {
        "backend": backend,
        "loadgen": "wrk",
        "workers": args.workers,
        "concurrency": args.concurrency,
        "members": args.members,
        "seconds": round(seconds, 2),
        "requests": stats["requests"],
        "requests_per_s": round(stats["requests"] / seconds, 1),
        "p50_ms": stats["p50_us"] / 1000,
        "p90_ms": stats["p90_us"] / 1000,
        "p99_ms": stats["p99_us"] / 1000,
        "non_200": stats["non_200"],
        "socket_errors": sum(stats[k] for k in ("connect_errors", "read_errors", "write_errors")),
        "timeouts": stats["timeouts"],
        "ok_responses": ok,
        "events_recorded": recorded,
        "lost_events": max(0, ok - recorded),
        "in_flight_at_stop": recorded - ok,
        "chain_ok": chain.ok,
        "chain_events": chain.count,
        "load_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--database-url", default=os.environ.get("CONSENTGATE_TEST_POSTGRES_URL", PG_DEFAULT)
    )
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--loadgen", choices=["httpx", "wrk"], default="wrk")
    parser.add_argument("--seconds", type=int, default=20, help="wrk run length")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        result = run(backend, args)
        results.append(result)
        print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
