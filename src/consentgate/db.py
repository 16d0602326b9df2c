"""Engine creation and schema migrations (Alembic, run from inside the package)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session

from consentgate.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers (the web app) run while an import or a build writes.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, not left in free pages: an erased member's
    # data must not stay readable in the file (with a WAL checkpoint, see scrub_database).
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


def create_engine_for(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; `postgresql://` uses psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql+psycopg"):
        return create_engine(url, pool_pre_ping=True)
    raise ConfigError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://...")


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Session]:
    """A session whose reads all see one state of the database, rolled back at the end.

    PostgreSQL: REPEATABLE READ. SQLite: the driver opens no transaction for SELECTs, so one
    is begun explicitly (in WAL mode a reader keeps its snapshot and blocks no writer).
    """
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif engine.dialect.name == "sqlite":
            dbapi = session.connection().connection.driver_connection
            if dbapi is not None and not dbapi.in_transaction:
                dbapi.execute("BEGIN")
        try:
            yield session
        finally:
            session.rollback()


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass(frozen=True, slots=True)
class ScrubReport:
    """What `scrub_database` did: `done` is False when readers kept it from finishing."""

    backend: str
    done: bool
    detail: str


def scrub_database(
    engine: Engine, tables: Sequence[str], *, attempts: int = 20, wait_s: float = 0.1
) -> ScrubReport:
    """Make deleted rows unreadable in the database's files, as far as the backend allows.

    SQLite (secure_delete is on for every connection, so deleted cells and freed pages are
    already zeros in the pages): a TRUNCATE checkpoint copies the WAL into the database
    file and empties the WAL, whose older frames still hold the rows as they were. A reader
    holding an older snapshot blocks it; it is retried without blocking (`attempts` times,
    `wait_s` apart) and reported as not done.
    PostgreSQL: VACUUM of `tables` removes the dead rows' index entries and line pointers
    and frees their space for reuse; what it cannot overwrite is in docs/policy.md.
    """
    if engine.dialect.name == "sqlite":
        return _sqlite_checkpoint(engine, attempts, wait_s)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.execute(text(f'VACUUM "{table}"'))
        return ScrubReport("postgresql", True, f"VACUUM {', '.join(tables)}")
    return ScrubReport(engine.dialect.name, False, "no scrubbing for this backend")


def _sqlite_checkpoint(engine: Engine, attempts: int, wait_s: float) -> ScrubReport:
    with engine.connect() as conn:
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        dbapi.execute("PRAGMA busy_timeout=0")  # never wait on a reader here: retry instead
        try:
            for _attempt in range(max(1, attempts)):
                busy, frames, copied = dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return ScrubReport("sqlite", True, "WAL checkpointed into the file, emptied")
                time.sleep(wait_s)
        finally:
            dbapi.execute("PRAGMA busy_timeout=30000")
    return ScrubReport(
        "sqlite", False, f"a reader kept the WAL ({frames} frames, {copied} copied); retried later"
    )
