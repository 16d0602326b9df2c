"""Change detection for incremental builds: the members whose inputs changed since a parent.

A build records, inside its snapshot transaction, where the change journal stood
(`snapshot_marks`). The next build with `--parent` asks the journal which members were
written since (`journal_members`), and the tables which members the as-of move alone can
affect (`time_members`, over the windows `policy.changes.time_windows` computes). The union
is a superset of the members whose decisions or records can differ from the parent's: an
extra member only costs a shard rebuild, a missing one would reuse a stale shard, so every
query errs on the side of more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Date, DateTime, bindparam, text
from sqlalchemy.orm import Session

from consentgate.policy.changes import TimeWindows

JOURNAL_TRIGGERS = 9  # insert, update, delete on members, content, consent_events


def snapshot_marks(session: Session) -> dict[str, Any]:
    """Where the change journal stands in this session's snapshot (JSON-ready)."""
    dialect = session.get_bind().dialect.name
    seq = session.execute(text("SELECT COALESCE(MAX(seq), 0) FROM change_journal")).scalar()
    marks: dict[str, Any] = {"backend": dialect, "journal_seq": int(seq or 0)}
    if dialect == "postgresql":
        # The snapshot itself: a change committed later may carry a lower seq.
        marks["pg_snapshot"] = session.execute(text("SELECT pg_current_snapshot()::text")).scalar()
    return marks


def journal_intact(session: Session) -> bool:
    """True when all the journal's triggers exist (a table recreation would drop them)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        sql = (
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cg_journal_%'"
        )
    elif dialect == "postgresql":
        sql = (
            "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'cg_journal_%' AND t.tgenabled <> 'D' "
            "AND c.oid IN ('members'::regclass, 'content'::regclass, "
            "'consent_events'::regclass)"
        )
    else:
        return False
    return int(session.execute(text(sql)).scalar() or 0) == JOURNAL_TRIGGERS


def journal_members(session: Session, marks: dict[str, Any]) -> set[str]:
    """Members with a row written to members, content or consent_events since `marks`."""
    if marks.get("backend") == "postgresql":
        sql = text(
            "SELECT DISTINCT member_id FROM change_journal "
            "WHERE xid >= pg_snapshot_xmin(CAST(:snap AS pg_snapshot)) "
            "AND NOT pg_visible_in_snapshot(xid, CAST(:snap AS pg_snapshot))"
        )
        rows = session.execute(sql, {"snap": marks["pg_snapshot"]})
    else:
        sql = text("SELECT DISTINCT member_id FROM change_journal WHERE seq > :seq")
        rows = session.execute(sql, {"seq": int(marks["journal_seq"])})
    return {member_id for (member_id,) in rows}


def _between(
    session: Session, sql: str, window: tuple[Any, Any], kind: Any, **params: Any
) -> set[str]:
    """Member ids of a query over one window (`:lo` excluded or not as the SQL says)."""
    stmt = text(sql).bindparams(bindparam("lo", type_=kind), bindparam("hi", type_=kind))
    lo, hi = window
    if isinstance(lo, dt.datetime):
        # UTC on the way in: SQLite compares the stored UTC wall-clock text.
        lo, hi = lo.astimezone(dt.UTC), hi.astimezone(dt.UTC)
    rows = session.execute(stmt, {"lo": lo, "hi": hi, **params})
    return {member_id for (member_id,) in rows}


def time_members(session: Session, windows: TimeWindows, policy_id: str) -> dict[str, set[str]]:
    """Per time-dependent rule, the members whose decision can change within `windows`.

    Region rules taking effect (`windows.rules`) are not resolved here: the caller maps
    member countries to rules with the policy engine.
    """
    out: dict[str, set[str]] = {}
    if windows.empty:
        return out
    stamp = DateTime(timezone=True)
    created = "created_at > :lo AND created_at <= :hi"
    out["content_created"] = _between(
        session, f"SELECT DISTINCT member_id FROM content WHERE {created}", windows.created, stamp
    )
    out["member_created"] = _between(
        session, f"SELECT member_id FROM members WHERE {created}", windows.created, stamp
    )
    out["event_at"] = _between(
        session,
        "SELECT DISTINCT member_id FROM consent_events WHERE at > :lo AND at <= :hi",
        windows.events,
        stamp,
    )
    if windows.births is not None:
        out["turned_18"] = _between(
            session,
            "SELECT member_id FROM members WHERE birth_date >= :lo AND birth_date <= :hi",
            windows.births,
            Date(),
        )
    noticed: set[str] = set()
    for window in windows.notices:
        sql = (
            "SELECT DISTINCT member_id FROM consent_events WHERE type = 'notice_delivered' "
            "AND policy_version = :pid AND at > :lo AND at <= :hi"
        )
        noticed |= _between(session, sql, window, stamp, pid=policy_id)
    out["notice_period_ended"] = noticed
    return out


def member_countries(session: Session) -> tuple[list[str], list[str]]:
    """Every member's id and country (for region rules that take effect)."""
    rows = session.execute(text("SELECT member_id, country FROM members")).all()
    return [r[0] for r in rows], [r[1] for r in rows]


def union(groups: Iterable[set[str]]) -> set[str]:
    """All members of several groups."""
    out: set[str] = set()
    for group in groups:
        out |= group
    return out
