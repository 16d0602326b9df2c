"""The consent feed: the outbox's entries decided, changes that no event causes, erasure.

The ledger's append writes an outbox row per event in the event's transaction (ledger/
store.py): nothing acknowledged to a member can be missed. Here a row is *resolved*: the
member's answer (may their data train AI, since when, why not) under the server's default
policy, as of when the event was recorded, is stored on it, and the member's last published
answer (`feed_member_state`) moves. Rows are resolved in id order, and a reader serves only
resolved rows up to the first unresolved one, so the cursor (the row id) never skips a row.

Ids follow commit order: event rows are inserted under the ledger lock, and the scan takes
that lock before inserting its rows, so a row with a smaller id is never committed after a
reader saw a larger one.

The scan compares every member's answer now with the last published one and adds a row for
each difference that no event explains: `turned_18`, `notice_period_ended`,
`rule_effective`, `policy_changed` (a new default policy), or `state` (first publication).

An erasure's row, when resolved, blanks what the member's earlier rows held beyond the
member id (their since, event ids and ledger positions); the deliveries hold nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consentgate.ledger.ai_use import AiUse, Decision, ai_use_many, decisions
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentOutbox, FeedMemberState, WebhookDelivery
from consentgate.policy import Policy
from consentgate.policy.rules import as_utc


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One change as the feed serves it: the member id and nothing else about the member."""

    cursor: str
    member_id: str
    kind: str
    may_train: bool
    since: dt.datetime | None
    reason: str | None
    policy: str
    ledger_seq: int | None
    event_id: str | None
    at: dt.datetime

    @classmethod
    def of(cls, row: ConsentOutbox) -> FeedEntry:
        return cls(
            cursor=str(row.id),
            member_id=row.member_id,
            kind=row.kind,
            may_train=bool(row.may_train),
            since=as_utc(row.since) if row.since is not None else None,
            reason=row.reason,
            policy=row.policy_id or "",
            ledger_seq=row.ledger_seq,
            event_id=row.event_id,
            at=as_utc(row.created_at),
        )

    def to_json(self) -> dict[str, object]:
        """The entry as a JSON object (the webhook body's `data`)."""
        return {
            "cursor": self.cursor,
            "member_id": self.member_id,
            "kind": self.kind,
            "may_train": self.may_train,
            "since": self.since.isoformat() if self.since else None,
            "reason": self.reason,
            "policy": self.policy,
            "ledger_seq": self.ledger_seq,
            "event_id": self.event_id,
            "at": self.at.isoformat(),
        }


def _publish(
    session: Session,
    row: ConsentOutbox,
    use: AiUse,
    policy: Policy,
    published: dict[str, FeedMemberState] | None = None,
) -> None:
    """Store the answer on the row and as the member's last published answer (`published`:
    the members' published answers when the caller has read them all)."""
    row.may_train, row.since = use.may_train, use.since
    row.reason = str(use.reason) if use.reason is not None else None
    row.policy_id, row.resolved_at = policy.id, dt.datetime.now(dt.UTC)
    if published is not None:
        state = published.get(row.member_id)
    else:
        state = session.get(FeedMemberState, row.member_id)
    if state is None:
        state = FeedMemberState(member_id=row.member_id)
        session.add(state)
        if published is not None:
            published[row.member_id] = state
    state.policy_id, state.may_train, state.reason = policy.id, use.may_train, row.reason
    state.outbox_id = row.id


def purge_member(session: Session, member_id: str) -> None:
    """Blank what the member's rows other than their erasure's hold beyond the member id
    (in the erasure's transaction, and again when the erasure's row is resolved)."""
    session.execute(
        update(ConsentOutbox)
        .where(ConsentOutbox.member_id == member_id, ConsentOutbox.kind != "erasure")
        .values(may_train=False, since=None, reason="erased", event_id=None, ledger_seq=None)
    )
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.member_id == member_id)
        .values(last_error=None)
    )


def resolve_pending(session: Session, policy: Policy, limit: int = 1000) -> int:
    """Resolve up to `limit` rows in id order, in the caller's transaction; how many."""
    rows = session.scalars(
        select(ConsentOutbox)
        .where(ConsentOutbox.resolved_at.is_(None))
        .order_by(ConsentOutbox.id)
        .limit(limit)
    ).all()
    uses = ai_use_many(session, [(r.member_id, as_utc(r.created_at)) for r in rows], policy)
    members = list({r.member_id for r in rows})
    published = {
        s.member_id: s
        for s in session.scalars(
            select(FeedMemberState).where(FeedMemberState.member_id.in_(members))
        )
    }
    for row, use in zip(rows, uses, strict=True):
        _publish(session, row, use, policy, published)
        if row.kind == "erasure":
            purge_member(session, row.member_id)
    session.flush()
    return len(rows)


def _time_kind(before: FeedMemberState | None, policy: Policy) -> str:
    """Why a member's answer changed without an event."""
    if before is None:
        return "state"
    if before.policy_id != policy.id:
        return "policy_changed"
    return {
        "minor": "turned_18",
        "no_notice": "notice_period_ended",
        "not_yet_effective": "rule_effective",
    }.get(before.reason or "", "state")


def _changed(before: FeedMemberState | None, now: Decision) -> bool:
    return before is None or (before.may_train, before.reason) != (now.may_train, now.reason)


def scan_changes(session: Session, policy: Policy, now: dt.datetime | None = None) -> int:
    """Add a row, resolved, for each member whose answer changed without an event; commits.

    Pending rows are resolved first (their members' published answers move), then every
    member is decided in bulk; the inserts are made under the ledger lock.
    """
    moment = now or dt.datetime.now(dt.UTC)
    while resolve_pending(session, policy):
        session.commit()
    current = decisions(session, policy, moment)
    published = {s.member_id: s for s in session.scalars(select(FeedMemberState))}
    changed = [m for m, d in current.items() if _changed(published.get(m), d)]
    quiet = [
        m for m, d in current.items() if m not in changed and published[m].policy_id != policy.id
    ]
    for member_id in quiet:  # same answer under a new policy: nothing to tell downstream
        published[member_id].policy_id = policy.id
    uses = ai_use_many(session, [(m, moment) for m in changed], policy)
    ConsentLedger(session).lock()
    rows = [
        ConsentOutbox(
            member_id=member_id,
            kind=_time_kind(published.get(member_id), policy),
            created_at=moment,
        )
        for member_id in changed
    ]
    session.add_all(rows)
    session.flush()  # ids, in this order
    for row, use in zip(rows, uses, strict=True):
        _publish(session, row, use, policy, published)
    session.commit()
    return len(changed)


@dataclass(frozen=True, slots=True)
class FeedPage:
    entries: list[FeedEntry]
    next_cursor: str


def read_feed(session: Session, after: int, limit: int) -> FeedPage:
    """Resolved entries after the cursor, in order, up to the first unresolved one."""
    rows = session.scalars(
        select(ConsentOutbox)
        .where(ConsentOutbox.id > after)
        .order_by(ConsentOutbox.id)
        .limit(limit)
    ).all()
    entries: list[FeedEntry] = []
    for row in rows:
        if row.resolved_at is None:
            break
        entries.append(FeedEntry.of(row))
    return FeedPage(entries, entries[-1].cursor if entries else str(after))
