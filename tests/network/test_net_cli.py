"""The network commands through `consentgate.cli.main`, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from netrows import WriteDir, content, event, member

from consentgate.cli import main


def _run(database_url: str, home: Path, *args: str) -> int:
    return main(["--home", str(home), "--database-url", database_url, *args])


def test_import_export_and_show(
    database_url: str, tmp_path: Path, write_dir: WriteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_dir([member("m1")], [content("c1", "m1")], [event("e1", "m1")])
    home = tmp_path / "home"
    assert _run(database_url, home, "import", str(source)) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 1 members, 1 content records, 1 events;")
    assert _run(database_url, home, "export", str(tmp_path / "out")) == 0
    assert "exported 1 members, 1 content records, 1 events" in capsys.readouterr().out
    assert (tmp_path / "out" / "members.jsonl").exists()
    assert _run(database_url, home, "members", "show", "m1") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["profile"]["name"] == "Léa Moreau"
    assert shown["content"] == {"post": 1}
    assert [e["event_id"] for e in shown["events"]] == ["e1"]
    assert _run(database_url, home, "members", "show", "m1", "--json") == 0  # as the docs write it
    assert json.loads(capsys.readouterr().out)["public_url"].startswith("/in/")


def test_bad_file_is_one_error_line_and_exit_1(
    database_url: str, tmp_path: Path, write_dir: WriteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_dir([member("m1", country="France")])
    assert _run(database_url, tmp_path / "home", "import", str(source)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 1 problem(s), nothing imported:\nmembers.jsonl:1: country: ")
    assert "Traceback" not in err


def test_unknown_member(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(database_url, tmp_path / "home", "members", "show", "m404") == 1
    assert capsys.readouterr().err == "error: unknown member: m404\n"


def test_a_nul_in_a_text_is_one_error_line_and_exit_1(
    database_url: str, tmp_path: Path, write_dir: WriteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    """PostgreSQL cannot store a NUL: the import names the line instead of a traceback."""
    source = write_dir([member("m1")], [content("c1", "m1"), content("c2", "m1", text="a\0b")])
    home = tmp_path / "home"
    assert _run(database_url, home, "import", str(source)) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: 1 problem(s), nothing imported:\n"
        "content.jsonl:2: text: contains a NUL character (\\u0000), which is not allowed in text\n"
    )
    assert _run(database_url, home, "members", "show", "m1") == 1  # nothing imported
