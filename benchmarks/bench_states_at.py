"""ConsentLedger.states_at through the database (SQLite, or PostgreSQL with --database-url).

    PYTHONPATH=src python benchmarks/bench_states_at.py --members 200000 --events 600000

Rows are bulk-inserted straight into the tables (the hash chain is not what is measured;
states_at does not read it), then states_at is timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentEvent, Member
from consentgate.policy import load_policy
from consentgate.workspace import Workspace

UTC = dt.UTC
TYPES = ["ai_training_setting", "notice_delivered", "notice_response", "objection", "restriction"]


def _born(i: int) -> dt.date:
    """Births from 1995 to 2009, some on 29 February: many 18th birthdays fall among the events."""
    if i % 97 == 0:
        return dt.date(2008, 2, 29)
    return dt.date(1995 + i % 15, 1 + i % 12, 1 + i % 28)


def fill(ws: Workspace, members: int, events: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    base = dt.datetime(2024, 6, 1, tzinfo=UTC)
    with ws.session() as session:
        for start in range(0, members, 50_000):
            session.execute(
                insert(Member),
                [
                    {
                        "member_id": f"m{i:08d}",
                        "name": "x",
                        "birth_date": _born(i),
                        "country": ("FR", "US", "CA")[i % 3],
                        "created_at": base,
                        "positions": [],
                        "education": [],
                        "skills": [],
                    }
                    for i in range(start, min(members, start + 50_000))
                ],
            )
        owners = rng.integers(0, members, events)
        kinds = rng.choice(len(TYPES), events, p=[0.4, 0.4, 0.16, 0.02, 0.02])
        minutes = rng.integers(0, 800_000, events)
        for start in range(0, events, 50_000):
            rows = []
            for j in range(start, min(events, start + 50_000)):
                etype = TYPES[kinds[j]]
                value: object = None
                if etype == "ai_training_setting":
                    value = bool(j % 2)
                elif etype == "notice_response":
                    value = "accept" if j % 2 else "refuse"
                rows.append(
                    {
                        "event_id": f"e{j:09d}",
                        "member_id": f"m{owners[j]:08d}",
                        "at": base + dt.timedelta(minutes=int(minutes[j])),
                        "type": etype,
                        "value": value,
                        "channel": "import",
                        "recorded_at": base,
                        "policy_version": "linkedin-2025" if etype.startswith("notice") else None,
                    }
                )
            session.execute(insert(ConsentEvent), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=600_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp), args.database_url)
        start = time.perf_counter()
        fill(ws, args.members, args.events)
        print(f"fill (not counted)   {time.perf_counter() - start:7.2f} s")
        policy = load_policy("linkedin-2025")
        for run in range(3):
            start = time.perf_counter()
            with ws.session() as session:
                table = ConsentLedger(session).states_at(
                    dt.datetime(2025, 12, 1, tzinfo=UTC), policy
                )
            took = time.perf_counter() - start
            print(f"states_at run {run + 1}      {took:7.2f} s ({table.num_rows} rows)")
        ws.close()


if __name__ == "__main__":
    main()
