"""Checking the hash chain: the first event edited, deleted or reordered, and the head."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.ledger.events import chain_hash
from consentgate.ledger.models import ConsentEvent
from consentgate.ledger.store import head_row, to_event


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """ok, how many events were checked, and the first problem (event id and what is wrong)."""

    ok: bool
    count: int
    first_bad_event_id: str | None = None
    problem: str | None = None


def _holder_of(session: Session, digest: str | None) -> str | None:
    if digest is None:
        return None
    return session.scalar(select(ConsentEvent.event_id).where(ConsentEvent.hash == digest))


def verify_chain(session: Session, batch: int = 10_000) -> VerifyReport:
    """Walk the chain in seq order; report the first broken link, then check the head."""
    prev_hash: str | None = None
    prev_id: str | None = None
    count = 0
    rows = session.scalars(
        select(ConsentEvent).order_by(ConsentEvent.seq).execution_options(yield_per=batch)
    )
    for row in rows:
        count += 1
        if chain_hash(row.prev_hash, to_event(row)) != row.hash:
            return VerifyReport(False, count, row.event_id, f"event {row.event_id} was edited")
        if row.prev_hash != prev_hash:
            holder = _holder_of(session, row.prev_hash)
            after = f" after {prev_id}" if prev_id else " at the start"
            if holder is not None:
                problem = f"event {row.event_id} was reordered (it follows {holder} in the chain)"
            else:
                problem = f"event(s) deleted before {row.event_id}{after}"
            return VerifyReport(False, count, row.event_id, problem)
        prev_hash, prev_id = row.hash, row.event_id
    head = head_row(session)
    if head is None:
        return VerifyReport(False, count, None, "the ledger head row is missing")
    if head.hash != prev_hash or head.count != count:
        if head.event_id is not None and head.event_id != prev_id:
            problem = f"event {head.event_id} (the last one) was deleted"
            return VerifyReport(False, count, head.event_id, problem)
        problem = f"ledger head says {head.count} events ending {head.event_id}; found {count}"
        return VerifyReport(False, count, head.event_id, problem)
    return VerifyReport(True, count)
