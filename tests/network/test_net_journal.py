"""An import keeps the change journal: each member it writes is journalled, triggers intact.

Incremental dataset builds trust the journal to name every member whose inputs changed; the
SQLite bulk path sets the row trigger aside for speed, so these pin that nothing is lost
and that the trigger is back afterwards, also when the import fails.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from netrows import WriteDir, content, event, member
from sqlalchemy import text

from consentgate.errors import ConflictError
from consentgate.models import ContentRecord
from consentgate.network.bulk import bulk_insert
from consentgate.network.interchange import import_directory
from consentgate.pipeline.changes import journal_intact
from consentgate.workspace import Workspace


def _journal(ws: Workspace) -> Counter[str]:
    with ws.session() as session:
        rows = session.execute(text("SELECT member_id FROM change_journal"))
        return Counter(member_id for (member_id,) in rows)


def _intact(ws: Workspace) -> bool:
    with ws.session() as session:
        return journal_intact(session)


def test_import_journals_every_member_it_writes(workspace: Workspace, write_dir: WriteDir) -> None:
    members = [member(f"m{i}") for i in range(1, 4)]
    posts = [content(f"c{i}{p}", f"m{i}") for i in range(1, 4) for p in range(5)]
    import_directory(workspace, write_dir(members, posts, [event("e1", "m2")]))

    journal = _journal(workspace)
    assert set(journal) == {"m1", "m2", "m3"}
    # One row per member and table written, not one per stored record.
    assert journal["m1"] == 2 and journal["m3"] == 2
    assert _intact(workspace)


def test_content_added_later_is_journalled(workspace: Workspace, write_dir: WriteDir) -> None:
    import_directory(workspace, write_dir([member("m1"), member("m2")]))
    before = _journal(workspace)
    import_directory(workspace, write_dir([], [content("c9", "m2")]))
    assert _journal(workspace) - before == Counter({"m2": 1})
    assert _intact(workspace)


def test_failed_import_leaves_triggers_and_journal_as_they_were(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, write_dir([member("m1")], [content("c1", "m1")]))
    before = _journal(workspace)
    clash = write_dir([member("m2")], [content("c2", "m2"), content("c1", "m1", text="Edited")])
    with pytest.raises(ConflictError):
        import_directory(workspace, clash)
    assert _journal(workspace) == before
    assert _intact(workspace)
    # The row trigger is back: a write outside the bulk path is journalled again.
    with workspace.session() as session:
        session.execute(text("DELETE FROM content WHERE record_id = 'c1'"))
        session.commit()
    assert _journal(workspace) - before == Counter({"m1": 1})


def test_bulk_insert_failing_midway_keeps_the_trigger(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, write_dir([member("m1")]))
    row = {"record_id": "c1", "member_id": "m1", "kind": "post", "text": "Bonjour"}
    row |= {"created_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "visibility": "public"}
    # SQLite's driver raises IntegrityError, PostgreSQL's COPY its own UniqueViolation.
    with pytest.raises(Exception, match="(?i)unique|duplicate key"):  # noqa: PT011
        with workspace.session() as session:
            bulk_insert(session, ContentRecord.__table__, [row, dict(row)])  # same id twice
    assert _intact(workspace)
    with workspace.session() as session:
        assert session.execute(text("SELECT COUNT(*) FROM content")).scalar() == 0
