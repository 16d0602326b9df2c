"""`consentgate consent|request|ledger ...` on both backends, members inserted with the ORM."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select, update

from consentgate.cli import main
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentEvent, Member
from consentgate.workspace import Workspace


def run(ws: Workspace, *args: str) -> int:
    return main(["--home", str(ws.home), "--database-url", ws.database_url, *args])


def test_set_show_history(
    workspace: Workspace, member_factory: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    member_factory("m42", country="FR")
    assert (
        run(
            workspace,
            "consent",
            "set",
            "m42",
            "off",
            "--channel",
            "ios",
            "--at",
            "2025-10-01T18:02:11+02:00",
        )
        == 0
    )
    assert "m42: AI training off" in capsys.readouterr().out
    assert run(workspace, "consent", "show", "m42", "--at", "2025-11-20") == 0
    out = capsys.readouterr().out
    assert "choice:            no" in out and "ai_training_setting false, ios" in out
    assert "2025-10-01T16:02:11+00:00" in out and "profile used:      no (said_no)" in out
    assert run(workspace, "consent", "show", "m42", "--at", "2025-09-01", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["choice"], shown["source"], shown["profile_used"]) == (
        True,
        "default",
        "no (not_yet_effective)",
    )
    assert (
        run(
            workspace,
            "consent",
            "show",
            "m42",
            "--at",
            "2025-12-01",
            "--policy",
            "privacy-by-default",
        )
        == 0
    )
    assert "under privacy-by-default" in capsys.readouterr().out
    assert run(workspace, "consent", "history", "m42") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "ai_training_setting" in lines[0] and "false" in lines[0]


def test_unknown_member_is_one_line(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ("consent", "set", "ghost", "on"),
        ("consent", "show", "ghost"),
        ("consent", "history", "ghost"),
        ("request", "erase", "ghost"),
    ):
        assert run(workspace, *args) == 1
        assert capsys.readouterr().err == "error: unknown member: ghost\n"


def test_requests_and_erasure(
    workspace: Workspace, member_factory: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    member_factory("a", records=2)
    member_factory("b")
    assert (
        run(workspace, "request", "object", "a", "--reason", "no", "--at", "2025-01-31T10:00:00Z")
        == 0
    )
    assert "due 2025-02-28T10:00:00+00:00" in capsys.readouterr().out
    assert run(workspace, "request", "restrict", "b", "--at", "2025-06-01T00:00:00Z") == 0
    capsys.readouterr()
    assert run(workspace, "request", "list", "--overdue", "--at", "2025-03-01") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "objection" in out[0] and "OVERDUE" in out[0]
    assert run(workspace, "request", "list", "--json", "--at", "2025-03-01") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["overdue"]) for r in rows] == [
        ("objection", True),
        ("restriction", False),
    ]
    assert run(workspace, "request", "close", rows[0]["request_id"]) == 0
    assert run(workspace, "request", "list", "--overdue", "--at", "2025-03-01") == 0
    assert "no overdue requests" in capsys.readouterr().out
    assert run(workspace, "request", "erase", "a") == 0
    assert "done" in capsys.readouterr().out
    with workspace.session() as s:
        assert s.get(Member, "a") is None and s.get(Member, "b") is not None
    assert run(workspace, "consent", "show", "a") == 0  # the tombstone still answers
    assert "erased:            yes" in capsys.readouterr().out


def test_ledger_verify(
    workspace: Workspace, member_factory: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    member_factory("a")
    for value in ("on", "off", "on"):
        assert run(workspace, "consent", "set", "a", value) == 0
    capsys.readouterr()
    assert run(workspace, "ledger", "verify") == 0
    key_id = workspace.ledger_anchor.record().key_id  # type: ignore[union-attr]
    out = capsys.readouterr().out
    assert out.startswith(f"ledger ok: 3 events, 4 signed heads checked, key {key_id}; root ")
    with workspace.session() as s:
        first = s.scalars(select(ConsentEvent.event_id).order_by(ConsentEvent.seq)).first()
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == first).values(channel="api"))
    assert run(workspace, "ledger", "verify") == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"edited: event {first} (seq 1) at position 0 was edited: ")
    assert captured.err.startswith("error: ledger does not verify (1 finding(s)): 3 events, ")
    assert run(workspace, "ledger", "verify", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["first_bad_event_id"] == first and report["findings"][0]["kind"] == "edited"


def test_a_yes_given_at_16_is_not_the_choice_at_20(
    workspace: Workspace, member_factory: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    """The attack: turn training on at 16, then be used at 20 under an opt-in policy (ER6)."""
    member_factory("teen", country="FR", birth_date=dt.date(2006, 5, 10))
    yes_at_16 = dt.datetime(2022, 7, 1, 12, tzinfo=dt.UTC)
    with workspace.session() as session:  # as stored before minors' "on" was refused
        ConsentLedger(session).append_many(
            [LedgerEvent("e-yes-16", "teen", yes_at_16, "ai_training_setting", "web", True)]
        )
    show = ("consent", "show", "teen", "--at", "2026-07-01", "--policy", "privacy-by-default")
    assert run(workspace, *show) == 0
    out = capsys.readouterr().out
    assert "choice:            no" in out
    assert "the privacy-by-default default for the member's region" in out
    assert "profile used:      no (said_no)" in out
    # A yes given as an adult (the 18th birthday, in UTC, counts) is their choice.
    assert run(workspace, "consent", "set", "teen", "on", "--at", "2024-05-10T00:00:00Z") == 0
    capsys.readouterr()
    assert run(workspace, *show, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["choice"], shown["source"], shown["profile_used"]) == (True, "event", "yes")
    assert shown["deciding_event"]["at"] == "2024-05-10T00:00:00+00:00"
