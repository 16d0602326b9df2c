"""Appending to and reading the consent ledger (one global hash chain, in `seq` order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent, chain_hash
from consentgate.ledger.models import ConsentEvent


class ConsentLedger:
    """The append-only event log of one workspace, read and written through a session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _lock_head(self) -> str | None:
        """Serialise writers so the chain stays linear; return the current head hash."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
        elif dialect == "sqlite":
            # Taking the write lock now (not at the INSERT) keeps two writers from
            # reading the same head.
            self.session.execute(text("UPDATE consent_events SET seq = seq WHERE 0"))
        row = self.session.execute(
            select(ConsentEvent.hash).order_by(ConsentEvent.seq.desc()).limit(1)
        ).first()
        return row[0] if row else None

    def append(self, event: LedgerEvent) -> None:
        """Append one event at the head of the chain."""
        self.append_many([event])

    def append_many(self, events: Sequence[LedgerEvent]) -> None:
        """Append events in the given order, chaining each to the one before."""
        if not events:
            return
        prev = self._lock_head()
        now = dt.datetime.now(dt.UTC)
        rows = []
        for event in events:
            digest = chain_hash(prev, event)
            rows.append(
                {
                    "event_id": event.event_id,
                    "member_id": event.member_id,
                    "at": event.at,
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
