"""Point-in-time consent state: one member (row-wise) or every member at once (SQL -> Arrow).

`states_table` pushes the per-member aggregation into the database (a window function
picks each member's deciding event; a GROUP BY collects restriction, erasure and the
first notice), so only one row per member crosses into Python, and builds the Arrow
columns in bulk. Ties on `at` are broken by event_id in byte order (COLLATE "C" on
PostgreSQL, SQLite's default BINARY), the same order Python's `str` comparison gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import DateTime, bindparam, text
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.policy import Policy, RegionRule, choice_value, deciding_event, first_notice

STATE_SCHEMA = pa.schema(
    [
        ("member_id", pa.string()),
        ("country", pa.string()),
        ("birth_date", pa.date32()),
        ("created_at", pa.timestamp("us", "UTC")),
        ("choice", pa.bool_()),
        ("choice_at", pa.timestamp("us", "UTC")),
        ("restricted", pa.bool_()),
        ("erased", pa.bool_()),
        ("notice_delivered_at", pa.timestamp("us", "UTC")),
    ]
)


@dataclass(frozen=True, slots=True)
class MemberState:
    """A member's consent at one instant under one policy, and where the choice comes from.

    source: "event" (the deciding_event set it), "default" (the region rule's default),
    "none" (no region rule covers the member: choice is False).
    """

    member_id: str
    choice: bool
    source: Literal["event", "default", "none"]
    since: dt.datetime | None
    deciding_event: LedgerEvent | None
    restricted: bool
    erased: bool
    notice_delivered_at: dt.datetime | None
    region_rule: RegionRule | None


def member_state(
    member_id: str,
    country: str | None,
    events: Sequence[LedgerEvent],
    policy: Policy,
    at: dt.datetime,
) -> MemberState:
    """The state of one member from their events (the row-wise twin of states_table)."""
    rule = policy.rule_for(country)
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
        source=source,  # type: ignore[arg-type]
        since=since,
        deciding_event=decider,
        restricted=any(e.type == "restriction" and e.at <= at for e in events),
        erased=any(e.type == "erasure" for e in events),
        notice_delivered_at=first_notice(events, policy.id, at),
        region_rule=rule,
    )


_STATES_SQL = """
WITH choices AS (
    SELECT member_id, at, type, CAST(value AS TEXT) AS v,
           ROW_NUMBER() OVER (
               PARTITION BY member_id ORDER BY at DESC, event_id {collate} DESC
           ) AS rn
    FROM consent_events
    WHERE type IN ('ai_training_setting', 'notice_response', 'objection') AND at <= :t
),
flags AS (
    SELECT member_id,
           MAX(CASE WHEN type = 'restriction' AND at <= :t THEN 1 ELSE 0 END) AS restricted,
           MAX(CASE WHEN type = 'erasure' THEN 1 ELSE 0 END) AS erased,
           MIN(CASE WHEN type = 'notice_delivered' AND policy_version = :pid AND at <= :t
                    THEN at END) AS noticed
    FROM consent_events
    WHERE type IN ('restriction', 'erasure', 'notice_delivered')
    GROUP BY member_id
)
SELECT m.member_id, m.country, m.birth_date, m.created_at,
       CASE WHEN c.type IS NULL THEN NULL
            WHEN c.type = 'ai_training_setting' AND c.v = 'true' THEN 1
            WHEN c.type = 'notice_response' AND c.v = '"accept"' THEN 1
            ELSE 0 END AS choice,
       c.at AS choice_at,
       COALESCE(f.restricted, 0) AS restricted,
       COALESCE(f.erased, 0) AS erased,
       f.noticed AS notice_delivered_at
FROM members AS m
LEFT JOIN choices AS c ON c.member_id = m.member_id AND c.rn = 1
LEFT JOIN flags AS f ON f.member_id = m.member_id
ORDER BY m.member_id
"""


def _timestamps(values: Sequence[Any]) -> pa.Array:
    """Driver timestamps (aware datetimes, or SQLite's UTC text) as timestamp[us, UTC]."""
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, str):
        # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, see ConsentLedger.append_many).
        return pc.cast(pa.array(values, pa.string()), pa.timestamp("us")).cast(
            pa.timestamp("us", "UTC")
        )
    return pa.array(values, pa.timestamp("us", "UTC"))


def _dates(values: Sequence[Any]) -> pa.Array:
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, str):
        return pc.cast(pa.array(values, pa.string()), pa.date32())
    return pa.array(values, pa.date32())


def states_table(session: Session, at: dt.datetime, policy: Policy) -> pa.Table:
    """Every member's state at `at` under `policy`: the STATE_SCHEMA table, by member_id."""
    dialect = session.get_bind().dialect.name
    collate = 'COLLATE "C"' if dialect == "postgresql" else ""
    stmt = text(_STATES_SQL.format(collate=collate)).bindparams(
        bindparam("t", type_=DateTime(timezone=True)), bindparam("pid")
    )
    rows = session.execute(stmt, {"t": at.astimezone(dt.UTC), "pid": policy.id}).all()
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * 9
    (member_id, country, birth, created, choice, choice_at, restricted, erased, noticed) = columns
    return pa.table(
        [
            pa.array(member_id, pa.string()),
            pa.array(country, pa.string()),
            _dates(birth),
            _timestamps(created),
            pa.array([None if c is None else bool(c) for c in choice], pa.bool_()),
            _timestamps(choice_at),
            pa.array(restricted, pa.int8()).cast(pa.bool_()),
            pa.array(erased, pa.int8()).cast(pa.bool_()),
            _timestamps(noticed),
        ],
        schema=STATE_SCHEMA,
    )
