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
from typing import TYPE_CHECKING

import pyarrow as pa
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from consentgate.errors import UnknownMemberError
from consentgate.ledger.events import LedgerEvent, chain_hash
from consentgate.ledger.models import ConsentEvent, LedgerHead

if TYPE_CHECKING:
    from consentgate.ledger.state import MemberState
    from consentgate.policy import Policy

HEAD_ID = 1


class ConsentLedger:
    """The append-only event log of one workspace, read and written through a session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self) -> LedgerHead:
        """Take the ledger's write lock (until the transaction ends) and return the head row.

        Call it first in a write transaction on SQLite: a transaction that read before
        it wrote can fail with "database is locked" when another writer got in between.
        """
        session = self.session
        if session.get_bind().dialect.name == "sqlite":
            session.execute(update(LedgerHead).where(LedgerHead.id == HEAD_ID).values(id=HEAD_ID))
            head = session.execute(
                select(LedgerHead)
                .where(LedgerHead.id == HEAD_ID)
                .execution_options(populate_existing=True)
            ).scalar_one_or_none()
        else:
            head = session.execute(
                select(LedgerHead)
                .where(LedgerHead.id == HEAD_ID)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).scalar_one_or_none()
        if head is None:
            head = self._rebuild_head()
        return head

    def _rebuild_head(self) -> LedgerHead:
        """A missing head row (a database from before migration 0002 was stamped) is recreated."""
        last = self.session.execute(
            select(ConsentEvent.seq, ConsentEvent.event_id, ConsentEvent.hash)
            .order_by(ConsentEvent.seq.desc())
            .limit(1)
        ).first()
        count = self.session.scalar(select(func.count()).select_from(ConsentEvent)) or 0
        head = LedgerHead(
            id=HEAD_ID,
            seq=last[0] if last else None,
            event_id=last[1] if last else None,
            hash=last[2] if last else None,
            count=count,
        )
        self.session.add(head)
        self.session.flush()
        return head

    def append(self, event: LedgerEvent) -> None:
        """Append one event at the head of the chain."""
        self.append_many([event])

    def append_many(self, events: Sequence[LedgerEvent]) -> None:
        """Append events in the given order, chaining each to the one before."""
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
        self.session.execute(insert(ConsentEvent), rows)
        last_seq = self.session.scalar(
            select(ConsentEvent.seq).where(ConsentEvent.event_id == events[-1].event_id)
        )
        head.seq = last_seq
        head.event_id = events[-1].event_id
        head.hash = prev
        head.count = (head.count or 0) + len(events)
        self.session.flush()

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
        return member_state(member_id, country, events, policy, at)

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
