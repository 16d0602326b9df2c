"""The DPO's actions as ledger events: closing a request with its outcome, starting forgetting.

Each action is an event of the member it concerns, of a type of its own (`request_closed`,
`forgetting_started`), channel `dpo`, whose `value` is the canonical JSON text of what was
done and by whom (`actor`: the DPO's username). A text value keeps the ledger's encoding
version 1 unchanged, so export and import carry these events as they carry any other. None
of these types is a choice, a restriction or an erasure: ER6 and ER8 never read them (an
objection counts as a "no" from its filing, whatever its outcome).

Requests are kept in `member_requests`; `sync_requests` makes the rows an import did not
(objections, restrictions and erasures that came in as events) and closes those whose
`request_closed` event came in too, so a workspace rebuilt from an export shows the same
requests with the same outcomes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.errors import RequestError
from consentgate.ledger.choices import new_event
from consentgate.ledger.events import LedgerEvent, canonical_json
from consentgate.ledger.requests import DONE, OPEN, REFUSED, close_request, one_month_after
from consentgate.ledger.store import ConsentLedger
from consentgate.models import REQUEST_KINDS, ConsentEvent, MemberRequest

GRANTED = "granted"
OUTCOMES = (GRANTED, REFUSED)
DPO_CHANNEL = "dpo"
ACTION_TYPES = ("request_closed", "forgetting_started")
MAX_REASON = 2000


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a request was closed: the filing event it answers, granted or refused, why, who."""

    request_event: str
    outcome: str
    actor: str
    reason: str | None = None

    def to_value(self) -> str:
        data = {"request_event": self.request_event, "outcome": self.outcome,
                "actor": self.actor}  # fmt: skip
        if self.reason:
            data["reason"] = self.reason
        return canonical_json(data)

    @classmethod
    def from_value(cls, value: object) -> Outcome:
        """Parse a `request_closed` value; ValueError names what is wrong."""
        data = _object(value)
        outcome, actor, event = data.get("outcome"), data.get("actor"), data.get("request_event")
        reason = data.get("reason")
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
        if not isinstance(actor, str) or not actor or not isinstance(event, str) or not event:
            raise ValueError("needs the actor and the request_event it closes")
        if reason is not None and not isinstance(reason, str):
            raise ValueError("reason must be a text")
        if outcome == REFUSED and not reason:
            raise ValueError("a refusal needs its reason")
        return cls(event, str(outcome), actor, reason)


@dataclass(frozen=True, slots=True)
class ForgettingStarted:
    """The DPO started forgetting this member: who, and the model it starts from."""

    actor: str
    model: str | None = None

    def to_value(self) -> str:
        return canonical_json({"actor": self.actor, "model": self.model})

    @classmethod
    def from_value(cls, value: object) -> ForgettingStarted:
        data = _object(value)
        actor, model = data.get("actor"), data.get("model")
        if not isinstance(actor, str) or not actor:
            raise ValueError("needs the actor")
        if model is not None and not isinstance(model, str):
            raise ValueError("model must be a text or null")
        return cls(actor, model)


def _object(value: object) -> dict[str, object]:
    if not isinstance(value, str):
        raise ValueError("must be a JSON object written as a text")
    try:
        data = json.loads(value)
    except ValueError:
        raise ValueError("must be a JSON object written as a text") from None
    if not isinstance(data, dict):
        raise ValueError("must be a JSON object written as a text")
    return data


def check_action_value(type_: str, value: object) -> None:
    """ValueError unless `value` is a valid value for the action type `type_`."""
    if type_ == "request_closed":
        Outcome.from_value(value)
    elif type_ == "forgetting_started":
        ForgettingStarted.from_value(value)


def close_with_outcome(
    session: Session,
    request_id: str,
    outcome: str,
    actor: str,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> tuple[MemberRequest, LedgerEvent]:
    """Close an open request as granted or refused (a refusal needs its reason), appending
    the `request_closed` event with the DPO's name. The request's own event stays as it is."""
    if outcome not in OUTCOMES:
        raise RequestError(f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}")
    reason = (reason or "").strip()[:MAX_REASON] or None
    if outcome == REFUSED and not reason:
        raise RequestError("reason: a refusal needs its reason, which the member will read")
    ledger = ConsentLedger(session)
    ledger.lock()
    request = session.get(MemberRequest, request_id)
    if request is None:
        raise RequestError(f"unknown request: {request_id}")
    if request.status != OPEN or request.event_id is None:
        raise RequestError(f"request {request_id} is already {request.status}")
    value = Outcome(request.event_id, outcome, actor, reason).to_value()
    event = new_event(request.member_id, "request_closed", DPO_CHANNEL, at, value)
    ledger.append(event)
    close_request(session, request_id, DONE if outcome == GRANTED else REFUSED, event.at)
    return request, event


def record_forgetting_started(
    session: Session, member_ids: list[str], actor: str, model: str | None,
    at: dt.datetime | None = None,
) -> list[LedgerEvent]:  # fmt: skip
    """One `forgetting_started` event per member, in one append."""
    ledger = ConsentLedger(session)
    ledger.lock()
    value = ForgettingStarted(actor, model).to_value()
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    events = [new_event(m, "forgetting_started", DPO_CHANNEL, when, value) for m in member_ids]
    ledger.append_many(events)
    return events


def outcomes_by_request_event(session: Session, member_id: str | None = None) -> dict[str, Outcome]:
    """The outcome of every closed request, keyed by the event that filed it."""
    query = select(ConsentEvent.value).where(ConsentEvent.type == "request_closed")
    if member_id is not None:
        query = query.where(ConsentEvent.member_id == member_id)
    found: dict[str, Outcome] = {}
    for value in session.scalars(query):
        try:
            outcome = Outcome.from_value(value)
        except ValueError:
            continue  # `ledger verify` reports a bad row; a page shows the others
        found[outcome.request_event] = outcome
    return found


def sync_requests(session: Session) -> int:
    """Requests for the request events that have none (what an import brings), closed when
    their `request_closed` event is there too. Returns how many were made."""
    known = set(session.scalars(select(MemberRequest.event_id)))
    rows = session.execute(
        select(ConsentEvent.event_id, ConsentEvent.member_id, ConsentEvent.type, ConsentEvent.at)
        .where(ConsentEvent.type.in_(REQUEST_KINDS))
        .order_by(ConsentEvent.seq)
    ).all()
    outcomes = outcomes_by_request_event(session)
    closed_at: dict[object, dt.datetime] = dict(
        session.execute(
            select(ConsentEvent.value, ConsentEvent.at).where(ConsentEvent.type == "request_closed")
        ).all()
    )
    made = 0
    for event_id, member_id, kind, at in rows:
        if event_id in known:
            continue
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        request = MemberRequest(
            request_id=f"req-{event_id}"[:64], member_id=member_id, kind=kind, reason=None,
            status=OPEN, received_at=at, due_at=one_month_after(at), closed_at=None,
            event_id=event_id,
        )  # fmt: skip
        outcome = outcomes.get(event_id)
        if kind == "erasure":
            request.status, request.closed_at = DONE, at
        elif outcome is not None:
            request.status = DONE if outcome.outcome == GRANTED else REFUSED
            request.closed_at = closed_at.get(outcome.to_value(), at)
        session.add(request)
        made += 1
    session.flush()
    return made
