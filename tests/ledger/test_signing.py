"""Signed tree heads and the signing key: where it comes from, where it never goes."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consentgate.errors import ConfigError
from consentgate.ledger import findings as kinds
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.merkle import EMPTY_ROOT
from consentgate.ledger.signing import HeadFormatError, SignedHead, private_text, sign_head
from consentgate.ledger.store import ConsentLedger, current_head
from consentgate.ledger.verify import verify_ledger
from consentgate.workspace import Workspace

UTC = dt.UTC


def _event(i: int) -> LedgerEvent:
    at = dt.datetime(2025, 10, 1, i, tzinfo=UTC)
    return LedgerEvent(f"e{i}", "m1", at, "ai_training_setting", "web", bool(i % 2))


def _append(ws: Workspace, *numbers: int) -> None:
    with ws.session() as s:
        ConsentLedger(s).append_many([_event(i) for i in numbers])


def test_a_signed_head_verifies_and_any_changed_field_does_not() -> None:
    key = Ed25519PrivateKey.generate()
    head = sign_head(key, 5, EMPTY_ROOT, timestamp=1_760_000_000_000)
    assert head.signature_ok()
    assert SignedHead.from_dict(head.to_dict()) == head
    changes = {
        "tree_size": 6,
        "root_hash": "00" * 32,
        "timestamp": head.timestamp + 1,
        "key_id": "0" * 32,
        "public_key": sign_head(Ed25519PrivateKey.generate(), 5, EMPTY_ROOT).public_key,
    }
    for name, value in changes.items():
        assert not dataclasses.replace(head, **{name: value}).signature_ok(), name
    assert not dataclasses.replace(head, signature="garbage").signature_ok()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "not a JSON object"),
        ({"v": 2}, "unknown head version"),
        ({"v": 1, "tree_size": -1, "timestamp": 0}, "tree_size"),
        ({"v": 1, "tree_size": 1, "timestamp": 0, "root_hash": "zz"}, "key_id"),
        (
            {
                "v": 1,
                "tree_size": 1,
                "timestamp": 0,
                "root_hash": "zz",
                "key_id": "k",
                "public_key": "p",
                "signature": "s",
            },
            "root_hash: not 64 hex digits",
        ),  # fmt: skip
    ],
)
def test_a_malformed_head_is_named(data: object, words: str) -> None:
    with pytest.raises(HeadFormatError, match=words):
        SignedHead.from_dict(data)


def _key_files(ws: Workspace) -> list[Path]:
    return sorted(ws.ledger_keys_dir.glob("*.key"))


def test_a_new_workspace_creates_its_key_outside_the_workspace(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "home")
    _append(ws, 1, 2)
    record = ws.ledger_anchor.record()
    assert record is not None
    key_file = ws.ledger_keys_dir / f"{record.key_id}.key"
    assert key_file.is_file() and not key_file.is_relative_to(ws.home)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    secret = key_file.read_text().strip()
    raw_secret = base64.b64decode(secret)
    ws.close()
    for path in ws.home.rglob("*"):  # the database, its WAL, the heads file, the key record
        if path.is_file():
            data = path.read_bytes()
            assert secret.encode() not in data and raw_secret not in data, path
    head = current_head_of(ws)
    assert head.key_id == record.key_id and head.public_key == record.public_key


def current_head_of(ws: Workspace) -> SignedHead:
    with ws.session() as s:
        head = current_head(s)
    assert head is not None
    return head


def test_a_moved_workspace_finds_its_key_by_its_id(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "home")
    _append(ws, 1)
    ws.close()
    shutil.move(tmp_path / "home", tmp_path / "moved")
    moved = Workspace.open(tmp_path / "moved")
    _append(moved, 2)
    assert len(_key_files(moved)) >= 1
    with moved.session() as s:
        report = verify_ledger(s)
    assert report.ok and any("matches the recorded public key" in n for n in report.notes)
    moved.close()


@pytest.mark.parametrize("how", ["env", "file", "pem"])
def test_the_operator_can_give_the_key(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = Ed25519PrivateKey.generate()
    if how == "env":
        monkeypatch.setenv("CONSENTGATE_LEDGER_KEY", private_text(key))
    else:
        path = tmp_path / "operator.key"
        if how == "pem":
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            path.write_bytes(pem)
        else:
            path.write_text(private_text(key))
        monkeypatch.setenv("CONSENTGATE_LEDGER_KEY_FILE", str(path))
    ws = Workspace.open(tmp_path / "home")
    before = set(_key_files(ws))
    _append(ws, 1)
    assert current_head_of(ws).key_id == sign_head(key, 0, EMPTY_ROOT).key_id
    assert set(_key_files(ws)) == before  # no default key file made
    ws.close()


def test_another_key_is_refused_and_verify_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace.open(tmp_path / "home")
    _append(ws, 1)
    ws.close()
    monkeypatch.setenv("CONSENTGATE_LEDGER_KEY", private_text(Ed25519PrivateKey.generate()))
    other = Workspace.open(tmp_path / "home")
    with pytest.raises(ConfigError, match="but this workspace's ledger is signed with key"):
        _append(other, 2)
    with other.session() as s:
        report = verify_ledger(s)
    (finding,) = report.findings
    assert finding.kind == kinds.KEY and "is not the workspace's recorded key" in finding.message
    other.close()


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "home")
    _append(ws, 1)
    ws.close()
    record = ws.ledger_anchor.record()
    assert record is not None
    (ws.ledger_keys_dir / f"{record.key_id}.key").unlink()
    again = Workspace.open(tmp_path / "home")
    with pytest.raises(ConfigError, match="CONSENTGATE_LEDGER_KEY_FILE"):
        _append(again, 2)
    with again.session() as s:
        report = verify_ledger(s)  # verify needs only the public key
    assert report.ok and any("no private key here" in n for n in report.notes)
    again.close()
