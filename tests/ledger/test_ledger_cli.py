"""`consentgate ledger verify | sign` from the command line: findings named, never a
traceback; --json; heads passed in; a lost heads file signed anew."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ledger_attacks as attacks
import pytest
from sqlalchemy import text

from consentgate.cli import main
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.workspace import Workspace

UTC = dt.UTC


def run(ws: Workspace, *args: str) -> int:
    return main(["--home", str(ws.home), "--database-url", ws.database_url, *args])


@pytest.fixture
def ledger(workspace: Workspace) -> Workspace:
    for i in range(1, 5):
        at = dt.datetime(2025, 10, 1, i, tzinfo=UTC)
        with workspace.session() as s:
            ConsentLedger(s).append(
                LedgerEvent(f"e{i}", "m1", at, "ai_training_setting", "web", i % 2 == 0)
            )
    return workspace


def test_a_malformed_row_is_a_named_finding_not_a_traceback(
    ledger: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    column, value = ("at", "yesterday") if "sqlite" in ledger.database_url else ("type", "x")
    with ledger.session() as s:
        s.execute(
            text(f"UPDATE consent_events SET {column} = :v WHERE event_id = 'e3'"), {"v": value}
        )
    assert run(ledger, "ledger", "verify") == 1
    captured = capsys.readouterr()
    assert f"malformed: event e3 (seq 3): {column}: '{value}'" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert captured.err.startswith("error: ledger does not verify")
    assert run(ledger, "ledger", "verify", "--json") == 1
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert (finding["kind"], finding["event_id"], finding["field"]) == ("malformed", "e3", column)


def test_a_head_passed_in_is_checked(
    ledger: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An auditor's copy of the newest head catches a truncation the workspace files hide."""
    saved = tmp_path / "published-head.json"
    last = ledger.ledger_heads_file.read_text().splitlines()[-1]
    saved.write_text(last)
    attacks.delete_events(ledger, "e4")
    older = next(
        line.head
        for line in ledger.ledger_anchor.read_heads()
        if line.head is not None and line.head.tree_size == 3
    )
    attacks.set_head(ledger, older, "e3")
    lines = ledger.ledger_heads_file.read_text().splitlines()
    ledger.ledger_heads_file.write_text("\n".join(lines[:-1]) + "\n")  # the file cut too
    assert run(ledger, "ledger", "verify") == 0
    capsys.readouterr()
    assert run(ledger, "ledger", "verify", "--head", str(saved), "--json") == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["kind"], finding["first"], finding["last"]) == ("truncated", 3, 3)
    assert finding["source"] == str(saved)


def test_sign_restores_a_lost_heads_file_and_refuses_a_rewritten_log(
    ledger: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.ledger_heads_file.unlink()
    assert run(ledger, "ledger", "verify") == 1
    assert run(ledger, "ledger", "sign") == 0
    assert "signed: size 4" in capsys.readouterr().out
    assert len(ledger.ledger_heads_file.read_text().splitlines()) == 1
    assert run(ledger, "ledger", "verify") == 0
    attacks.rewrite(ledger, "e2", value=False)
    capsys.readouterr()
    assert run(ledger, "ledger", "sign") == 1
    assert "not signed: the ledger does not verify" in capsys.readouterr().err
