"""`consentgate demo` fills a workspace end to end and prints accounts that can sign in."""

import socket
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from consentgate.cli import main
from consentgate.commands.demo import DEMO_PASSWORD
from consentgate.models import Member, MemberSecret, StaffAccount
from consentgate.workspace import Workspace


def test_demo_builds_trains_and_prints_working_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    assert (
        main(["--home", str(home), "demo", "--members", "300", "--no-serve", "--config", "tiny"])
        == 0
    )
    out = capsys.readouterr().out
    assert "member (France)" in out and "member (minor)" in out and "dpo" in out
    assert list((home / "datasets").glob("v0001/shard-*.parquet"))
    assert list((home / "models").glob("*/model.json"))
    ws = Workspace.open(home)
    hasher = PasswordHasher()
    with ws.session() as session:
        french_login = out.split("member (France)")[1].split()[0]
        member = session.scalars(select(Member).where(Member.email == french_login)).one()
        assert member.country == "FR"
        secret = session.get(MemberSecret, member.member_id)
        assert secret is not None and secret.password_hash is not None
        assert hasher.verify(secret.password_hash, DEMO_PASSWORD)
        dpo = session.get(StaffAccount, "dpo")
        assert dpo is not None and hasher.verify(dpo.password_hash, DEMO_PASSWORD)
    ws.close()


def test_demo_refuses_a_busy_or_invalid_port_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check comes first: no network synthesised, no dataset built, no model trained."""
    home = tmp_path / "home"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert main(["--home", str(home), "demo", "--members", "300", "--port", str(port)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: --port: cannot listen on 127.0.0.1:{port} (")
    assert captured.out == "" and not home.exists()
    assert main(["--home", str(home), "demo", "--port", "80000"]) == 1
    assert capsys.readouterr().err == "error: --port: 80000 is not a TCP port (1 to 65535)\n"
    assert not home.exists()
