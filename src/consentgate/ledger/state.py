"""Point-in-time consent state: one member (row-wise) or every member at once (SQL -> Arrow).

`states_table` pushes the per-member aggregation into the database (a window function
picks each member's deciding event; a GROUP BY collects restriction, erasure and the
first notice), so only one row per member crosses into Python, and builds the Arrow
columns in bulk. Ties on `at` are broken by event_id in byte order (COLLATE "C" on
PostgreSQL, SQLite's default BINARY), the same order Python's `str` comparison gives.

ER6 for minors: a yes (setting true, notice accepted) whose `at` falls before the member's
18th birthday (UTC dates) is not a choice. Both queries compute that birthday in SQL with the
convention of `policy.rules.age_on`: 29 February + 18 years is 1 March (the 18th year of a
leap-year birth is never a leap year). PostgreSQL builds it as the first of the birth month
18 years on, plus the day offset; SQLite's `date(birth, '+18 years')` overflows 29 February
into 1 March by itself. `at` is compared as a UTC instant (SQLite stores UTC text).
"""

from __future__ import annotations

import datetime as dt
import json
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
    *,
    birth_date: dt.date | None,
) -> MemberState:
    """The state of one member from their events (the row-wise twin of states_table).

    `birth_date` decides which yes-events count (ER6); None for a member without a profile
    (erased), whose events then all count.
    """
    rule = policy.rule_for(country)
    decider = deciding_event(events, at, birth_date)
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
    SELECT e.member_id, e.at, e.type, CAST(e.value AS TEXT) AS v,
           ROW_NUMBER() OVER (
               PARTITION BY e.member_id ORDER BY e.at DESC, e.event_id {collate} DESC
           ) AS rn
    FROM consent_events AS e
    JOIN members AS b ON b.member_id = e.member_id
    WHERE e.type IN ('ai_training_setting', 'notice_response', 'objection') AND e.at <= :t
      AND NOT (
          ((e.type = 'ai_training_setting' AND CAST(e.value AS TEXT) = 'true')
           OR (e.type = 'notice_response' AND CAST(e.value AS TEXT) = '"accept"'))
          AND e.at < CAST(
              make_date(CAST(EXTRACT(YEAR FROM b.birth_date) AS INTEGER) + 18,
                        CAST(EXTRACT(MONTH FROM b.birth_date) AS INTEGER), 1)
              + (CAST(EXTRACT(DAY FROM b.birth_date) AS INTEGER) - 1) AS TIMESTAMP
          ) AT TIME ZONE 'UTC'
      )
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
{where}
ORDER BY m.member_id
"""


# SQLite: per member, index seeks on (member_id, at) beat the window + GROUP BY plan, which
# SQLite runs without a usable index (benchmarks/bench_states_at.py measures both backends).
_SQLITE_STATES_SQL = """
SELECT m.member_id, m.country, m.birth_date, m.created_at,
       CASE WHEN c.type IS NULL THEN NULL
            WHEN c.type = 'ai_training_setting' AND CAST(c.value AS TEXT) = 'true' THEN 1
            WHEN c.type = 'notice_response' AND CAST(c.value AS TEXT) = '"accept"' THEN 1
            ELSE 0 END AS choice,
       c.at AS choice_at,
       EXISTS (SELECT 1 FROM consent_events AS r WHERE r.member_id = m.member_id
               AND r.type = 'restriction' AND r.at <= :t) AS restricted,
       EXISTS (SELECT 1 FROM consent_events AS x WHERE x.member_id = m.member_id
               AND x.type = 'erasure') AS erased,
       (SELECT MIN(n.at) FROM consent_events AS n WHERE n.member_id = m.member_id
               AND n.type = 'notice_delivered' AND n.policy_version = :pid AND n.at <= :t)
           AS notice_delivered_at
FROM members AS m
LEFT JOIN consent_events AS c ON c.seq = (
    SELECT e.seq FROM consent_events AS e
    WHERE e.member_id = m.member_id AND e.at <= :t
      AND e.type IN ('ai_training_setting', 'notice_response', 'objection')
      AND NOT (
          ((e.type = 'ai_training_setting' AND CAST(e.value AS TEXT) = 'true')
           OR (e.type = 'notice_response' AND CAST(e.value AS TEXT) = '"accept"'))
          AND e.at < date(m.birth_date, '+18 years')
      )
    ORDER BY e.at DESC, e.event_id DESC
    LIMIT 1
)
{where}
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


def states_table(
    session: Session, at: dt.datetime, policy: Policy, members: Sequence[str] | None = None
) -> pa.Table:
    """Every member's state at `at` under `policy`: the STATE_SCHEMA table, by member_id.

    With `members`, only those members' rows (ids not in the members table give no row):
    an incremental build decides a few shards' members, not the whole network.
    """
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {"t": at.astimezone(dt.UTC), "pid": policy.id}
    where = ""
    if members is not None:
        params["ids"] = list(members)
        # SQLite: one JSON parameter, whatever the count (the host-parameter limit is low).
        where = (
            "WHERE m.member_id IN (SELECT value FROM json_each(:ids))"
            if dialect == "sqlite"
            else "WHERE m.member_id = ANY(:ids)"
        )
        if dialect == "sqlite":
            params["ids"] = json.dumps(params["ids"])
    if dialect == "sqlite":
        sql = _SQLITE_STATES_SQL.format(where=where)
    else:
        collate = 'COLLATE "C"' if dialect == "postgresql" else ""
        sql = _STATES_SQL.format(collate=collate, where=where)
    stmt = text(sql).bindparams(bindparam("t", type_=DateTime(timezone=True)), bindparam("pid"))
    rows = session.execute(stmt, params).all()
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
