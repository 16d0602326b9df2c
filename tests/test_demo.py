"""`consentgate demo` fills a workspace end to end and prints accounts that can sign in."""

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from consentgate.cli import main
from consentgate.commands.demo import DEMO_PASSWORD
from consentgate.ledger.models import StaffAccount
from consentgate.network.models import Member, MemberSecret
from consentgate.workspace import Workspace


def test_demo_builds_trains_and_prints_working_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    assert main(["--home", str(home), "demo", "--members", "300", "--no-serve"]) == 0
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
