"""What one choice costs the database: the lock is taken once, five statements in all (the
fifth writes the consent feed's outbox row in the same transaction).

The web API's throughput under load is bound by how long a writer holds the ledger lock,
which grows with every statement run under it; these tests fail when that count regresses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from consentgate.ledger.choices import set_choice
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.workspace import Workspace


@contextmanager
def statements(ws: Workspace) -> Iterator[list[str]]:
    """The SQL sent through the workspace's engine while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(" ".join(sql.split()).lower())

    event.listen(ws.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(ws.engine, "before_cursor_execute", record)


def _touching(sql: list[str], table: str) -> list[str]:
    return [s for s in sql if table in s]


def test_a_choice_is_five_statements_with_one_lock(
    workspace: Workspace, member_factory: Callable[..., None]
) -> None:
    member_factory("m1")
    with workspace.session() as session:  # warm up: the head row exists, the pool is open
        set_choice(session, "m1", True, "api")
    with statements(workspace) as sql, workspace.session() as session:
        set_choice(session, "m1", False, "api")
    # lock, member check, INSERT, outbox INSERT, head UPDATE; append does not lock again
    assert len(sql) == 5, sql
    head = _touching(sql, "ledger_head")
    assert len(head) == 2, head
    assert sum(s.startswith("insert") for s in sql) == 2
    assert len([s for s in sql if s.startswith("insert into consent_outbox")]) == 1
    with workspace.session() as session:
        assert verify_ledger(session).ok


def test_a_batch_of_events_is_one_insert(workspace: Workspace) -> None:
    """A batch mixing null and non-null `value`/`policy_version` stays one INSERT round."""
    at = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    events = [
        LedgerEvent(f"e{i}", "m1", at + dt.timedelta(minutes=i), kind, "web", value, version)
        for i, (kind, value, version) in enumerate(
            [
                ("notice_delivered", None, "p1"),
                ("ai_training_setting", True, None),
                ("notice_response", "accept", "p1"),
                ("objection", None, None),
            ]
            * 3
        )
    ]
    with statements(workspace) as sql, workspace.session() as session:
        ConsentLedger(session).append_many(events)
    assert sum(s.startswith("insert") for s in sql) == 2, sql
    assert len(sql) == 4, sql  # lock, INSERT, outbox INSERT, head UPDATE
    with workspace.session() as session:
        report = verify_ledger(session)
        assert ConsentLedger(session).events_for("m1") == events
    assert report.ok and report.count == len(events)


def test_the_lock_is_taken_again_in_a_new_transaction(
    workspace: Workspace, member_factory: Callable[..., None]
) -> None:
    """The once-per-transaction lock never outlives its transaction."""
    member_factory("m1")
    with workspace.session() as session:
        set_choice(session, "m1", True, "api")
        session.commit()
        with statements(workspace) as sql:
            set_choice(session, "m1", False, "api")
            session.rollback()
            set_choice(session, "m1", True, "web")
    assert len(_touching(sql, "ledger_head")) == 4, sql
    with workspace.session() as session:
        report = verify_ledger(session)
        values = [e.value for e in ConsentLedger(session).events_for("m1")]
    assert report.ok and values == [True, True]
