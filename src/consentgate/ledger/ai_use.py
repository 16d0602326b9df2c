"""Whether a member's data may train AI at an instant under a policy, since when, and why not.

The member-level part of the eligibility rules: ER4 (a minor now) and ER5..ER8
(policy.member_reason). A record-level rule (kind, visibility, a post written as a minor) can
still exclude single records of a member who may train; what the public pages and the
consent feed carry is this member-level answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.state import states_table
from consentgate.ledger.store import ConsentLedger, to_event
from consentgate.models import ConsentEvent, Member
from consentgate.policy import (
    REASON_ORDER,
    ExclusionReason,
    Policy,
    adult_instants,
    deciding_event,
    first_notice,
    is_adult_on,
    member_reason,
)
from consentgate.policy.batch import member_codes
from consentgate.policy.rules import as_utc, utc_date


@dataclass(frozen=True, slots=True)
class AiUse:
    """The answer for one member: `reason` None when `may_train`; `since` when the answer
    began to hold (None when it always held, as for a region never covered)."""

    member_id: str
    may_train: bool
    reason: ExclusionReason | None
    since: dt.datetime | None
    adult: bool


def _eighteenth(birth: dt.date) -> dt.datetime:
    """The instant (UTC midnight) a member born on `birth` turns 18 (29 Feb -> 1 Mar)."""
    try:
        day = birth.replace(year=birth.year + 18)
    except ValueError:
        day = dt.date(birth.year + 18, 3, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _since(
    member: Member,
    events: Sequence[LedgerEvent],
    policy: Policy,
    at: dt.datetime,
    reason: ExclusionReason | None,
) -> dt.datetime | None:
    """When the current answer began: the event, the rule, the notice or the birthday."""
    rule = policy.rule_for(member.country)
    decider = deciding_event(events, at, member.birth_date)
    if reason in (ExclusionReason.REGION_NOT_COVERED, ExclusionReason.NOT_YET_EFFECTIVE):
        return None
    if reason == ExclusionReason.MINOR:
        return as_utc(member.created_at)
    if reason in (ExclusionReason.RESTRICTED, ExclusionReason.ERASED):
        kind = "restriction" if reason == ExclusionReason.RESTRICTED else "erasure"
        return min((e.at for e in events if e.type == kind and e.at <= at), default=None)
    starts = [_eighteenth(member.birth_date), as_utc(member.created_at)]
    if decider is not None:
        starts.append(decider.at)
    elif rule is not None:
        starts.append(rule.effective_from)
        noticed = first_notice(events, policy.id, at)
        if reason is None and rule.notice_period is not None and noticed is not None:
            starts.append(noticed + rule.notice_period)
    if reason == ExclusionReason.SAID_NO and decider is not None:
        return decider.at
    return max(starts)


def decide_member(
    member: Member, events: Sequence[LedgerEvent], policy: Policy, at: dt.datetime
) -> AiUse:
    """The answer for a member with a profile, from their events."""
    adult = is_adult_on(member.birth_date, utc_date(at))
    reason = ExclusionReason.MINOR if not adult else member_reason(member, events, policy, at)
    since = _since(member, events, policy, at, reason)
    return AiUse(member.member_id, reason is None, reason, since, adult)


def ai_use(session: Session, member_id: str, policy: Policy, at: dt.datetime) -> AiUse:
    """The answer for one member at `at`; an erased member (no profile) may not train."""
    events = ConsentLedger(session).events_for(member_id)
    member = session.get(Member, member_id)
    if member is None:
        erased = min((e.at for e in events if e.type == "erasure"), default=None)
        return AiUse(member_id, False, ExclusionReason.ERASED, erased, True)
    return decide_member(member, events, policy, at)


def ai_use_many(
    session: Session, wanted: Sequence[tuple[str, dt.datetime]], policy: Policy
) -> list[AiUse]:
    """The answers for (member, instant) pairs, reading each member's profile and events
    once (two queries per 500 members): the feed resolves its outbox rows in batches."""
    members: dict[str, Member] = {}
    events: dict[str, list[LedgerEvent]] = {}
    ids = list(dict.fromkeys(m for m, _ in wanted))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        members.update(
            (m.member_id, m)
            for m in session.scalars(select(Member).where(Member.member_id.in_(chunk)))
        )
        rows = session.scalars(
            select(ConsentEvent).where(ConsentEvent.member_id.in_(chunk)).order_by(ConsentEvent.seq)
        )
        for row in rows:
            events.setdefault(row.member_id, []).append(to_event(row))
    out = []
    for member_id, at in wanted:
        member, mine = members.get(member_id), events.get(member_id, [])
        if member is None:
            erased = min((e.at for e in mine if e.type == "erasure"), default=None)
            out.append(AiUse(member_id, False, ExclusionReason.ERASED, erased, True))
        else:
            out.append(decide_member(member, mine, policy, at))
    return out


@dataclass(frozen=True, slots=True)
class Decision:
    """One member's answer without its `since`: what the scan compares."""

    may_train: bool
    reason: str | None
    adult: bool


def decisions(session: Session, policy: Policy, at: dt.datetime) -> dict[str, Decision]:
    """Every member's (with a profile) answer at `at`: their states in one query
    (states_table), decided in bulk (ER4 from the birth dates, ER5..ER8 by member_codes)."""
    states = states_table(session, at, policy)
    if states.num_rows == 0:
        return {}
    codes = member_codes(states, policy, at).tolist()
    now = pa.scalar(at.astimezone(dt.UTC), pa.timestamp("us", "UTC"))
    adults = pc.less_equal(adult_instants(states.column("birth_date")), now).to_pylist()
    out: dict[str, Decision] = {}
    for member_id, code, adult in zip(
        states.column("member_id").to_pylist(), codes, adults, strict=True
    ):
        reason = ExclusionReason.MINOR if not adult else (REASON_ORDER[code - 1] if code else None)
        out[str(member_id)] = Decision(reason is None, str(reason) if reason else None, bool(adult))
    return out


def reserved_adults(session: Session, policy: Policy, at: dt.datetime) -> list[str]:
    """The adult members (with a profile) whose data may not train AI at `at`."""
    found = decisions(session, policy, at)
    return [m for m, d in found.items() if d.adult and not d.may_train]
