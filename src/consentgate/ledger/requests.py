"""Member requests under the GDPR: objection (art. 21), restriction (art. 18), erasure (art. 17).

Each request appends its ledger event at once (so the next build honours it) and is kept
with a status and a due date one calendar month after receipt (art. 12(3)). Erasure is
carried out immediately: the member's profile, content and secrets are deleted; the
ledger events remain as the tombstone that later forgetting (datasets, models) works from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consentgate.errors import RequestError
from consentgate.ledger.choices import deliver_notice, record_event, respond_to_notice, set_choice
from consentgate.models import REQUEST_KINDS, ContentRecord, Member, MemberRequest, MemberSecret

__all__ = [
    "REQUEST_KINDS",
    "close_request",
    "deliver_notice",
    "erase_member_data",
    "file_request",
    "list_requests",
    "one_month_after",
    "respond_to_notice",
    "set_choice",
]

OPEN, DONE, REFUSED = "open", "done", "refused"
# What deletes an erased member's data: (session, member_id, erasure event id).
Eraser = Callable[[Session, str, str], object]


def one_month_after(received: dt.datetime) -> dt.datetime:
    """The same day next month, or that month's last day (31 Jan -> 28/29 Feb)."""
    year = received.year + received.month // 12
    month = received.month % 12 + 1
    day = min(received.day, calendar.monthrange(year, month)[1])
    return received.replace(year=year, month=month, day=day)


def erase_member_data(session: Session, member_id: str) -> dict[str, int]:
    """Delete a member's profile, content and secrets; the ledger events stay. Row counts."""
    counts = {}
    for name, table, column in (
        ("content", ContentRecord, ContentRecord.member_id),
        ("secrets", MemberSecret, MemberSecret.member_id),
        ("profile", Member, Member.member_id),
    ):
        result = session.execute(delete(table).where(column == member_id))
        counts[name] = int(getattr(result, "rowcount", 0) or 0)
    return counts


def file_request(
    session: Session,
    member_id: str,
    kind: str,
    reason: str | None = None,
    channel: str = "form",
    at: dt.datetime | None = None,
    *,
    erase: Eraser | None = None,
) -> MemberRequest:
    """File an objection, restriction or erasure: append its event, keep the request.

    An erasure deletes the member's data through `erase` once its event is appended (the
    erasure workflow passes the one that also keeps the suppression list); by default,
    `erase_member_data`.
    """
    if kind not in REQUEST_KINDS:
        raise RequestError(f"unknown request kind {kind!r} (one of: {', '.join(REQUEST_KINDS)})")
    event = record_event(session, member_id, kind, channel, at)
    request = MemberRequest(
        request_id=f"req-{uuid.uuid4().hex[:16]}",
        member_id=member_id,
        kind=kind,
        reason=reason,
        status=OPEN,
        received_at=event.at,
        due_at=one_month_after(event.at),
        closed_at=None,
        event_id=event.event_id,
    )
    if kind == "erasure":
        if erase is None:
            erase_member_data(session, member_id)
        else:
            erase(session, member_id, event.event_id)
        request.status, request.closed_at = DONE, event.at
    session.add(request)
    session.flush()
    return request


def close_request(
    session: Session, request_id: str, status: str = DONE, at: dt.datetime | None = None
) -> MemberRequest:
    """Close an open request as done or refused."""
    if status not in (DONE, REFUSED):
        raise RequestError(f"a request closes as {DONE!r} or {REFUSED!r}, not {status!r}")
    request = session.get(MemberRequest, request_id)
    if request is None:
        raise RequestError(f"unknown request: {request_id}")
    if request.status != OPEN:
        raise RequestError(f"request {request_id} is already {request.status}")
    request.status = status
    request.closed_at = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    session.flush()
    return request


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def is_overdue(request: MemberRequest, now: dt.datetime) -> bool:
    """Open past its due date."""
    return request.status == OPEN and _aware(request.due_at) < now


def list_requests(
    session: Session, overdue_only: bool = False, now: dt.datetime | None = None
) -> list[MemberRequest]:
    """Requests by due date (open ones past due only, with overdue_only)."""
    moment = now or dt.datetime.now(dt.UTC)
    rows = session.scalars(
        select(MemberRequest).order_by(MemberRequest.due_at, MemberRequest.request_id)
    ).all()
    return [r for r in rows if not overdue_only or is_overdue(r, moment)]
