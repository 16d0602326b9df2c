"""The ledger/policy API the web layer uses, in one place (names from INTERFACES.md).

INTERIM: until the ledger branch lands, small local stand-ins with the same signatures.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent, chain_hash
from consentgate.ledger.models import ConsentEvent, MemberRequest
from consentgate.ledger.store import ConsentLedger, to_event
from consentgate.network.models import ContentRecord, Member, MemberSecret
from consentgate.policy import Policy, RegionRule
from consentgate.policy.rules import choice_value, deciding_event, first_notice


@dataclass(slots=True)
class MemberState:
    member_id: str
    choice: bool
    source: str
    since: dt.datetime | None
    deciding_event: LedgerEvent | None
    restricted: bool
    erased: bool
    notice_delivered_at: dt.datetime | None
    region_rule: RegionRule | None


def state_at(session: Session, member_id: str, at: dt.datetime, policy: Policy) -> MemberState:
    events = ConsentLedger(session).events_for(member_id)
    member = session.get(Member, member_id)
    rule = policy.rule_for(member.country if member else None)
    decider = deciding_event(events, at)
    if decider is not None:
        choice, source, since = bool(choice_value(decider)), "event", decider.at
    elif rule is not None:
        choice, source, since = rule.default, "default", rule.effective_from
    else:
        choice, source, since = False, "none", None
    return MemberState(
        member_id=member_id,
        choice=choice,
        source=source,
        since=since,
        deciding_event=decider,
        restricted=any(e.type == "restriction" and e.at <= at for e in events),
        erased=any(e.type == "erasure" for e in events),
        notice_delivered_at=first_notice(events, policy.id, at),
        region_rule=rule,
    )


def _append(
    session: Session,
    member_id: str,
    type_: str,
    channel: str,
    value: bool | str | None = None,
    policy_version: str | None = None,
    at: dt.datetime | None = None,
) -> LedgerEvent:
    event = LedgerEvent(
        event_id=f"e-{uuid.uuid4().hex}",
        member_id=member_id,
        at=at or dt.datetime.now(dt.UTC),
        type=type_,
        channel=channel,
        value=value,
        policy_version=policy_version,
    )
    ConsentLedger(session).append(event)
    return event


def set_choice(
    session: Session, member_id: str, value: bool, channel: str, at: dt.datetime | None = None
) -> LedgerEvent:
    return _append(session, member_id, "ai_training_setting", channel, value, at=at)


def respond_to_notice(
    session: Session, member_id: str, policy_version: str, accept: bool, channel: str
) -> LedgerEvent:
    return _append(
        session,
        member_id,
        "notice_response",
        channel,
        "accept" if accept else "refuse",
        policy_version,
    )


def deliver_notice(
    session: Session,
    member_id: str,
    policy_version: str,
    channel: str = "web",
    at: dt.datetime | None = None,
) -> LedgerEvent:
    return _append(session, member_id, "notice_delivered", channel, None, policy_version, at)


def file_request(
    session: Session, member_id: str, kind: str, reason: str | None, channel: str, at: dt.datetime
) -> MemberRequest:
    event = _append(session, member_id, kind, channel, at=at)
    row = MemberRequest(
        request_id=f"r-{uuid.uuid4().hex[:16]}",
        member_id=member_id,
        kind=kind,
        reason=reason,
        status="open",
        received_at=at,
        due_at=at + dt.timedelta(days=30),
        event_id=event.event_id,
    )
    session.add(row)
    if kind == "erasure":
        session.execute(delete(ContentRecord).where(ContentRecord.member_id == member_id))
        session.execute(delete(MemberSecret).where(MemberSecret.member_id == member_id))
        session.execute(delete(Member).where(Member.member_id == member_id))
    session.flush()
    return row


def list_requests(session: Session, overdue_only: bool = False) -> list[MemberRequest]:
    return list(session.scalars(select(MemberRequest).order_by(MemberRequest.due_at)))


@dataclass
class VerifyReport:
    ok: bool
    count: int
    first_bad_event_id: str | None = None
    problem: str | None = None


def verify_chain(session: Session) -> VerifyReport:
    prev = None
    count = 0
    for row in session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)):
        count += 1
        if row.prev_hash != prev or row.hash != chain_hash(prev, to_event(row)):
            return VerifyReport(False, count, row.event_id, "hash mismatch")
        prev = row.hash
    return VerifyReport(True, count)
