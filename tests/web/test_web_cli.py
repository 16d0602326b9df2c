"""`consentgate accounts ...` and `consentgate serve` argument handling."""

from __future__ import annotations

import pytest
from web_helpers import FR, populate

from consentgate.cli import main
from consentgate.ledger.models import StaffAccount
from consentgate.network.models import MemberSecret
from consentgate.network.passwords import verify_password
from consentgate.workspace import Workspace


def _cli(ws: Workspace, *args: str) -> int:
    return main(["--home", str(ws.home), "--database-url", ws.database_url, *args])


def test_set_password_and_create_dpo(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(workspace)
    assert (
        _cli(workspace, "accounts", "set-password", FR.member_id, "--password", "new password 1")
        == 0
    )
    assert _cli(workspace, "accounts", "create-dpo", "alice", "--password", "dpo password 1") == 0
    out = capsys.readouterr().out
    assert "password set for member m000001" in out and "DPO account alice ready" in out
    with workspace.session() as session:
        secret = session.get(MemberSecret, FR.member_id)
        staff = session.get(StaffAccount, "alice")
        assert secret is not None and staff is not None
        assert verify_password(secret.password_hash, "new password 1")
        assert staff.role == "dpo" and staff.password_hash.startswith("$argon2id$")


def test_errors_are_one_line(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(workspace, "accounts", "set-password", "m999", "--password", "long enough") == 1
    assert capsys.readouterr().err.strip() == "error: unknown member: m999"
    assert _cli(workspace, "accounts", "create-dpo", "bob", "--password", "short") == 1
    assert capsys.readouterr().err.strip() == "error: password: at least 8 characters"


def test_serve_refuses_the_development_key_in_production(
    sqlite_workspace: Workspace, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSENTGATE_ENV", "production")
    monkeypatch.delenv("CONSENTGATE_SECRET_KEY", raising=False)
    assert _cli(sqlite_workspace, "serve", "--port", "1") == 1
    assert "CONSENTGATE_SECRET_KEY must be set" in capsys.readouterr().err
