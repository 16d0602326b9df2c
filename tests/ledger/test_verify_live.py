"""`ledger verify` on a live ledger (the DPO dashboard during API traffic) finds nothing:
it reads the heads outside the database first, then one snapshot of the database."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.workspace import Workspace

APPENDS = 60


def _writer(home: str, url: str, started: object) -> None:
    ws = Workspace.open(Path(home), url)
    started.set()  # type: ignore[attr-defined]
    for i in range(APPENDS):
        at = dt.datetime(2025, 10, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
        with ws.session() as s:
            ConsentLedger(s).append(LedgerEvent(f"e{i}", "m1", at, "objection", "form"))
    ws.close()


def test_verify_while_a_writer_appends(workspace: Workspace) -> None:
    workspace.close()
    ctx = mp.get_context("fork")
    started = ctx.Event()
    writer = ctx.Process(
        target=_writer, args=(str(workspace.home), workspace.database_url, started)
    )
    writer.start()
    started.wait(30)
    reports = []
    while writer.is_alive() or not reports:
        with workspace.session() as s:
            reports.append(verify_ledger(s))
    writer.join(60)
    assert writer.exitcode == 0
    assert all(r.ok for r in reports), next(r.to_dict() for r in reports if not r.ok)
    with workspace.session() as s:
        final = verify_ledger(s)
    assert final.ok and final.count == APPENDS and len(reports) > 1
