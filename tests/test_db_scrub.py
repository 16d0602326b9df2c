"""scrub_database: SQLite's WAL emptied unless a reader holds it; VACUUM on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from consentgate.db import scrub_database
from consentgate.workspace import Workspace


def test_a_long_reader_keeps_the_wal_until_it_ends(sqlite_workspace: Workspace) -> None:
    ws = sqlite_workspace
    wal = Path(ws.database_url.removeprefix("sqlite:///") + "-wal")
    with ws.engine.begin() as conn:
        conn.execute(text("CREATE TABLE probe (body TEXT)"))
        conn.execute(text("INSERT INTO probe VALUES ('QQ-SECRET-QQ')"))
    with ws.engine.begin() as conn:
        conn.execute(text("DELETE FROM probe"))
    reader = ws.engine.connect()
    driver = reader.connection.driver_connection
    assert driver is not None
    driver.execute("BEGIN")
    driver.execute("SELECT COUNT(*) FROM probe").fetchone()  # holds its snapshot
    with ws.engine.begin() as conn:  # a later commit the reader cannot see
        conn.execute(text("INSERT INTO probe VALUES ('other')"))
    held = scrub_database(ws.engine, ["probe"], attempts=2, wait_s=0.01)
    assert not held.done and "reader" in held.detail and wal.stat().st_size > 0
    driver.execute("COMMIT")
    reader.close()
    done = scrub_database(ws.engine, ["probe"])
    assert done.done and wal.stat().st_size == 0
    raw = Path(ws.database_url.removeprefix("sqlite:///")).read_bytes()
    assert b"QQ-SECRET-QQ" not in raw


def test_each_backend_scrubs_what_it_can(workspace: Workspace) -> None:
    report = scrub_database(workspace.engine, ["members", "content"])
    expected = {
        "postgresql": "VACUUM members, content",
        "sqlite": "WAL checkpointed into the file, emptied",
    }
    assert report.done and report.detail == expected[report.backend]
