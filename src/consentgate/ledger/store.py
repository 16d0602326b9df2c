"""Appending to and reading the consent ledger.

Design: one global hash chain in `seq` order (each event stores the previous event's
hash and its own, see events.chain_hash), plus a one-row `ledger_head` table holding the
last event's id and hash and the event count. The head makes deleting the *last*
events detectable, and it is also the writers' lock: an append locks the head row
(PostgreSQL `SELECT ... FOR UPDATE`; SQLite takes its database write lock with an UPDATE
of that row), reads the head hash, inserts, and moves the head, all in the caller's
transaction. Two writers therefore queue instead of forking the chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
from sqlalchemy import Integer, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction

from consentgate.errors import UnknownMemberError
from consentgate.ledger.events import LedgerEvent, chain_hash
from consentgate.ledger.models import ConsentEvent, LedgerHead

if TYPE_CHECKING:
    from consentgate.ledger.state import MemberState
    from consentgate.policy import Policy

HEAD_ID = 1
# The Core tables (typed Table, where the mapped classes' __table__ is a FromClause).
_EVENTS = ConsentEvent.metadata.tables[ConsentEvent.__tablename__]
_HEAD = LedgerHead.metadata.tables[LedgerHead.__tablename__]
_HEAD_COLUMNS = (_HEAD.c.seq, _HEAD.c.event_id, _HEAD.c.hash, _HEAD.c.count)
# Built once: an append runs these on every API write, and building a statement costs more
# CPU than SQLite takes to run it.
# SQLite: an UPDATE takes the database write lock, RETURNING reads the head in the same step.
_LOCK_SQLITE = (
    update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(id=HEAD_ID).returning(*_HEAD_COLUMNS)
)
_LOCK_ROW = select(*_HEAD_COLUMNS).where(_HEAD.c.id == HEAD_ID).with_for_update()
# Core, not the ORM's bulk insert: every row carries every key, so a batch whose `value` or
# `policy_version` switch between None and a value stays one executemany.
_INSERT_EVENTS = insert(_EVENTS)
# The new head's seq is read inside the UPDATE (the inserted row's seq by its unique event_id),
# so no read-back statement follows the insert.
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(
        seq=select(_EVENTS.c.seq)
        .where(_EVENTS.c.event_id == bindparam("last_event_id"))
        .scalar_subquery(),
        event_id=bindparam("last_event_id"),
        hash=bindparam("last_hash"),
        count=_HEAD.c.count + bindparam("added", type_=Integer),
    )
    .returning(*_HEAD_COLUMNS)
)
_LOCK_KEY = "consentgate.ledger.lock"


@dataclass(slots=True)
class HeadState:
    """The head row's values as this transaction, which holds the ledger lock, last saw them."""

    seq: int | None
    event_id: str | None
    hash: str | None
    count: int


class ConsentLedger:
    """The append-only event log of one workspace, read and written through a session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _transaction(self) -> SessionTransaction | None:
        session = self.session
        return session.get_nested_transaction() or session.get_transaction()

    def lock(self) -> HeadState:
        """Take the ledger's write lock (until the transaction ends) and return the head.

        Call it first in a write transaction on SQLite: a transaction that read before it
        wrote can fail with "database is locked" when another writer got in between.
        Taken once per transaction: a second call (record_event locks, then append_many
        does) returns the head this transaction already holds, without a statement. The
        cache is keyed by the innermost transaction object, so a new transaction, or a
        savepoint that may be rolled back, reads the row again.
        """
        held = self.session.info.get(_LOCK_KEY)
        if held is not None and held[0] is self._transaction():
            head: HeadState = held[1]
            return head
        connection = self.session.connection()  # begins the transaction when none is open
        dialect = connection.dialect.name
        row = connection.execute(_LOCK_SQLITE if dialect == "sqlite" else _LOCK_ROW).first()
        head = HeadState(*row) if row is not None else self._rebuild_head()
        self.session.info[_LOCK_KEY] = (self._transaction(), head)
        return head

    def _rebuild_head(self) -> HeadState:
        """A missing head row (a database from before migration 0002 was stamped) is recreated."""
        connection = self.session.connection()
        last = connection.execute(
            select(_EVENTS.c.seq, _EVENTS.c.event_id, _EVENTS.c.hash)
            .order_by(_EVENTS.c.seq.desc())
            .limit(1)
        ).first()
        count = connection.scalar(select(func.count()).select_from(_EVENTS)) or 0
        head = HeadState(
            seq=last[0] if last else None,
            event_id=last[1] if last else None,
            hash=last[2] if last else None,
            count=count,
        )
        connection.execute(insert(_HEAD).values(id=HEAD_ID, **asdict(head)))
        return head

    def append(self, event: LedgerEvent) -> None:
        """Append one event at the head of the chain."""
        self.append_many([event])

    def append_many(self, events: Sequence[LedgerEvent]) -> None:
        """Append events in the given order, chaining each to the one before.

        Three statements whatever the number of events, under the lock: the lock (none when
        this transaction holds it already), one INSERT, one UPDATE of the head.
        """
        if not events:
            return
        head = self.lock()
        prev = head.hash
        now = dt.datetime.now(dt.UTC)
        rows = []
        for event in events:
            digest = chain_hash(prev, event)
            rows.append(
                {
                    "event_id": event.event_id,
                    "member_id": event.member_id,
                    # UTC on the way in: SQLite keeps a datetime's wall clock, not its offset.
                    "at": event.at.astimezone(dt.UTC),
                    "type": event.type,
                    "value": event.value,
                    "policy_version": event.policy_version,
                    "channel": event.channel,
                    "recorded_at": now,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        connection = self.session.connection()
        connection.execute(_INSERT_EVENTS, rows)
        moved = connection.execute(
            _MOVE_HEAD,
            {"last_event_id": events[-1].event_id, "last_hash": prev, "added": len(events)},
        ).one()
        head.seq, head.event_id, head.hash, head.count = moved

    def existing_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        """Which of these event ids the ledger already holds."""
        found: set[str] = set()
        for start in range(0, len(event_ids), 500):
            chunk = list(event_ids[start : start + 500])
            found.update(
                self.session.scalars(
                    select(ConsentEvent.event_id).where(ConsentEvent.event_id.in_(chunk))
                )
            )
        return found

    def events_for(self, member_id: str) -> list[LedgerEvent]:
        """A member's events in ledger order."""
        rows = self.session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.member_id == member_id)
            .order_by(ConsentEvent.seq)
        )
        return [to_event(row) for row in rows]

    def state_at(self, member_id: str, at: dt.datetime, policy: Policy) -> MemberState:
        """One member's consent state at `at` under `policy` (UnknownMemberError if unknown)."""
        from consentgate.ledger.state import member_state
        from consentgate.network.models import Member

        member = self.session.get(Member, member_id)
        events = self.events_for(member_id)
        if member is None and not events:
            raise UnknownMemberError(member_id)
        country = member.country if member is not None else None
        born = member.birth_date if member is not None else None
        return member_state(member_id, country, events, policy, at, birth_date=born)

    def states_at(
        self, at: dt.datetime, policy: Policy, members: Sequence[str] | None = None
    ) -> pa.Table:
        """Every member's state at `at` under `policy`, one row per member (decide_batch input).

        `members` restricts the table to those member ids.
        """
        from consentgate.ledger.state import states_table

        return states_table(self.session, at, policy, members)


def to_event(row: ConsentEvent) -> LedgerEvent:
    """The value form of a stored event."""
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return LedgerEvent(
        event_id=row.event_id,
        member_id=row.member_id,
        at=at,
        type=row.type,
        channel=row.channel,
        value=row.value,
        policy_version=row.policy_version,
    )


def head_row(session: Session) -> LedgerHead | None:
    """The head row as stored (no lock), for verification."""
    return session.execute(
        select(LedgerHead).where(LedgerHead.id == HEAD_ID).execution_options(populate_existing=True)
    ).scalar_one_or_none()
