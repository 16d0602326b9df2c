"""Reading ledger rows as stored, whatever a database writer put in them.

The ORM's column types turn a bad `at` or a bad JSON `value` into an exception; here every
column is read raw (SQLite's text as text, JSON as text), checked field by field, and a
malformed field becomes a named problem of its row, never a traceback. Stored forms are
checked strictly: an `at` reformatted on SQLite, or a `value` respelled (` true`), is a
problem even when it means the same, because the state queries compare the stored text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import String, Text, cast, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from consentgate.ledger.events import ENCODINGS, LedgerEvent, Value, event_hash, stored_fields
from consentgate.models import CHANNELS, EVENT_TYPES, ConsentEvent

_EVENTS = ConsentEvent.metadata.tables[ConsentEvent.__tablename__]
# SQLAlchemy's SQLite DateTime storage format (always with microseconds, UTC by our rule).
_SQLITE_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(slots=True)
class StoredRow:
    """One row as stored: its raw identity, its problems, and its event when well formed."""

    seq: int
    event_id: str
    position: int | None
    prev_hash: object
    hash: object
    problems: list[tuple[str, str]] = field(default_factory=list)
    # The encoding's input (None when a field cannot be read) and its version.
    fields: dict[str, object] | None = None
    encoding: int | None = None
    event: LedgerEvent | None = None

    def recomputed_hash(self) -> str | None:
        """The hash the row's fields give (None when they cannot be encoded)."""
        if self.fields is None or self.encoding is None:
            return None
        return event_hash(self.fields, self.encoding)

    def name(self) -> str:
        return f"event {self.event_id} (seq {self.seq})"


def _columns(dialect: str) -> list[ColumnElement[object]]:
    c = _EVENTS.c

    def raw(column: ColumnElement[object]) -> ColumnElement[object]:
        # SQLite: no result processing, the stored value as it is (text, number or blob).
        return type_coerce(column, String) if dialect == "sqlite" else column

    return [
        c.seq,
        raw(c.event_id),
        raw(c.member_id),
        raw(c.at),
        raw(c.type),
        cast(c.value, Text),
        raw(c.policy_version),
        raw(c.channel),
        raw(c.recorded_at),
        raw(c.prev_hash),
        raw(c.hash),
        raw(c.position),
        raw(c.encoding),
    ]


def _instant(raw: object, name: str, problems: list[tuple[str, str]]) -> dt.datetime | None:
    if isinstance(raw, dt.datetime):  # PostgreSQL's timestamptz
        return raw if raw.tzinfo else raw.replace(tzinfo=dt.UTC)
    if isinstance(raw, str) and _SQLITE_INSTANT.fullmatch(raw):
        try:
            return dt.datetime.fromisoformat(raw).replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    problems.append((name, f"{raw!r} is not a stored instant"))
    return None


def _value(raw: object, problems: list[tuple[str, str]]) -> tuple[bool, Value]:
    if raw is None:
        return True, None
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        problems.append(("value", f"{raw!r} is not JSON"))
        return False, None
    if value is not None and not isinstance(value, bool | str):
        problems.append(("value", f"{raw!r} is not true, false, a text or null"))
        return False, None
    if json.dumps(value) != raw:
        problems.append(("value", f"{raw!r} is not stored as {json.dumps(value)}"))
    return True, value


def _text(
    raw: object, name: str, problems: list[tuple[str, str]], allowed: Sequence[str] = ()
) -> str:
    if not isinstance(raw, str) or not raw:
        problems.append((name, f"{raw!r} is not a text"))
        return str(raw)
    if allowed and raw not in allowed:
        problems.append((name, f"{raw!r} is not one of {', '.join(allowed)}"))
    return raw


def _integer(raw: object, name: str, problems: list[tuple[str, str]]) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    problems.append((name, f"{raw!r} is not a non-negative integer"))
    return None


def parse_row(values: Sequence[object]) -> StoredRow:
    """A raw row (in `_columns` order) checked field by field."""
    (seq, event_id, member_id, at, type_, value, version, channel, recorded_at,
     prev_hash, digest, position, encoding) = values  # fmt: skip
    problems: list[tuple[str, str]] = []
    row = StoredRow(int(str(seq)), str(event_id), None, prev_hash, digest, problems)
    event_id = _text(event_id, "event_id", problems)
    member_id = _text(member_id, "member_id", problems)
    type_ = _text(type_, "type", problems, EVENT_TYPES)
    channel = _text(channel, "channel", problems, CHANNELS)
    at_value = _instant(at, "at", problems)
    recorded = _instant(recorded_at, "recorded_at", problems)
    value_ok, parsed = _value(value, problems)
    if version is not None and not isinstance(version, str):
        problems.append(("policy_version", f"{version!r} is not a text"))
    row.position = _integer(position, "position", problems)
    row.encoding = _integer(encoding, "encoding", problems)
    if row.encoding is not None and row.encoding not in ENCODINGS:
        problems.append(("encoding", f"{row.encoding} is not a known encoding version"))
        row.encoding = None
    if prev_hash is not None and not (isinstance(prev_hash, str) and _HEX64.fullmatch(prev_hash)):
        problems.append(("prev_hash", f"{prev_hash!r} is not a hash"))
    if not (isinstance(digest, str) and _HEX64.fullmatch(digest)):
        problems.append(("hash", f"{digest!r} is not a hash"))
    if at_value is not None and recorded is not None and value_ok and row.position is not None:
        row.fields = stored_fields(
            event_id, member_id, at_value, type_, channel, parsed,
            version if isinstance(version, str) else None, recorded, row.position,
            prev_hash if isinstance(prev_hash, str) else None,
        )  # fmt: skip
    if not problems and at_value is not None:
        row.event = LedgerEvent(event_id, member_id, at_value, type_, channel, parsed, version)  # type: ignore[arg-type]
    return row


def read_rows(
    session: Session, types: Sequence[str] = (), batch: int = 10_000
) -> Iterator[StoredRow]:
    """Every row (or those of `types`) in seq order, as stored, checked."""
    query = select(*_columns(session.get_bind().dialect.name)).order_by(_EVENTS.c.seq)
    if types:
        query = query.where(_EVENTS.c.type.in_(list(types)))
    result = session.execute(query.execution_options(yield_per=batch))
    for values in result:
        yield parse_row(tuple(values))


def events_of(session: Session, types: Sequence[str] = ()) -> Iterator[LedgerEvent]:
    """The well-formed events (of `types`) in seq order; malformed rows are skipped (verify
    names them)."""
    for row in read_rows(session, types):
        if row.event is not None:
            yield row.event
