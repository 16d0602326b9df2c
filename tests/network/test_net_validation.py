"""Strict validation of the interchange files: one table of bad lines, each with its message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from netrows import WriteDir, content, event, member
from sqlalchemy import func, select

from consentgate.errors import ImportValidationError
from consentgate.models import ConsentEvent, ContentRecord, Member
from consentgate.network.interchange import import_directory
from consentgate.workspace import Workspace


def _drop(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


# (file, bad row, expected "field: reason" fragment)
BAD_LINES = [
    ("members", _drop(member(), "member_id"), "member_id: required"),
    ("members", _drop(member(), "birth_date"), "birth_date: required"),
    ("members", member(birth_date="02/04/1990"), "birth_date: Input should be a valid date"),
    ("members", member(birth_date="2090-01-01"), "birth_date: 2090-01-01 is not a plausible"),
    ("members", member(country="XX"), "country: 'XX' is not an ISO 3166-1 alpha-2 code"),
    ("members", member(country="fr"), "country: String should match pattern"),
    ("members", member(created_at="2021-03-04T10:00:00"), "created_at: needs a UTC offset"),
    ("members", member(created_at=1614852000), "created_at: Input should be a valid datetime"),
    ("members", member(email="not-an-email"), "email: String should match pattern"),
    ("members", member(name=""), "name: String should have at least 1 character"),
    ("members", member(skills="SQL"), "skills: Input should be a valid array"),
    ("members", member(positions=[{"title": "PM"}]), "positions.0.company: required"),
    (
        "members",
        member(positions=[{"company": "A", "title": "B", "started_on": "2021"}]),
        "positions.0.started_on: String should match pattern",
    ),
    ("members", member(education=[{"degree": "Master"}]), "education.0.school: required"),
    ("members", member(salary={"amount": "52k", "currency": "EUR"}), "salary.amount: Input"),
    ("members", member(salary={"amount": 1, "currency": "eur"}), "salary.currency: String"),
    ("members", member(salary={"amount": -5, "currency": "EUR"}), "salary.amount: must not"),
    ("members", member(password="a", password_hash="$argon2id$x"), "password: give either"),
    ("members", member(password_hash="md5:abc"), "password_hash: String should match"),
    ("members", member(nickname="lea"), "nickname: unknown field"),
    ("content", _drop(content(), "text"), "text: required"),
    ("content", content(kind="tweet"), "kind: Input should be 'post'"),
    ("content", content(visibility="friends"), "visibility: Input should be 'public'"),
    ("content", content(created_at="yesterday"), "created_at: Input should be a valid datetime"),
    ("content", content(kind="comment"), "parent_id: required for a comment"),
    ("content", content(visibility="group_private"), "group_id: required for visibility"),
    ("content", content(kind="group_post", visibility="public"), "group_id: required for a group"),
    ("content", content(member_id="m404"), "member_id: unknown member 'm404'"),
    ("content", content(record_id="c 1"), "record_id: String should match pattern"),
    ("events", event(type="consent"), "type: Input should be 'ai_training_setting'"),
    ("events", event(channel="fax"), "channel: Input should be 'web'"),
    ("events", event(value="false"), "value: must be true or false for ai_training_setting"),
    ("events", _drop(event(), "value"), "value: must be true or false"),
    (
        "events",
        event(type="notice_response", value="yes", policy_version="linkedin-2025"),
        'value: must be "accept" or "refuse"',
    ),
    ("events", event(type="notice_response", value="accept"), "policy_version: required for"),
    ("events", event(type="notice_delivered", value=None), "policy_version: required for"),
    ("events", event(type="objection", value=True), "value: must be absent for objection"),
    ("events", event(at="2025-10-01"), "at: "),
    ("events", event(member_id="m404"), "member_id: unknown member 'm404'"),
]


@pytest.mark.parametrize(("file", "row", "expected"), BAD_LINES)
def test_bad_line_is_reported_and_nothing_imported(
    sqlite_workspace: Workspace, write_dir: WriteDir, file: str, row: dict[str, Any], expected: str
) -> None:
    good = {"members": [member("m0")], "contents": [content("c0", "m0")], "events": []}
    key = "contents" if file == "content" else file
    good[key] = [*good[key], row]
    directory = write_dir(**good)
    with pytest.raises(ImportValidationError) as caught:
        import_directory(sqlite_workspace, directory)
    line = 2 if file != "events" else 1
    assert f"{file}.jsonl:{line}: {expected}" in str(caught.value)
    with sqlite_workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0
        assert session.scalar(select(func.count()).select_from(ContentRecord)) == 0


def test_one_bad_line_in_a_big_file_imports_nothing(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    members = [member(f"m{i}") for i in range(200)]
    contents = [content(f"c{i}", f"m{i % 200}") for i in range(500)]
    contents[321]["visibility"] = "everyone"
    events = [event(f"e{i}", f"m{i}") for i in range(50)]
    with pytest.raises(ImportValidationError) as caught:
        import_directory(workspace, write_dir(members, contents, events))
    assert caught.value.total == 1
    assert caught.value.problems[0].startswith("content.jsonl:322: visibility: ")
    with workspace.session() as session:
        for model in (Member, ContentRecord, ConsentEvent):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_problems_are_capped_but_counted(sqlite_workspace: Workspace, write_dir: WriteDir) -> None:
    members = [member(f"m{i}", country="ZZ") for i in range(120)]
    with pytest.raises(ImportValidationError) as caught:
        import_directory(sqlite_workspace, write_dir(members))
    assert caught.value.total == 120
    assert len(caught.value.problems) == 50
    assert "... and 70 more problems" in str(caught.value)


def test_duplicate_ids_inside_a_file(sqlite_workspace: Workspace, write_dir: WriteDir) -> None:
    directory = write_dir(
        [member("m1"), member("m2"), member("m1")],
        [content("c1", "m1"), content("c1", "m2")],
        [event("e1"), event("e1")],
    )
    with pytest.raises(ImportValidationError) as caught:
        import_directory(sqlite_workspace, directory)
    text = str(caught.value)
    assert "members.jsonl:3: member_id: duplicate of line 1" in text
    assert "content.jsonl:2: record_id: duplicate of line 1" in text
    assert "events.jsonl:2: event_id: duplicate of line 1" in text


def test_invalid_json_and_blank_lines(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "members.jsonl").write_text('\n{"member_id": "m1",\n', "utf-8")
    with pytest.raises(ImportValidationError) as caught:
        import_directory(sqlite_workspace, tmp_path)
    assert caught.value.total == 1
    assert caught.value.problems[0].startswith("members.jsonl:2: -: not valid JSON (EOF while")


def test_missing_directory_is_a_one_line_error(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    from consentgate.errors import ConsentgateError

    with pytest.raises(ConsentgateError, match="not a directory"):
        import_directory(sqlite_workspace, tmp_path / "nope")
    with pytest.raises(ConsentgateError, match="none of members.jsonl"):
        import_directory(sqlite_workspace, tmp_path)


def test_reference_and_syntax_problems_are_reported_together(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    directory = write_dir(
        [member("m1", country="FRA")],
        [content("c1", "m1", kind="tweet"), content("c2", "m404")],
        [event("e1", "m405")],
    )
    with pytest.raises(ImportValidationError) as caught:
        import_directory(workspace, directory)
    assert caught.value.total == 4
    text = str(caught.value)
    assert "members.jsonl:1: country: " in text and "content.jsonl:1: kind: " in text
    assert "content.jsonl:2: member_id: unknown member 'm404'" in text
    assert "events.jsonl:1: member_id: unknown member 'm405'" in text


# (file, field path, the raw JSON of its value): a NUL that PostgreSQL cannot store, a lone
# surrogate that is no text at all, anywhere a string can be.
UNSTORABLE = [
    ("content", "text", r'"a\u0000b"'),
    ("content", "text", r'"caf\udc80"'),
    ("members", "name", r'"L\u0000a"'),
    ("members", "email", r'"lea\u0000@exemple.fr"'),
    ("members", "headline", r'"\ud83d tout seul"'),
    ("members", "positions.0.description", r'"x\u0000"'),
    ("members", "skills.1", r'"S\uDFFFQL"'),
    ("members", "password", r'"pw\u0000"'),
    ("events", "value", r'"acc\u0000ept"'),
    ("events", "policy_version", r'"linkedin\udc80"'),
]


def _raw_line(file: str, fld: str, raw_value: str) -> str:
    """A valid line of `file` whose field `fld` holds the JSON text `raw_value`."""
    row: dict[str, Any] = {
        "members": member("m9"),
        "content": content("c9", "m0"),
        "events": event("e9", "m0", type="notice_response", policy_version="linkedin-2025"),
    }[file]
    if file == "events":
        row["value"] = "accept"
    marker = "@@MARK@@"
    target: Any = row
    *parents, last = fld.split(".")
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[int(last) if isinstance(target, list) else last] = marker
    return json.dumps(row).replace(f'"{marker}"', raw_value)


@pytest.mark.parametrize(("file", "fld", "raw_value"), UNSTORABLE)
def test_nul_or_lone_surrogate_rejects_the_whole_import(
    workspace: Workspace, write_dir: WriteDir, file: str, fld: str, raw_value: str
) -> None:
    directory = write_dir([member("m0")], [content("c0", "m0")], [event("e0", "m0")])
    path = directory / f"{file}.jsonl"
    path.write_text(path.read_text("utf-8") + _raw_line(file, fld, raw_value) + "\n", "utf-8")
    with pytest.raises(ImportValidationError) as caught:
        import_directory(workspace, directory)
    assert caught.value.total == 1
    what = "a NUL character" if "u0000" in raw_value else "a lone surrogate"
    assert caught.value.problems[0].startswith(f"{file}.jsonl:2: {fld}: contains {what}")
    with workspace.session() as session:
        for model in (Member, ContentRecord, ConsentEvent):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_an_escaped_backslash_before_u0000_is_plain_text(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    """`\\\\u0000` in JSON is a backslash followed by "u0000": ordinary text, imported."""
    directory = write_dir([member("m0")], [content("c0", "m0", text="C:\\u0000\\ud800")])
    import_directory(workspace, directory)
    with workspace.session() as session:
        stored = session.get(ContentRecord, "c0")
        assert stored is not None and stored.text == "C:\\u0000\\ud800"
