"""The workspace opens, migrates and isolates on both backends."""

from pathlib import Path

import pytest
from sqlalchemy import inspect

from consentgate.cli import main
from consentgate.errors import ConfigError
from consentgate.settings import load_settings
from consentgate.workspace import Workspace


def test_migrations_create_every_table(workspace: Workspace) -> None:
    tables = set(inspect(workspace.engine).get_table_names())
    assert {"members", "content", "member_secrets", "consent_events", "member_requests"} <= tables


def test_home_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSENTGATE_HOME", str(tmp_path / "h"))
    monkeypatch.delenv("CONSENTGATE_DATABASE_URL", raising=False)
    ws = Workspace.open()
    assert ws.home == tmp_path / "h"
    assert ws.explicit
    assert ws.database_url.endswith("h/db.sqlite")


def test_settings_are_read_once_and_arguments_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSENTGATE_HOME", str(tmp_path / "env-home"))
    monkeypatch.setenv("CONSENTGATE_POLICY", "privacy-by-default")
    monkeypatch.setenv("CONSENTGATE_THREADS", "3")
    monkeypatch.setenv("CONSENTGATE_LEDGER_KEY_FILE", "~/ledger.key")
    settings = load_settings(home=tmp_path / "cli-home")
    monkeypatch.setenv("CONSENTGATE_POLICY", "linkedin-2024")  # read once: no effect now
    ws = Workspace.open(settings=settings)
    assert ws.home == tmp_path / "cli-home" and ws.explicit
    assert ws.settings.policy == "privacy-by-default" and ws.settings.web.threads == 3
    assert ws.key_settings().key_file == Path("~/ledger.key").expanduser()
    assert Workspace.open(tmp_path / "other", settings=settings).home == tmp_path / "other"


def test_the_default_policy_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONSENTGATE_POLICY", "no-such-policy")
    assert main(["--home", str(tmp_path / "h"), "consent", "show", "m1"]) == 1
    assert "no-such-policy" in capsys.readouterr().err


def test_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError, match="not a directory"):
        Workspace.open(tmp_path / "f")


def test_unknown_database_url_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from consentgate.db import create_engine_for

    with pytest.raises(ConfigError, match="unsupported database URL"):
        create_engine_for("mysql://x")


def test_cli_without_arguments_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    main([])
    assert "consentgate" in capsys.readouterr().out


def test_a_workspace_exists_once_its_database_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONSENTGATE_DATABASE_URL", raising=False)
    ws = Workspace.open(tmp_path / "h")
    assert not ws.exists()
    ws.engine  # noqa: B018 - creating the engine makes the database
    assert ws.exists()
    ws.close()
    assert Workspace.open(tmp_path / "h", "postgresql+psycopg://u@h/db").exists()


def test_redact_with_an_empty_home_is_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CONSENTGATE_DATABASE_URL", raising=False)
    home = tmp_path / "typo"
    assert main(["--home", str(home), "redact", "hello"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {home}: no workspace here")
    assert "Traceback" not in err
