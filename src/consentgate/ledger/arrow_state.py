"""Member states from Arrow tables (no database): the same table as `states_at`, via DuckDB.

For callers that already hold members and events as Arrow (a Parquet export, the
benchmark, a Ray worker): one DuckDB query over the Arrow buffers, zero-copy in and out.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.ledger.state import STATE_SCHEMA
from consentgate.models import ConsentEvent
from consentgate.policy import Policy, adult_instants

EVENT_COLUMNS = ("event_id", "member_id", "at", "type", "value", "policy_version")

# `value` is a string column here: "true"/"false" for settings, "accept"/"refuse" for responses.
_SQL = """
WITH choices AS (
    SELECT member_id,
           arg_max(
               CASE WHEN type = 'objection' THEN FALSE
                    WHEN type = 'ai_training_setting' THEN value = 'true'
                    ELSE value = 'accept' END,
               {'a': ts, 'e': event_id}
           ) AS choice,
           max(ts) AS choice_at
    FROM events JOIN adults USING (member_id)
    WHERE type IN ('ai_training_setting', 'notice_response', 'objection') AND ts <= $t
      AND NOT (
          ((type = 'ai_training_setting' AND value = 'true')
           OR (type = 'notice_response' AND value = 'accept'))
          AND ts < adult_at
      )
    GROUP BY member_id
),
flags AS (
    SELECT member_id,
           bool_or(type = 'restriction' AND ts <= $t) AS restricted,
           bool_or(type = 'erasure') AS erased,
           min(ts) FILTER (WHERE type = 'notice_delivered' AND policy_version = $pid AND ts <= $t)
               AS noticed
    FROM events
    WHERE type IN ('restriction', 'erasure', 'notice_delivered')
    GROUP BY member_id
)
SELECT m.member_id, m.country, m.birth_date, m.created_at,
       c.choice, c.choice_at,
       coalesce(f.restricted, FALSE) AS restricted,
       coalesce(f.erased, FALSE) AS erased,
       f.noticed AS notice_delivered_at
FROM members AS m
LEFT JOIN choices AS c USING (member_id)
LEFT JOIN flags AS f USING (member_id)
ORDER BY m.member_id
"""


def states_from_arrow(
    members: pa.Table, events: pa.Table, at: dt.datetime, policy: Policy, threads: int = 2
) -> pa.Table:
    """STATE_SCHEMA rows for `members` (member_id, country, birth_date, created_at) at `at`.

    `events`: event_id, member_id, at (timestamp UTC), type, value (string), policy_version.
    Ties on `at` go to the greatest event_id (byte order), as everywhere else. A yes made
    before the member's 18th birthday is not a choice (ER6): the birthday is computed here as
    a UTC instant (`policy.batch.adult_instants`), so the query compares instants only.
    """
    # No extension autoloading: that would try the network (and ICU is not needed here).
    con = duckdb.connect(
        config={
            "threads": threads,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    try:
        con.register(
            "members", members.select(["member_id", "country", "birth_date", "created_at"])
        )
        # `at` is a keyword to DuckDB's parser: the query reads it as `ts`.
        renamed = events.select(list(EVENT_COLUMNS)).rename_columns(
            ["event_id", "member_id", "ts", "type", "value", "policy_version"]
        )
        con.register("events", renamed)
        adults = pa.table(
            {
                "member_id": members.column("member_id"),
                "adult_at": adult_instants(members.column("birth_date")),
            }
        )
        con.register("adults", adults)
        params = {"t": at.astimezone(dt.UTC), "pid": policy.id}
        table: pa.Table = con.sql(_SQL, params=params).to_arrow_table()
    finally:
        con.close()
    return table.cast(STATE_SCHEMA)


EVENTS_ARROW_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("member_id", pa.string()),
        ("at", pa.timestamp("us", tz="UTC")),
        ("type", pa.string()),
        ("value", pa.string()),
        ("policy_version", pa.string()),
    ]
)


def _value_text(value: object) -> str | None:
    """An event's JSON value as `states_from_arrow` reads it ("true"/"false", "accept"...)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def ledger_events(session: Session) -> pa.Table:
    """Every event of the workspace ledger as the Arrow table `states_from_arrow` takes."""
    rows = session.execute(
        select(
            ConsentEvent.event_id,
            ConsentEvent.member_id,
            ConsentEvent.at,
            ConsentEvent.type,
            ConsentEvent.value,
            ConsentEvent.policy_version,
        ).order_by(ConsentEvent.seq)
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    at = [v if v.tzinfo else v.replace(tzinfo=dt.UTC) for v in columns[2]]
    return pa.table(
        [
            pa.array(columns[0], pa.string()),
            pa.array(columns[1], pa.string()),
            pa.array(at, pa.timestamp("us", tz="UTC")),
            pa.array(columns[3], pa.string()),
            pa.array([_value_text(v) for v in columns[4]], pa.string()),
            pa.array(columns[5], pa.string()),
        ],
        schema=EVENTS_ARROW_SCHEMA,
    )


def ledger_has_events(session: Session) -> bool:
    """Whether the workspace ledger holds any event."""
    return session.execute(select(ConsentEvent.seq).limit(1)).first() is not None
