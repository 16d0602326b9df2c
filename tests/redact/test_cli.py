"""The `redact` command, mounted on a throwaway Typer app (independent of the main CLI)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from consentgate.commands.redact import register
from consentgate.workspace import Workspace


class _FakeWorkspace:
    def __init__(self, explicit: bool, made: bool = True) -> None:
        self.explicit = explicit
        self.made = made
        self.home = "/srv/consentgate-home"

    def exists(self) -> bool:
        return self.made


def _app(workspace: _FakeWorkspace | Workspace | None = None) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = workspace

    register(app)
    return app


@pytest.fixture
def fake_workspace_module(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("consentgate.workspace")
    module.workspace_from_context = lambda ctx: ctx.obj  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "consentgate.workspace", module)


def _run(app: typer.Typer, args: list[str], stdin: str = "") -> Any:
    return CliRunner().invoke(app, args, input=stdin)


def test_quick_look() -> None:
    result = _run(_app(), ["redact", "Mail lea@exemple.fr ou appelle le 06 12 34 56 78"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Mail [EMAIL] ou appelle le [PHONE]\n"


def test_jsonl_spans_agree_with_redacted_text() -> None:
    records = [
        {"id": "c1", "text": "Bravo Sarah Johnson ! lea@exemple.fr", "lang": "fr"},
        {"id": 2, "text": "Call +44 20 7946 0958 or visit https://ex.com."},
        {"id": "c3", "text": "Nothing personal here.", "lang": None},
    ]
    stdin = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n"
    result = _run(_app(), ["redact", "--jsonl"], stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["c1", 2, "c3"]
    for record, line in zip(records, lines, strict=True):
        text = str(record["text"])
        # Replacing each reported span of the input by its placeholder gives the output text.
        rebuilt, position = [], 0
        for span in line["spans"]:
            assert set(span) == {"start", "end", "type"}
            rebuilt.append(text[position : span["start"]] + f"[{span['type']}]")
            position = span["end"]
        rebuilt.append(text[position:])
        assert "".join(rebuilt) == line["text"]
    assert lines[0]["text"] == "Bravo [PERSON] ! [EMAIL]"
    assert lines[2]["spans"] == []


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"text": "x"}', 'missing "id"'),
        ('{"id": 1, "text": 3}', '"text" must be a string'),
        ('{"id": 1, "text": "x", "lang": 5}', '"lang" must be a string or null'),
    ],
)
def test_bad_line_names_its_number(bad: str, reason: str) -> None:
    stdin = '{"id": 1, "text": "ok"}\n' + bad + "\n"
    result = _run(_app(), ["redact", "--jsonl"], stdin)
    assert result.exit_code == 1
    [message] = result.stderr.strip().splitlines()
    assert message.startswith(f"error: stdin line 2: {reason}")
    assert len(result.stdout.splitlines()) == 1  # the good first line was already written


def test_text_and_jsonl_are_exclusive() -> None:
    assert _run(_app(), ["redact"]).exit_code != 0
    assert _run(_app(), ["redact", "x", "--jsonl"]).exit_code != 0


def test_bad_strategy_is_one_line() -> None:
    result = _run(_app(), ["redact", "--strategy", "hash", "x"])
    assert result.exit_code == 1
    assert "unknown redaction strategy" in result.stderr


def test_pseudonym_option() -> None:
    result = _run(_app(), ["redact", "--strategy", "pseudonym", "a@b.fr et c@d.fr puis a@b.fr"])
    assert result.stdout == "[EMAIL_1] et [EMAIL_2] puis [EMAIL_1]\n"


def test_member_and_erased_names_come_from_an_explicit_workspace(tmp_path: Path) -> None:
    from consentgate.models import Member
    from consentgate.workflows.erasure import erase_member

    explicit = Workspace.open(tmp_path / "home")
    with explicit.session() as session:
        for member_id, name in (("m1", "Léa Moreau"), ("m2", "Cyprien Delacroix")):
            session.add(
                Member(member_id=member_id, name=name, birth_date=dt.date(1990, 1, 1),
                       country="FR", created_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
            )  # fmt: skip
    erase_member(explicit, "m2")
    text = "Merci lea moreau et DELACROIX Cyprien"
    assert _run(_app(explicit), ["redact", text]).stdout == "Merci [PERSON] et [PERSON]\n"
    implicit = Workspace(explicit.home, explicit.database_url, explicit=False)
    assert _run(_app(implicit), ["redact", text]).stdout == text + "\n"
    explicit.close()


@pytest.mark.usefixtures("fake_workspace_module")
def test_a_home_with_no_workspace_is_one_line_error() -> None:
    # A mistyped --home must not redact silently without the members' names.
    result = _run(_app(_FakeWorkspace(explicit=True, made=False)), ["redact", "Merci lea"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "/srv/consentgate-home: no workspace here" in result.stderr
