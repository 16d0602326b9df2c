"""`consentgate accounts ...` and `consentgate serve` argument handling."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import FR, populate

from consentgate.cli import main
from consentgate.models import MemberSecret, StaffAccount
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


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something already listens on (127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize("port", ["80000", "0", "-1", "65536"])
def test_serve_refuses_an_invalid_port_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    home = tmp_path / "home"
    assert main(["--home", str(home), "serve", "--port", port]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: --port: {port} is not a TCP port (1 to 65535)\n"
    assert "consentgate on" not in captured.out and not home.exists()


def test_serve_refuses_a_busy_port_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], busy_port: int
) -> None:
    home = tmp_path / "home"
    assert main(["--home", str(home), "serve", "--port", str(busy_port)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: --port: cannot listen on 127.0.0.1:{busy_port} (")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert "consentgate on" not in captured.out and not home.exists()
    args = ["--home", str(home), "serve", "--workers", "2", "--port", str(busy_port)]
    assert main(args) == 1
    assert capsys.readouterr().err.startswith("error: --port: cannot listen on")


def test_serve_refuses_an_unknown_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    host = "no-such-host.invalid"
    assert main(["--home", str(tmp_path / "home"), "serve", "--host", host]) == 1
    assert capsys.readouterr().err.startswith(f"error: --host: cannot resolve {host!r}")
