"""What members do to their consent: the setting, notice responses; and notice delivery."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.errors import UnknownMemberError
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.models import Member


def new_event_id(at: dt.datetime) -> str:
    """A unique event id that sorts by time (ties on `at` are broken by event_id)."""
    stamp = at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"cg-{stamp}-{uuid.uuid4().hex[:12]}"


def require_member(session: Session, member_id: str) -> None:
    """Raise UnknownMemberError unless the member exists (an erased member no longer does)."""
    found = session.scalar(select(Member.member_id).where(Member.member_id == member_id))
    if found is None:
        raise UnknownMemberError(member_id)


def new_event(
    member_id: str,
    type_: str,
    channel: str,
    at: dt.datetime | None = None,
    value: bool | str | None = None,
    policy_version: str | None = None,
) -> LedgerEvent:
    """A new event for the member, stamped now (UTC) unless `at` is given."""
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return LedgerEvent(
        event_id=new_event_id(when),
        member_id=member_id,
        at=when,
        type=type_,
        channel=channel,
        value=value,
        policy_version=policy_version,
    )


def record_event(
    session: Session,
    member_id: str,
    type_: str,
    channel: str,
    at: dt.datetime | None = None,
    value: bool | str | None = None,
    policy_version: str | None = None,
) -> LedgerEvent:
    """Lock the ledger, check the member exists, and append one event for them.

    Four statements on a fresh transaction: the lock, the member check, the INSERT and the
    head UPDATE (append reuses the lock this transaction already holds).
    """
    ledger = ConsentLedger(session)
    ledger.lock()  # first, so SQLite never upgrades a read transaction (see ConsentLedger.lock)
    require_member(session, member_id)
    event = new_event(member_id, type_, channel, at, value, policy_version)
    ledger.append(event)
    return event


def set_choice(
    session: Session,
    member_id: str,
    value: bool,
    channel: str,
    at: dt.datetime | None = None,
) -> LedgerEvent:
    """Record the member's "use my data for training" setting (an ai_training_setting event)."""
    return record_event(session, member_id, "ai_training_setting", channel, at, value=value)


def respond_to_notice(
    session: Session,
    member_id: str,
    policy_version: str,
    accept: bool,
    channel: str,
    at: dt.datetime | None = None,
) -> LedgerEvent:
    """Record the member's accept/refuse answer to a policy notice (a notice_response event)."""
    answer = "accept" if accept else "refuse"
    return record_event(session, member_id, "notice_response", channel, at, answer, policy_version)


def deliver_notice(
    session: Session,
    member_ids: Iterable[str],
    policy_version: str,
    channel: str = "web",
    at: dt.datetime | None = None,
) -> list[LedgerEvent]:
    """Record that a policy's notice reached these members (notice_delivered events)."""
    ledger = ConsentLedger(session)
    ledger.lock()
    ids = list(member_ids)
    for member_id in ids:
        require_member(session, member_id)
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    events = [
        new_event(m, "notice_delivered", channel, when, policy_version=policy_version) for m in ids
    ]
    ledger.append_many(events)
    return events
