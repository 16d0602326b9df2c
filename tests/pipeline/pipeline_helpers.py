"""Helpers for the pipeline tests: a row-wise ER1–ER8 reference, scenario rows, readers.

The reference is written row by row from issue 3's rules, independent of the policy engine,
so the end-to-end tests compare the real pipeline against it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import insert, select

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger, to_event
from consentgate.models import ConsentEvent, ContentRecord, Member
from consentgate.pipeline.build import BuildComponents
from consentgate.workspace import Workspace

UTC = dt.UTC
T0 = dt.datetime(2020, 1, 1, tzinfo=UTC)
AS_OF = dt.datetime(2026, 1, 15, tzinfo=UTC)
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
    choices = sorted(
        (e for e in past if e.type in CHOICE_TYPES and not _minor_yes(e, birth)),
        key=lambda e: (e.at, e.event_id),
    )
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


def _minor_yes(event: LedgerEvent, birth: dt.date) -> bool:
    """ER6: a yes given before the 18th birthday (UTC date of the event) is no choice."""
    says_yes = (event.type == "ai_training_setting" and event.value is True) or (
        event.type == "notice_response" and event.value == "accept"
    )
    return says_yes and age_on(birth, event.at.astimezone(UTC).date()) < 18


# ---------------------------------------------------------------- member states
def member_events(ws: Workspace) -> dict[str, list[LedgerEvent]]:
    """Every member's ledger events, in ledger order."""
    out: dict[str, list[LedgerEvent]] = {}
    with ws.session() as session:
        for row in session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)):
            out.setdefault(row.member_id, []).append(to_event(row))
    return out


def components() -> BuildComponents:
    """The real policy engine and redactor; the ledger's states_at once it exists."""
    from consentgate.pipeline.build import default_components

    return default_components()


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
