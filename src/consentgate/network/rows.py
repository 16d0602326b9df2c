"""Table rows from interchange rows and back, in one normal form so they can be compared.

Timestamps are stored in UTC: SQLite keeps no offset, so an aware time must be converted
before it is written, and a naive time read back from SQLite is UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.models import ConsentEvent
from consentgate.network.validation import ContentIn, EventIn, MemberIn

CHUNK = 2000  # ids per IN (...) query: well under SQLite's and PostgreSQL's parameter limits

MEMBER_FIELDS = (
    "member_id",
    "name",
    "email",
    "phone",
    "birth_date",
    "country",
    "created_at",
    "headline",
    "summary",
    "location",
    "positions",
    "education",
    "skills",
)
CONTENT_FIELDS = (
    "record_id",
    "member_id",
    "kind",
    "text",
    "created_at",
    "visibility",
    "parent_id",
    "group_id",
)
EVENT_FIELDS = ("event_id", "member_id", "at", "type", "channel", "value", "policy_version")


def utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; a naive one (SQLite) is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def member_row(row: MemberIn) -> dict[str, Any]:
    """The `members` table row of a members.jsonl line."""
    return {
        "member_id": row.member_id,
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "birth_date": row.birth_date,
        "country": row.country,
        "created_at": utc(row.created_at),
        "headline": row.headline,
        "summary": row.summary,
        "location": row.location,
        "positions": [p.model_dump() for p in row.positions],
        "education": [e.model_dump() for e in row.education],
        "skills": list(row.skills),
    }


def content_row(row: ContentIn) -> dict[str, Any]:
    """The `content` table row of a content.jsonl line."""
    return {
        "record_id": row.record_id,
        "member_id": row.member_id,
        "kind": row.kind,
        "text": row.text,
        "created_at": utc(row.created_at),
        "visibility": row.visibility,
        "parent_id": row.parent_id,
        "group_id": row.group_id,
    }


def ledger_event(row: EventIn) -> LedgerEvent:
    """The ledger value of an events.jsonl line (time in UTC, see module docstring)."""
    return LedgerEvent(
        event_id=row.event_id,
        member_id=row.member_id,
        at=utc(row.at),
        type=row.type,
        channel=row.channel,
        value=row.value,
        policy_version=row.policy_version,
    )


def event_key(event: LedgerEvent) -> dict[str, Any]:
    """What two events with the same id must agree on."""
    return {
        "event_id": event.event_id,
        "member_id": event.member_id,
        "at": utc(event.at),
        "type": event.type,
        "channel": event.channel,
        "value": event.value,
        "policy_version": event.policy_version,
    }


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """A row read from the database in the same form as one built from a file."""
    out = dict(row)
    for key in ("created_at", "at"):
        if isinstance(out.get(key), dt.datetime):
            out[key] = utc(out[key])
    return out


def differing(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names of the fields where two rows differ."""
    return [key for key in a if a[key] != b.get(key)]


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def table_is_empty(session: Session, table: Table) -> bool:
    return not session.execute(select(func.count()).select_from(table)).scalar_one()


def rows_by_id(
    session: Session, table: Table, key: str, ids: Iterable[str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Rows of `table` whose `key` is one of `ids`, normalised, by id."""
    wanted = list(dict.fromkeys(ids))
    if not wanted or table_is_empty(session, table):
        return {}
    column = table.c[key]
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(wanted):
        query = select(*(table.c[f] for f in fields)).where(column.in_(chunk))
        for row in session.execute(query).mappings():
            found[row[key]] = normalise(dict(row))
    return found


def present_ids(
    session: Session, column: ColumnElement[str], ids: Iterable[str], where: Any = None
) -> set[str]:
    """Which of `ids` appear in `column` (optionally under an extra condition)."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for chunk in chunks(wanted):
        query = select(column).where(column.in_(chunk)).distinct()
        if where is not None:
            query = query.where(where)
        found.update(session.scalars(query))
    return found


def erased_in_ledger(session: Session) -> set[str]:
    """Members the ledger holds an erasure event for."""
    query = select(ConsentEvent.member_id).where(ConsentEvent.type == "erasure").distinct()
    return set(session.scalars(query))


def ledger_events_by_id(session: Session, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Existing ledger events with these ids, in `event_key` form."""
    table = ConsentEvent.__table__
    assert isinstance(table, Table)
    return rows_by_id(session, table, "event_id", ids, EVENT_FIELDS)
