"""Helpers for the pipeline tests: a row-wise ER1–ER8 reference, scenario rows, readers.

The reference is written row by row from issue 3's rules, independent of the policy engine,
so the end-to-end tests compare the real pipeline against it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.models import ConsentEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.network.models import ContentRecord, Member
from consentgate.pipeline.build import BuildComponents
from consentgate.workspace import Workspace

UTC = dt.UTC
T0 = dt.datetime(2020, 1, 1, tzinfo=UTC)
CHOICE_TYPES = ("ai_training_setting", "notice_response", "objection")


# ---------------------------------------------------------------- reference (ER1–ER8)
def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def reference_reason(
    record: dict[str, Any],
    member: dict[str, Any],
    events: list[LedgerEvent],
    policy: Any,
    as_of: dt.datetime,
) -> str | None:
    """The first rule a record fails (issue 3's ER1–ER8), or None when it is used."""
    profile = record["kind"] == "profile"
    created = _aware(member["created_at"] if profile else record["created_at"])
    if created > as_of:
        return "not_yet_created"
    if record["kind"] not in policy.kinds:
        return "kind_excluded"
    if not profile:
        vis = record["visibility"]
        if record["kind"] in ("post", "article", "comment") and vis != "public":
            return "not_public"
        if record["kind"] == "group_post" and vis != "group_public":
            return "not_public"
    birth = member["birth_date"]
    if age_on(birth, as_of.astimezone(UTC).date()) < 18:
        return "minor"
    if not profile and age_on(birth, created.astimezone(UTC).date()) < 18:
        return "minor"
    rule = policy.rule_for(member["country"])
    if rule is None:
        return "region_not_covered"
    if rule.effective_from > as_of:
        return "not_yet_effective"
    past = [e for e in events if e.at <= as_of]
    choices = sorted((e for e in past if e.type in CHOICE_TYPES), key=lambda e: (e.at, e.event_id))
    if choices:
        last = choices[-1]
        if last.type == "ai_training_setting":
            choice = bool(last.value)
        elif last.type == "notice_response":
            choice = last.value == "accept"
        else:
            choice = False
        from_default = False
    else:
        choice, from_default = bool(rule.default), True
    if not choice:
        return "said_no"
    if from_default and rule.notice_days is not None:
        deadline = as_of - dt.timedelta(days=rule.notice_days)
        if not any(
            e.type == "notice_delivered" and e.policy_version == policy.id and e.at <= deadline
            for e in past
        ):
            return "no_notice"
    if any(e.type == "restriction" for e in past):
        return "restricted"
    if any(e.type == "erasure" for e in events):
        return "erased"
    return None


# ---------------------------------------------------------------- member states
def _events_by_member(session: Session) -> dict[str, list[LedgerEvent]]:
    from consentgate.ledger.store import to_event

    out: dict[str, list[LedgerEvent]] = {}
    for row in session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)):
        out.setdefault(row.member_id, []).append(to_event(row))
    return out


def member_events(ws: Workspace) -> dict[str, list[LedgerEvent]]:
    with ws.session() as session:
        return _events_by_member(session)


def stand_in_states(session: Session, as_of: dt.datetime, policy: Any) -> pa.Table:
    """The ledger's member-state table (MEMBER_COLUMNS), row by row from the events.

    Used only while `ConsentLedger.states_at` is not in this branch.
    """
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
            choice = (bool(last.value) if last.type == "ai_training_setting"
                      else last.value == "accept" if last.type == "notice_response" else False)  # fmt: skip
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


def components() -> BuildComponents:
    """The real policy engine and redactor; the ledger's states_at once it exists."""
    from consentgate.pipeline.build import default_components

    parts = default_components()
    if not hasattr(ConsentLedger, "states_at"):
        parts.states = stand_in_states
    return parts


# ---------------------------------------------------------------- scenario rows
def member(member_id: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "member_id": member_id,
        "name": f"Alice{member_id.capitalize()} Martin",
        "email": f"{member_id}@example.com",
        "phone": None,
        "birth_date": dt.date(1990, 1, 1),
        "country": "US",
        "created_at": T0,
        "headline": f"Engineer {member_id}",
        "summary": None,
        "location": "Boston",
        "positions": [],
        "education": [],
        "skills": [],
    }
    base.update(kw)
    return base


def content(record_id: str, member_id: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "record_id": record_id,
        "member_id": member_id,
        "kind": "post",
        "text": f"Post number {record_id} about data pipelines.",
        "created_at": dt.datetime(2025, 1, 1, tzinfo=UTC),
        "visibility": "public",
        "parent_id": None,
        "group_id": None,
    }
    base.update(kw)
    return base


def insert_rows(
    ws: Workspace,
    members: list[dict[str, Any]],
    contents: list[dict[str, Any]] = (),  # type: ignore[assignment]
    events: list[LedgerEvent] = (),  # type: ignore[assignment]
) -> None:
    with ws.session() as session:
        if members:
            session.execute(insert(Member), members)
        if contents:
            session.execute(insert(ContentRecord), list(contents))
        if events:
            ConsentLedger(session).append_many(list(events))


def read_dataset(path: Path) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in sorted(path.glob("shard-*.parquet")))


def file_bytes(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.glob("*.parquet"))}
