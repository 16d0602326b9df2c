"""Change detection: an incremental build re-decides only changed members, equals a full build.

Each test builds a parent, changes one input (or only moves the as-of time), then builds
with `--parent` and from scratch at the same as-of, and compares the files byte for byte
and the manifest counts; it also checks which mode the plan chose and which shards it read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline_helpers import AS_OF, content, file_bytes, insert_rows, member, read_dataset
from sqlalchemy import update

from consentgate.ledger.events import LedgerEvent
from consentgate.models import Member
from consentgate.pipeline.build import BuildComponents, build_dataset
from consentgate.pipeline.sharding import load_or_create_key, shard_of
from consentgate.policy import load_policy
from consentgate.workspace import Workspace

UTC = dt.UTC
K = 4


def _scenario(ws: Workspace, members: int = 10) -> None:
    rows = [member(f"m{i:03d}") for i in range(members)]
    rows.append(member("mfr", country="FR", name="Léa Moreau"))
    texts = [
        content(f"c{i:03d}", f"m{i:03d}", text=f"Note {i} by m{i:03d}") for i in range(members)
    ]
    texts.append(content("cfr", "mfr", text="Bonjour à toute l'équipe"))
    insert_rows(ws, rows, texts)


def _build(ws: Workspace, parts: BuildComponents, as_of: dt.datetime, **kw: Any) -> Any:
    kw.setdefault("policy", "linkedin-2025")
    kw.setdefault("shards", K)
    return build_dataset(ws, as_of=as_of, components=parts, **kw)


def _check(
    ws: Workspace, parts: BuildComponents, parent: Any, as_of: dt.datetime, **kw: Any
) -> Any:
    """Incremental against `parent` and full at `as_of` agree; returns the incremental one."""
    inc = _build(ws, parts, as_of, parent=parent.version, **kw)
    full = _build(ws, parts, as_of, **kw)
    assert file_bytes(inc.path) == file_bytes(full.path)
    assert inc.manifest["counts"] == full.manifest["counts"]
    assert [e["decided"] for e in inc.manifest["shard_files"]] == [
        e["decided"] for e in full.manifest["shard_files"]
    ]
    return inc


def _shard(ws: Workspace, member_id: str) -> int:
    return shard_of(member_id, K, load_or_create_key(ws.home))


def _event(event_id: str, member_id: str, at: dt.datetime, type_: str, value: Any = None,
           policy_version: str | None = None) -> LedgerEvent:  # fmt: skip
    return LedgerEvent(event_id, member_id, at, type_, "web", value, policy_version)


def test_a_new_ledger_event_rebuilds_only_that_members_shard(
    workspace: Workspace, parts: BuildComponents
) -> None:
    _scenario(workspace)
    v1 = _build(workspace, parts, AS_OF)
    say_no = _event("e-no", "m004", AS_OF - dt.timedelta(days=3), "ai_training_setting", False)
    insert_rows(workspace, [], [], [say_no])
    inc = _check(workspace, parts, v1, AS_OF)
    plan = inc.manifest["incremental"]
    assert plan["mode"] == "changes" and plan["change_sources"] == {"journal": 1}
    assert plan["rebuilt_shards"] == [_shard(workspace, "m004")]
    assert sorted(inc.manifest["reused_shards"]) == [
        s for s in range(K) if s != _shard(workspace, "m004")
    ]
    assert "m004" not in read_dataset(inc.path)["member_id"].to_pylist()


def test_nothing_changed_reads_no_shard(workspace: Workspace, parts: BuildComponents) -> None:
    _scenario(workspace)
    v1 = _build(workspace, parts, AS_OF)
    inc = _check(workspace, parts, v1, AS_OF)
    assert inc.manifest["incremental"]["rebuilt_shards"] == []
    assert sorted(inc.manifest["reused_shards"]) == list(range(K))


def test_content_added_and_profile_edited(workspace: Workspace, parts: BuildComponents) -> None:
    _scenario(workspace)
    v1 = _build(workspace, parts, AS_OF)
    insert_rows(workspace, [], [content("cnew", "m002", text="A brand new post")])
    with workspace.session() as session:
        session.execute(update(Member).where(Member.member_id == "m007").values(headline="CTO"))
    inc = _check(workspace, parts, v1, AS_OF)
    plan = inc.manifest["incremental"]
    assert plan["mode"] == "changes" and plan["changed_members"] == 2
    assert set(plan["rebuilt_shards"]) == {_shard(workspace, "m002"), _shard(workspace, "m007")}
    assert "cnew" in read_dataset(inc.path)["record_id"].to_pylist()


def test_erasure_and_new_member_fall_back_to_a_full_decision(
    workspace: Workspace, parts: BuildComponents
) -> None:
    from consentgate.ledger.requests import file_request

    _scenario(workspace)
    v1 = _build(workspace, parts, AS_OF)
    with workspace.session() as session:
        file_request(session, "m003", "erasure", at=AS_OF - dt.timedelta(days=1))
    v2 = _check(workspace, parts, v1, AS_OF)
    assert v2.manifest["incremental"]["mode"] == "full_decision"
    assert "member names changed" in v2.manifest["incremental"]["reason"]
    insert_rows(workspace, [member("mnew", name="Paul Newcomer")])
    v3 = _check(workspace, parts, v2, AS_OF)
    assert v3.manifest["incremental"]["mode"] == "full_decision"


def test_a_member_turning_18_between_as_ofs(workspace: Workspace, parts: BuildComponents) -> None:
    _scenario(workspace)
    t0, t1 = AS_OF, AS_OF + dt.timedelta(days=20)
    teen = member("mteen", birth_date=dt.date(2008, 1, 25))  # 18 on 2026-01-25
    insert_rows(workspace, [teen], [content("cteen", "mteen", text="Hello from a new adult")])
    v1 = _build(workspace, parts, t0)
    assert "mteen" not in read_dataset(v1.path)["member_id"].to_pylist()
    inc = _check(workspace, parts, v1, t1)
    plan = inc.manifest["incremental"]
    assert plan["mode"] == "changes" and plan["change_sources"] == {"turned_18": 1}
    assert plan["rebuilt_shards"] == [_shard(workspace, "mteen")]
    assert "profile:mteen:headline" in read_dataset(inc.path)["record_id"].to_pylist()
    # cteen was written before the 18th birthday: ER4 keeps it out at any as-of.
    assert "cteen" not in read_dataset(inc.path)["record_id"].to_pylist()


def test_a_notice_period_ending_between_as_ofs(
    workspace: Workspace, parts: BuildComponents
) -> None:
    _scenario(workspace)
    notice = _event("e-n", "mfr", dt.datetime(2026, 1, 1, tzinfo=UTC), "notice_delivered",
                    policy_version="linkedin-2025")  # fmt: skip
    insert_rows(workspace, [], [], [notice])
    t0, t1 = AS_OF, dt.datetime(2026, 2, 5, tzinfo=UTC)  # 30 days after 1 January: 31 Jan
    v1 = _build(workspace, parts, t0)
    assert v1.manifest["counts"]["excluded_by_reason"].get("no_notice")
    inc = _check(workspace, parts, v1, t1)
    plan = inc.manifest["incremental"]
    assert plan["mode"] == "changes" and plan["change_sources"] == {"notice_period_ended": 1}
    assert "mfr" in read_dataset(inc.path)["member_id"].to_pylist()


def test_content_created_and_events_dated_between_as_ofs(
    workspace: Workspace, parts: BuildComponents
) -> None:
    _scenario(workspace)
    t0, t1 = AS_OF, AS_OF + dt.timedelta(days=10)
    later = content("clater", "m001", created_at=AS_OF + dt.timedelta(days=5))
    restrict = _event("e-r", "m006", AS_OF + dt.timedelta(days=2), "restriction")
    insert_rows(workspace, [], [later], [restrict])
    v1 = _build(workspace, parts, t0)
    inc = _check(workspace, parts, v1, t1)
    plan = inc.manifest["incremental"]
    assert plan["change_sources"] == {"content_created": 1, "event_at": 1}
    assert set(plan["rebuilt_shards"]) == {_shard(workspace, "m001"), _shard(workspace, "m006")}
    assert inc.manifest["counts"]["excluded_by_reason"]["restricted"] > 0


def test_a_region_rule_taking_effect_between_as_ofs(
    workspace: Workspace, parts: BuildComponents
) -> None:
    _scenario(workspace)
    yes = _event("e-y", "mfr", dt.datetime(2025, 10, 1, tzinfo=UTC), "ai_training_setting", True)
    insert_rows(workspace, [], [], [yes])
    t0, t1 = dt.datetime(2025, 11, 1, tzinfo=UTC), dt.datetime(2025, 11, 10, tzinfo=UTC)
    v1 = _build(workspace, parts, t0)
    inc = _check(workspace, parts, v1, t1)
    plan = inc.manifest["incremental"]
    assert plan["mode"] == "changes" and plan["change_sources"] == {"rule_took_effect": 1}
    assert "mfr" in read_dataset(inc.path)["member_id"].to_pylist()


def test_policy_shards_or_earlier_as_of_fall_back(
    sqlite_workspace: Workspace, parts: BuildComponents
) -> None:
    ws = sqlite_workspace
    _scenario(ws)
    v1 = _build(ws, parts, AS_OF)
    other = _check(ws, parts, v1, AS_OF, policy=load_policy("privacy-by-default"))
    assert other.manifest["incremental"]["reason"] == "a different policy than the parent"
    k3 = _check(ws, parts, v1, AS_OF, shards=3)
    assert k3.manifest["incremental"]["reason"] == "a different shard count than the parent"
    earlier = _check(ws, parts, v1, AS_OF - dt.timedelta(days=1))
    assert earlier.manifest["incremental"]["reason"] == "an as-of time before the parent's"


def test_missing_triggers_fall_back(sqlite_workspace: Workspace, parts: BuildComponents) -> None:
    from sqlalchemy import text

    ws = sqlite_workspace
    _scenario(ws)
    v1 = _build(ws, parts, AS_OF)
    with ws.session() as session:
        session.execute(text("DROP TRIGGER cg_journal_content_ins"))
    insert_rows(ws, [], [content("cx", "m001", text="Written with no journal")])
    inc = _check(ws, parts, v1, AS_OF)
    assert inc.manifest["incremental"]["reason"] == "the change journal's triggers are missing"
    assert "cx" in read_dataset(inc.path)["record_id"].to_pylist()


def test_an_altered_parent_shard_is_not_reused(
    sqlite_workspace: Workspace, parts: BuildComponents
) -> None:
    ws = sqlite_workspace
    _scenario(ws)
    v1 = _build(ws, parts, AS_OF)
    victim = next(p for p in sorted(v1.path.glob("shard-*.parquet")) if p.stat().st_size)
    victim.chmod(0o644)
    victim.write_bytes(victim.read_bytes()[:-8] + b"tampered")
    inc = _check(ws, parts, v1, AS_OF)
    assert inc.manifest["incremental"]["reason"] == "a parent shard file is missing or altered"
