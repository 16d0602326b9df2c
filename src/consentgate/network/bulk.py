"""Bulk writes: SQLite executemany with values already in storage form, PostgreSQL COPY.

SQLAlchemy's Core insert spends more time preparing each row's parameters than SQLite spends
storing them; converting the few column types here once (and, on PostgreSQL, streaming rows
through COPY) is what gets an import past 50,000 records/s.

The change journal (migration 0003) is kept by triggers. SQLite has row triggers only, and
one journal INSERT per stored row halves an import's speed; a bulk insert therefore sets the
table's insert trigger aside inside its own transaction, writes one journal row per member
instead, and puts the trigger back before the transaction ends. The write lock the
transaction holds keeps every other writer out meanwhile, and a rollback restores the
trigger with the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Numeric, Table, text
from sqlalchemy.orm import Session

BATCH = 20_000


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    """SQLAlchemy's SQLite DATETIME storage form, in UTC (SQLite keeps no offset)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, DateTime):
        return _sqlite_datetime
    if isinstance(column_type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, Numeric):
        return lambda v: None if v is None else float(v)
    return None


def _tuples(
    rows: Sequence[dict[str, Any]],
    columns: list[str],
    converters: list[Callable[[Any], Any] | None],
) -> list[tuple[Any, ...]]:
    """Rows as tuples, converted column by column (map and zip run in C)."""
    values = []
    for column, convert in zip(columns, converters, strict=True):
        cells = [row[column] for row in rows]
        values.append(list(map(convert, cells)) if convert else cells)
    return list(zip(*values, strict=True))


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _sqlite_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    columns = list(rows[0])
    converters = [_sqlite_converter(table.c[c].type) for c in columns]
    sql = (
        f'INSERT INTO "{table.name}" ({_quoted(columns)}) '
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    connection = session.connection()
    with _journal_once_per_member(connection, table, rows):
        for start in range(0, len(rows), BATCH):
            batch = _tuples(rows[start : start + BATCH], columns, converters)
            connection.exec_driver_sql(sql, batch)


@contextmanager
def _journal_once_per_member(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> Iterator[None]:
    """Journal each member of `rows` once instead of once per row (SQLite; see above)."""
    name = f"cg_journal_{table.name}_ins"
    found = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": name},
    ).scalar()
    if found is None or "member_id" not in table.c:
        yield
        return
    if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        # Python's sqlite3 opens a transaction before DML only: a DROP run first would be
        # committed on its own, and a rollback would then lose the trigger for good.
        connection.exec_driver_sql("DELETE FROM change_journal WHERE 0")
    connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
        members = sorted({row["member_id"] for row in rows})
        connection.exec_driver_sql(
            "INSERT INTO change_journal (member_id) VALUES (?)", [(m,) for m in members]
        )
    finally:
        connection.exec_driver_sql(found)


def _postgres_copy(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    from psycopg.types.json import Json

    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    raw = session.connection().connection.driver_connection
    assert raw is not None
    sql = f'COPY "{table.name}" ({_quoted(columns)}) FROM STDIN'
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    Json(row[c]) if c in json_columns and row[c] is not None else row[c]
                    for c in columns
                ]  # fmt: skip
            )


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) into `table` inside the session's transaction."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_insert(session, table, rows)
    elif dialect == "postgresql":
        _postgres_copy(session, table, rows)
    else:
        for start in range(0, len(rows), BATCH):
            session.execute(table.insert(), list(rows[start : start + BATCH]))
