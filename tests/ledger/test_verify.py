"""verify_chain finds the first edited, deleted or reordered event (and a deleted last one)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.models import ConsentEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_chain
from consentgate.workspace import Workspace

UTC = dt.UTC


def _events(n: int) -> list[LedgerEvent]:
    return [
        LedgerEvent(
            f"e{i}",
            f"m{i % 2}",
            dt.datetime(2025, 10, 1, i, tzinfo=UTC),
            "ai_training_setting",
            "web",
            i % 3 == 0,
        )
        for i in range(1, n + 1)
    ]


def _seq(session: object, event_id: str) -> int:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    return int(session.scalar(select(ConsentEvent.seq).where(ConsentEvent.event_id == event_id)))


def _edit(ws: Workspace) -> None:
    with ws.session() as s:
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == "e3").values(value=False))


def _edit_time(ws: Workspace) -> None:
    with ws.session() as s:
        new_at = dt.datetime(2024, 1, 1, tzinfo=UTC)
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == "e4").values(at=new_at))


def _delete_middle(ws: Workspace) -> None:
    with ws.session() as s:
        s.execute(delete(ConsentEvent).where(ConsentEvent.event_id == "e3"))


def _delete_first(ws: Workspace) -> None:
    with ws.session() as s:
        s.execute(delete(ConsentEvent).where(ConsentEvent.event_id == "e1"))


def _delete_last(ws: Workspace) -> None:
    with ws.session() as s:
        s.execute(delete(ConsentEvent).where(ConsentEvent.event_id == "e6"))


def _reorder(ws: Workspace) -> None:
    with ws.session() as s:
        a, b = _seq(s, "e2"), _seq(s, "e3")
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == "e2").values(seq=-1))
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == "e3").values(seq=a))
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == "e2").values(seq=b))


@pytest.mark.parametrize(
    ("tamper", "bad", "words"),
    [
        (_edit, "e3", "e3 was edited"),
        (_edit_time, "e4", "e4 was edited"),
        (_delete_middle, "e4", "deleted before e4 after e2"),
        (_delete_first, "e2", "deleted before e2 at the start"),
        (_delete_last, "e6", "e6 (the last one) was deleted"),
        (_reorder, "e3", "e3 was reordered"),
    ],
)
def test_tampering_is_named(
    workspace: Workspace, tamper: Callable[[Workspace], None], bad: str, words: str
) -> None:
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(3))
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(6)[3:])
    with workspace.session() as s:
        assert verify_chain(s) == verify_chain(s).__class__(True, 6)
    tamper(workspace)
    with workspace.session() as s:
        report = verify_chain(s)
    assert not report.ok
    assert report.first_bad_event_id == bad
    assert report.problem is not None and words in report.problem


def test_tampering_a_copy_leaves_the_original_valid(tmp_path: Path) -> None:
    original = Workspace.open(tmp_path / "orig")
    with original.session() as s:
        ConsentLedger(s).append_many(_events(4))
    original.close()
    shutil.copytree(tmp_path / "orig", tmp_path / "copy")
    copy = Workspace.open(tmp_path / "copy")
    _reorder(copy)
    with copy.session() as s:
        assert verify_chain(s).first_bad_event_id == "e3"
    copy.close()
    original = Workspace.open(tmp_path / "orig")
    with original.session() as s:
        assert verify_chain(s).ok
    original.close()


def test_empty_ledger_verifies(workspace: Workspace) -> None:
    with workspace.session() as s:
        assert verify_chain(s).ok and verify_chain(s).count == 0
