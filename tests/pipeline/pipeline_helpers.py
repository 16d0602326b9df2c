"""Helpers for the pipeline tests: a row-wise ER1–ER8 reference, scenario rows, readers.

The reference is written row by row from issue 3's rules, independent of the policy engine,
so the end-to-end tests compare the real pipeline against it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
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
from consentgate.pipeline.shardwork import ShardComponents
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


# ---------------------------------------------------------------- stand-in policy / states
@dataclass(frozen=True)
class Rule:
    effective_from: dt.datetime
    default: bool
    notice_days: int | None = None


@dataclass(frozen=True)
class StandInPolicy:
    """A policy shaped like consentgate.policy.Policy (id, kinds, rule_for)."""

    id: str = "test-policy"
    kinds: frozenset[str] = frozenset(
        {"profile", "post", "article", "comment", "group_post", "recruiter_message",
         "ai_prompt", "feedback"}
    )  # fmt: skip
    rules: dict[str, Rule] = field(
        default_factory=lambda: {
            "US": Rule(dt.datetime(2024, 9, 18, tzinfo=UTC), True),
            "FR": Rule(dt.datetime(2025, 11, 3, tzinfo=UTC), True, 30),
            "DE": Rule(dt.datetime(2025, 11, 3, tzinfo=UTC), True, 30),
            "CA": Rule(dt.datetime(2026, 6, 1, tzinfo=UTC), False),
        }
    )

    def rule_for(self, country: str) -> Rule | None:
        return self.rules.get(country)


def _events_by_member(session: Session) -> dict[str, list[LedgerEvent]]:
    from consentgate.ledger.store import to_event

    out: dict[str, list[LedgerEvent]] = {}
    for row in session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)):
        out.setdefault(row.member_id, []).append(to_event(row))
    return out


def stand_in_states(session: Session, as_of: dt.datetime, policy: Any) -> pa.Table:
    """Member rows plus their events (JSON), for the stand-in decider."""
    events = _events_by_member(session)
    rows = session.execute(
        select(Member.member_id, Member.country, Member.birth_date, Member.created_at)
    ).all()
    return pa.table(
        {
            "member_id": [r[0] for r in rows],
            "country": [r[1] for r in rows],
            "birth_date": [r[2] for r in rows],
            "created_at": pa.array([r[3] for r in rows], pa.timestamp("us", tz="UTC")),
            "events": [
                json.dumps([[e.event_id, e.at.isoformat(), e.type, e.value, e.policy_version]
                            for e in events.get(r[0], [])])
                for r in rows
            ],
        }
    )  # fmt: skip


def stand_in_decide(records: pa.Table, states: pa.Table, policy: Any, as_of: dt.datetime) -> Any:
    """The reference applied row by row (stands in for policy.decide_batch)."""
    members = {m["member_id"]: m for m in states.to_pylist()}
    out = []
    for rec in records.to_pylist():
        m = members[rec["member_id"]]
        events = [
            LedgerEvent(eid, m["member_id"], dt.datetime.fromisoformat(at), typ, "web", val, pv)
            for eid, at, typ, val, pv in json.loads(m["events"])
        ]
        out.append(reference_reason(rec, m, events, policy, as_of))
    return pa.array(out, pa.string())


def components(names_redactor: bool = True) -> BuildComponents:
    """Stand-in decide/states (until the policy branch lands) with the real redactor."""
    from consentgate.redact import Redactor, detect_language

    def factory(names: Any) -> Any:
        return Redactor(member_names=tuple(names))

    return BuildComponents(
        decide=stand_in_decide,
        states=stand_in_states,
        shard=ShardComponents(factory, detect_language, "redact-test"),
    )


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
