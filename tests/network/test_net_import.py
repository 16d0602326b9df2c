"""Import behaviour on both backends: idempotence, conflicts, round-trip, erasure, secrets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from netrows import WriteDir, content, event, member
from sqlalchemy import func, select

from consentgate.errors import ConflictError
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ContentRecord, Member, MemberSecret
from consentgate.network.interchange import export_directory, import_directory
from consentgate.network.passwords import verify_password
from consentgate.workspace import Workspace


def _network(write_dir: WriteDir) -> Path:
    members = [
        member("m1", password="correct horse", salary={"amount": 52000, "currency": "EUR"}),
        member("m2", name="John Smith", country="US", email=None, phone=None),
        member("m3", name="Erin Gone", country="GB"),
    ]
    contents = [
        content("c1", "m1"),
        content("c2", "m2", kind="comment", parent_id="c1", text="Great news"),
        content("c3", "m2", kind="group_post", visibility="group_private", group_id="g1"),
        content("c4", "m3", kind="private_message", visibility="private"),
    ]
    events = [
        event(
            "e1",
            "m1",
            type="notice_delivered",
            value=None,
            policy_version="linkedin-2025",
            at="2025-09-15T09:00:00+02:00",
            channel="web",
        ),
        event(
            "e2",
            "m1",
            type="notice_response",
            value="refuse",
            policy_version="linkedin-2025",
            at="2025-09-20T09:00:00+02:00",
            channel="web",
        ),
        event("e3", "m2", value=True, at="2024-05-01T12:00:00-04:00", channel="android"),
        event(
            "e4", "m3", type="erasure", value=None, at="2025-12-01T00:00:00+00:00", channel="form"
        ),
    ]
    return write_dir(members, contents, events)


def _count(ws: Workspace, model: type) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_then_reimport_is_idempotent(workspace: Workspace, write_dir: WriteDir) -> None:
    directory = _network(write_dir)
    first = import_directory(workspace, directory)
    assert (first.members_added, first.content_added, first.events_added) == (2, 3, 4)
    assert first.erased_skipped == 2  # m3's profile and private message
    assert first.passwords_hashed == 1
    second = import_directory(workspace, directory)
    assert (second.members_added, second.content_added, second.events_added) == (0, 0, 0)
    assert (second.members_unchanged, second.content_unchanged, second.events_unchanged) == (
        2,
        3,
        4,
    )
    assert _count(workspace, Member) == 2
    assert _count(workspace, ContentRecord) == 3


def test_password_is_hashed_never_stored_in_clear(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, _network(write_dir))
    with workspace.session() as session:
        secret = session.get(MemberSecret, "m1")
        assert secret is not None and secret.password_hash is not None
        assert secret.password_hash.startswith("$argon2id$")
        assert "correct horse" not in secret.password_hash
        assert verify_password(secret.password_hash, "correct horse")
        assert secret.salary_amount == 52000 and secret.salary_currency == "EUR"


def test_conflicting_record_names_file_line_and_id(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, _network(write_dir))
    changed = write_dir(
        [member("m9"), member("m1", headline="Changed")],
        [content("c9", "m9"), content("c1", "m1", text="Edited")],
        [event("e3", "m2", value=False, at="2024-05-01T12:00:00-04:00", channel="android")],
    )
    with pytest.raises(ConflictError) as caught:
        import_directory(workspace, changed)
    text = str(caught.value)
    assert "members.jsonl:2: member m1 already exists with different content (headline)" in text
    assert "content.jsonl:2: record c1 already exists with different content (text)" in text
    assert "events.jsonl:1: event e3 already exists with different content (value)" in text
    # All or nothing: the new member m9 of the same files was not written either.
    with workspace.session() as session:
        assert session.get(Member, "m9") is None


def test_wrong_password_for_existing_member_conflicts(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, _network(write_dir))
    again = write_dir([member("m1", password="wrong", salary={"amount": 52000, "currency": "EUR"})])
    with pytest.raises(ConflictError, match=r"member m1 .*\(password\)"):
        import_directory(workspace, again)


def _lines(directory: Path, name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (directory / name).read_text("utf-8").splitlines()]


def test_round_trip_export_import_export(
    workspace: Workspace, write_dir: WriteDir, tmp_path: Path
) -> None:
    source = _network(write_dir)
    import_directory(workspace, source)
    first = tmp_path / "export1"
    export_directory(workspace, first)
    fresh = Workspace.open(tmp_path / "home2")  # a fresh SQLite home
    report = import_directory(fresh, first)
    assert report.passwords_hashed == 0  # the hash travels, never the password
    second = tmp_path / "export2"
    export_directory(fresh, second)
    for name in ("members.jsonl", "content.jsonl", "events.jsonl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert "correct horse" not in (first / "members.jsonl").read_text("utf-8")
    # Semantically equal to the original (erased member's data excepted, times as instants).
    members = {m["member_id"]: m for m in _lines(first, "members.jsonl")}
    assert set(members) == {"m1", "m2"}
    original = {m["member_id"]: m for m in _lines(source, "members.jsonl")}
    for member_id, exported in members.items():
        for key, value in original[member_id].items():
            if key != "password":
                assert exported[key] == value, (member_id, key)
    events = _lines(first, "events.jsonl")
    assert [e["event_id"] for e in events] == ["e1", "e2", "e3", "e4"]
    assert events[2]["at"] == "2024-05-01T16:00:00+00:00"
    exported_content = {c["record_id"]: c for c in _lines(first, "content.jsonl")}
    for row in _lines(source, "content.jsonl"):
        if row["member_id"] == "m3":
            assert row["record_id"] not in exported_content
            continue
        got = exported_content[str(row["record_id"])]
        for key, value in row.items():
            if key == "created_at":
                assert dt.datetime.fromisoformat(str(got[key])) == dt.datetime.fromisoformat(
                    str(value)
                )
            else:
                assert got[key] == value


def test_import_never_resurrects_an_erased_member(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    before = write_dir([member("m5")], [content("c5", "m5")], [event("e5", "m5")])
    import_directory(workspace, before)
    erasure = write_dir(
        [member("m5")],
        [content("c5", "m5")],
        [event("e6", "m5", type="erasure", value=None, channel="form")],
    )
    report = import_directory(workspace, erasure)
    assert report.erased_deleted == 2  # the profile and its post
    assert _count(workspace, Member) == 0 and _count(workspace, ContentRecord) == 0
    # Importing the old files again brings nothing back, and the events remain.
    again = import_directory(workspace, before)
    assert again.erased_skipped == 2 and again.events_unchanged == 1
    assert _count(workspace, Member) == 0
    with workspace.session() as session:
        types = [e.type for e in ConsentLedger(session).events_for("m5")]
    assert types == ["ai_training_setting", "erasure"]


def test_events_may_name_an_erased_member_known_only_to_the_ledger(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, write_dir([], [], [event("e1", "m7", type="erasure", value=None)]))
    report = import_directory(workspace, write_dir([], [], [event("e2", "m7", value=True)]))
    assert report.events_added == 1


def test_content_may_reference_a_member_already_stored(
    workspace: Workspace, write_dir: WriteDir
) -> None:
    import_directory(workspace, write_dir([member("m1")]))
    report = import_directory(workspace, write_dir([], [content("c1", "m1")]))
    assert report.content_added == 1


def test_synthetic_network_round_trips(workspace: Workspace, tmp_path: Path) -> None:
    from consentgate.network.synth import generate_network

    network = generate_network(80, seed=21)
    network.write_interchange(tmp_path / "synth")
    import_directory(workspace, tmp_path / "synth")
    export_directory(workspace, tmp_path / "x1")
    fresh = Workspace.open(tmp_path / "fresh")
    import_directory(fresh, tmp_path / "x1")
    export_directory(fresh, tmp_path / "x2")
    for name in ("members.jsonl", "content.jsonl", "events.jsonl"):
        assert (tmp_path / "x1" / name).read_bytes() == (tmp_path / "x2" / name).read_bytes()
    erased = {e["member_id"] for e in network.events if e["type"] == "erasure"}
    assert erased
    exported = {m["member_id"]: m for m in _lines(tmp_path / "x1", "members.jsonl")}
    assert set(exported) == {m["member_id"] for m in network.members} - erased
    for original in network.members:
        if original["member_id"] in erased:
            continue
        got = exported[original["member_id"]]
        for key, value in original.items():
            if key == "password":
                assert verify_password(str(got["password_hash"]), value)
            elif key == "created_at":
                assert _same_instant(got[key], value)
            else:
                assert got[key] == value, key
    contents = {c["record_id"]: c for c in _lines(tmp_path / "x1", "content.jsonl")}
    kept = [c for c in network.content if c["member_id"] not in erased]
    assert len(contents) == len(kept)
    for original in kept:
        got = contents[original["record_id"]]
        assert {k: v for k, v in got.items() if k != "created_at"} == {
            k: v for k, v in original.items() if k != "created_at"
        }
        assert _same_instant(got["created_at"], original["created_at"])
    events = _lines(tmp_path / "x1", "events.jsonl")
    assert [e["event_id"] for e in events] == [e["event_id"] for e in network.events]
    for got, original in zip(events, network.events, strict=True):
        assert _same_instant(got["at"], original["at"])
        assert {k: v for k, v in got.items() if k != "at"} == {
            k: v for k, v in original.items() if k != "at"
        }


def _same_instant(a: object, b: object) -> bool:
    return dt.datetime.fromisoformat(str(a)) == dt.datetime.fromisoformat(str(b))
