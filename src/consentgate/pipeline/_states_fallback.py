"""Member states computed row by row from the ledger's events: a stop-gap.

Used only when `ConsentLedger.states_at` (the ledger's vectorised point-in-time table) is not
available in this checkout; it follows issue 3's rules for the columns decide_batch reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.models import ConsentEvent
from consentgate.network.models import Member

CHOICE_TYPES = ("ai_training_setting", "notice_response", "objection")


def _events_by_member(session: Session) -> dict[str, list[LedgerEvent]]:
    from consentgate.ledger.store import to_event

    out: dict[str, list[LedgerEvent]] = {}
    for row in session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)):
        out.setdefault(row.member_id, []).append(to_event(row))
    return out


def states_from_events(session: Session, as_of: dt.datetime, policy: Any) -> pa.Table:
    """The member-state table decide_batch reads (policy.MEMBER_COLUMNS), row by row."""
    events = _events_by_member(session)
    rows = session.execute(
        select(Member.member_id, Member.country, Member.birth_date, Member.created_at)
    ).all()
    out: dict[str, list[Any]] = {k: [] for k in (
        "member_id", "country", "birth_date", "created_at", "choice", "restricted", "erased",
        "notice_delivered_at")}  # fmt: skip
    for member_id, country, birth, created in rows:
        evs = events.get(member_id, [])
        past = [e for e in evs if e.at <= as_of]
        choices = sorted(
            (e for e in past if e.type in CHOICE_TYPES), key=lambda e: (e.at, e.event_id)
        )
        choice = None
        if choices:
            last = choices[-1]
            choice = last.type != "objection" and (
                bool(last.value) if last.type == "ai_training_setting" else last.value == "accept"
            )
        notices = [
            e.at for e in past if e.type == "notice_delivered" and e.policy_version == policy.id
        ]
        for key, value in (
            ("member_id", member_id), ("country", country), ("birth_date", birth),
            ("created_at", created), ("choice", choice),
            ("restricted", any(e.type == "restriction" for e in past)),
            ("erased", any(e.type == "erasure" for e in evs)),
            ("notice_delivered_at", min(notices) if notices else None),
        ):  # fmt: skip
            out[key].append(value)
    ts = pa.timestamp("us", tz="UTC")
    return pa.table(
        {
            **{k: pa.array(out[k], pa.string()) for k in ("member_id", "country")},
            "birth_date": pa.array(out["birth_date"], pa.date32()),
            "created_at": pa.array(out["created_at"], ts),
            "choice": pa.array(out["choice"], pa.bool_()),
            "restricted": pa.array(out["restricted"], pa.bool_()),
            "erased": pa.array(out["erased"], pa.bool_()),
            "notice_delivered_at": pa.array(out["notice_delivered_at"], ts),
        }
    )
