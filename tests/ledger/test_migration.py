"""Migration 0004 upgrades a workspace made at 0003 in place: re-chained, signed, verified."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, DateTime, Engine, String, column, insert, select, table, text

from consentgate.db import MIGRATIONS_DIR, create_engine_for
from consentgate.errors import LedgerTamperError
from consentgate.ledger.events import event_hash, stored_fields
from consentgate.ledger.merkle import root_of
from consentgate.ledger.store import current_head
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent
from consentgate.workspace import Workspace

UTC = dt.UTC
RECORDED = dt.datetime(2025, 10, 5, 12, 0, 0, 123456, tzinfo=UTC)
EVENTS = [
    ("e1", "m1", dt.datetime(2025, 10, 1, 8, tzinfo=UTC), "ai_training_setting", "web", True, None),
    ("e2", "m2", dt.datetime(2025, 10, 1, 9, tzinfo=UTC), "notice_delivered", "web", None, "p1"),
    ("e3", "m2", dt.datetime(2025, 10, 2, 9, tzinfo=UTC), "notice_response", "ios", "refuse", "p1"),
    ("e4", "m1", dt.datetime(2025, 10, 3, 9, tzinfo=UTC), "objection", "form", None, None),
]


# consent_events as revision 0003 wrote it, through SQLAlchemy's types.
EVENTS_0003 = table(
    "consent_events",
    *(column(name, String()) for name in ("event_id", "member_id", "type", "channel")),
    column("at", DateTime(timezone=True)),
    column("value", JSON()),
    *(column(name, String()) for name in ("policy_version", "prev_hash", "hash")),
    column("recorded_at", DateTime(timezone=True)),
)


def _old_hash(prev: str | None, event: tuple[object, ...]) -> str:
    """The chain hash of revision 0003's code."""
    event_id, member_id, at, type_, channel, value, policy_version = event
    assert isinstance(at, dt.datetime)
    canonical = json.dumps(
        {"event_id": event_id, "member_id": member_id, "at": at.isoformat(), "type": type_,
         "channel": channel, "value": value, "policy_version": policy_version},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256((prev or "").encode() + b"\n" + canonical.encode()).hexdigest()


def _at_0003(url: str, tamper: bool = False) -> None:
    """A database at revision 0003 holding EVENTS, chained and headed as 0003 did."""
    engine: Engine = create_engine_for(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        prev = None
        for event in EVENTS:
            digest = _old_hash(prev, event)
            conn.execute(
                insert(EVENTS_0003).values(
                    event_id=event[0], member_id=event[1], at=event[2], type=event[3],
                    channel=event[4], value=event[5], policy_version=event[6],
                    recorded_at=RECORDED, prev_hash=prev, hash=digest,
                )
            )  # fmt: skip
            prev = digest
        conn.execute(
            text("UPDATE ledger_head SET hash = :h, count = 4, event_id = 'e4', seq = 4"),
            {"h": prev},
        )
        if tamper:
            conn.execute(text("UPDATE consent_events SET channel = 'api' WHERE event_id = 'e2'"))
    engine.dispose()


def test_a_0003_workspace_upgrades_in_place(tmp_path: Path, database_url: str) -> None:
    _at_0003(database_url)
    ws = Workspace.open(tmp_path / "home", database_url)
    with ws.session() as s:
        report = verify_ledger(s)
        rows = s.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)).all()
        head = current_head(s)
        revision = s.scalar(text("SELECT version_num FROM alembic_version"))
    assert int(revision) >= 4 and report.ok and report.count == 4, report.to_dict()
    prev = None
    for position, (row, event) in enumerate(zip(rows, EVENTS, strict=True)):
        fields = stored_fields(*event[:5], event[5], event[6], RECORDED, position, prev)
        assert (row.position, row.encoding, row.prev_hash) == (position, 1, prev)
        assert row.hash == event_hash(fields)  # the new encoding, recorded_at included
        prev = row.hash
    assert head is not None and head.signature_ok() and head.tree_size == 4
    assert head.root_hash == root_of([bytes.fromhex(r.hash or "") for r in rows]).hex()
    lines = ws.ledger_heads_file.read_text().splitlines()
    assert [json.loads(line)["tree_size"] for line in lines] == [4]
    assert ws.ledger_anchor.record().key_id == head.key_id  # type: ignore[union-attr]
    ws.close()


def test_a_0003_ledger_that_does_not_verify_is_not_re_chained(
    tmp_path: Path, database_url: str
) -> None:
    _at_0003(database_url, tamper=True)
    ws = Workspace.open(tmp_path / "home", database_url)
    with pytest.raises(LedgerTamperError, match="event e2, seq 2.*not re-chained"):
        _ = ws.engine
    ws.close()
