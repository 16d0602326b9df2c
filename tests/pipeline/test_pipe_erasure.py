"""Erasure reaches every dataset version, and erased names stay redacted in later ones."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pipeline_helpers import AS_OF, content, file_bytes, insert_rows, member, read_dataset

from consentgate.cli import main
from consentgate.errors import ConfigError
from consentgate.ledger.events import LedgerEvent
from consentgate.network.erasure import SUPPRESSION_KEY_FILE
from consentgate.pipeline import purge
from consentgate.pipeline.build import BuildComponents, DatasetInfo, build_dataset
from consentgate.pipeline.datasets import open_dataset
from consentgate.pipeline.sharding import load_or_create_key, shard_of
from consentgate.pipeline.writer import sha256_file
from consentgate.redact import fold
from consentgate.workflows.erasure import erase_in_session, erase_member
from consentgate.workspace import Workspace

UTC = dt.UTC
SHARDS = 4
MENTIONS = {
    "cm1": "Merci à Cyprien Delacroix pour l'échange sur le sujet…",
    "cm2": "CYPRIEN DÉLACROIX était au meetup hier soir.",
    "cm3": "Un article de Delacroix Cyprien sur les pipelines.",
}
COMMA = {"cm4": "Relu par delacroix, cyprien avant publication."}  # the member automaton misses it


def _network(ws: Workspace, members: int = 10) -> None:
    """US members (used by default); mcd is Cyprien Delacroix, whom m001..m004 name."""
    rows = [member(f"m{i:03d}") for i in range(members)]
    # A location of his own: no record of mcd is a duplicate, whichever shard the random key
    # puts him in.
    rows.append(
        member("mcd", name="Cyprien Delacroix", email="cyprien@example.org", location="Lyon")
    )
    texts = [content(f"c{i:03d}", f"m{i:03d}") for i in range(members)]
    for i in range(members):
        texts.append(content(f"c{i:03d}b", f"m{i:03d}", text=f"Notes {i} on data quality."))
    for n, (rid, text) in enumerate({**MENTIONS, **COMMA}.items(), 1):
        texts.append(content(rid, f"m00{n}", text=text))
    texts.append(content("ccd", "mcd", text="Mon premier post sur les lakehouses."))
    insert_rows(ws, rows, texts)


def _build(ws: Workspace, parts: BuildComponents, policy: Any, **kw: Any) -> DatasetInfo:
    return build_dataset(ws, as_of=AS_OF, policy=policy, shards=SHARDS, components=parts, **kw)


def _texts(path: Path) -> dict[str, str]:
    table = read_dataset(path)
    return dict(zip(table["record_id"].to_pylist(), table["text"].to_pylist(), strict=True))


def _members(path: Path) -> set[str]:
    return set(pq.read_table(path / "lineage.parquet")["member_id"].to_pylist())


def test_erased_names_stay_redacted_in_every_later_dataset(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _network(workspace)
    v1 = _build(workspace, parts, policy)
    assert all(_texts(v1.path)[rid].count("[PERSON]") == 1 for rid in MENTIONS)
    report = erase_member(workspace, "mcd")
    assert report.rows.suppressed == 2 and [p.version for p in report.datasets] == ["v0001"]
    incremental = _build(workspace, parts, policy, parent=v1.version)
    full = _build(workspace, parts, policy)
    assert file_bytes(incremental.path) == file_bytes(full.path)
    assert incremental.manifest["suppression_digest"] == full.manifest["suppression_digest"]
    old = _texts(v1.path)  # rewritten without mcd; others' texts as they were built
    assert "mcd" not in _members(v1.path) and "ccd" not in old
    assert all(old[rid].count("[PERSON]") == 1 for rid in MENTIONS)
    for info in (incremental, full):
        texts = _texts(info.path)
        assert "mcd" not in _members(info.path) and "ccd" not in texts
        for rid in {**MENTIONS, **COMMA}:
            assert texts[rid].count("[PERSON]") == 1, texts[rid]
        folded = fold(" ".join(texts.values()))
        assert "cyprien" not in folded and "delacroix" not in folded


def test_a_changed_suppression_list_rebuilds_only_shards_that_can_hold_the_name(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _network(workspace)
    insert_rows(workspace, [member("mzq", name="Zoe Quillfeather")])
    v1 = _build(workspace, parts, policy)
    erase_member(workspace, "mzq")  # in no dataset text: only the names digest moves
    v2 = _build(workspace, parts, policy, parent=v1.version)
    key = load_or_create_key(workspace.home)
    assert set(range(SHARDS)) - set(v2.manifest["reused_shards"]) == {shard_of("mzq", SHARDS, key)}
    assert v2.manifest["incremental"]["mode"] == "full_decision"


def _link_scenario(ws: Workspace, parts: BuildComponents, policy: Any) -> tuple[Any, Any, int]:
    """v1, then v2 (parent v1) after another member said no: mcd's shard is hard-linked."""
    _network(ws)
    v1 = _build(ws, parts, policy)
    key = load_or_create_key(ws.home)
    target = shard_of("mcd", SHARDS, key)
    other = next(m for m in (f"m{i:03d}" for i in range(10)) if shard_of(m, SHARDS, key) != target)
    no = LedgerEvent("e-no", other, dt.datetime(2025, 12, 1, tzinfo=UTC), "ai_training_setting",
                     "web", False)  # fmt: skip
    insert_rows(ws, [], [], [no])
    v2 = _build(ws, parts, policy, parent=v1.version)
    assert target in v2.manifest["reused_shards"]
    name = f"shard-{target:04d}.parquet"
    assert os.stat(v1.path / name).st_ino == os.stat(v2.path / name).st_ino
    return v1, v2, target


def test_erasure_rewrites_every_version_and_each_hard_link(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    v1, v2, target = _link_scenario(workspace, parts, policy)
    name = f"shard-{target:04d}.parquet"
    before = {v.version: _manifest(v.path) for v in (v1, v2)}
    inodes = {v.version: {p.name: p.stat().st_ino for p in v.path.iterdir()} for v in (v1, v2)}
    held = {v.version: _records_of(v.path, "mcd") for v in (v1, v2)}
    assert all(held.values())
    report = erase_member(workspace, "mcd")
    assert sorted(p.version for p in report.datasets) == ["v0001", "v0002"]
    for info in (v1, v2):
        path, manifest = info.path, _manifest(info.path)
        assert _rows_of(path, "mcd") == 0 and "mcd" not in _members(path)
        assert path.stat().st_ino != 0 and (path / name).stat().st_ino != inodes[info.version][name]
        for entry in manifest["shard_files"]:
            file = path / entry["file"]
            assert entry["sha256"] == sha256_file(file)
            assert entry["records"] == pq.read_metadata(file).num_rows
            if entry["shard"] != target:  # untouched shards keep their file (and links)
                assert file.stat().st_ino == inodes[info.version][entry["file"]]
                assert entry == next(
                    e for e in before[info.version]["shard_files"] if e["shard"] == entry["shard"]
                )
        counts = manifest["counts"]
        assert counts["written"] == len(read_dataset(path))
        assert counts["purged"] == held[info.version]
        assert counts["used"] == before[info.version]["counts"]["used"]  # decisions as built
        [entry] = manifest["purges"]
        assert entry["erasure_event_id"] == report.event_id
        assert entry["records_removed"] == held[info.version]
        assert [s["shard"] for s in entry["shards"]] == [target]
        card = (path / "CARD.md").read_text()
        assert "## Purged after the build" in card and report.event_id in card
        for text in (card, json.dumps(manifest)):
            assert "Cyprien" not in text and "Delacroix" not in text and "mcd" not in text
        view = open_dataset(workspace, info.version)  # the training reader agrees
        assert view.checksums[target] == sha256_file(path / name)
    assert not list(workspace.datasets_dir.glob(".purge-*"))
    again = erase_member(workspace, "mcd")  # idempotent: no second event, nothing to purge
    assert again.already_erased and again.datasets == [] and again.event_id is None


def _manifest(path: Path) -> dict[str, Any]:
    return json.loads((path / "manifest.json").read_text())


def _records_of(path: Path, member_id: str) -> int:
    return read_dataset(path)["member_id"].to_pylist().count(member_id)


def _rows_of(path: Path, member_id: str) -> int:
    """The member's rows in the shards and in the lineage."""
    files = [*sorted(path.glob("shard-*.parquet")), path / "lineage.parquet"]
    return sum(
        pq.read_table(f, columns=["member_id"])["member_id"].to_pylist().count(member_id)
        for f in files
    )


def test_a_crash_after_the_commit_is_finished_by_the_next_build_or_purge(
    workspace: Workspace, parts: BuildComponents, policy: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _network(workspace)
    v1 = _build(workspace, parts, policy)
    with workspace.session() as session:  # step 1 committed, then the process "dies"
        erase_in_session(session, workspace, "mcd")
    assert _rows_of(v1.path, "mcd") > 0
    args = ["--home", str(workspace.home), "--database-url", workspace.database_url]
    assert main([*args, "datasets", "purge"]) == 0
    assert "v0001: 3 records of erased members removed" in capsys.readouterr().out
    assert _rows_of(v1.path, "mcd") == 0
    assert main([*args, "datasets", "purge"]) == 0
    assert "no dataset version holds an erased member" in capsys.readouterr().out

    with workspace.session() as session:
        erase_in_session(session, workspace, "m009")
    assert _rows_of(v1.path, "m009") > 0
    _build(workspace, parts, policy)  # the next build finishes it first
    assert _rows_of(v1.path, "m009") == 0 and len(_manifest(v1.path)["purges"]) == 2


def test_a_member_erased_during_a_build_is_not_in_the_version_it_publishes(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _network(workspace)
    states = parts.states

    def states_then_erase(session: Any, *args: Any, **kw: Any) -> pa.Table:
        table = states(session, *args, **kw)
        erase_member(workspace, "mcd")  # another process, after this build's snapshot
        return table

    parts.states = states_then_erase
    info = _build(workspace, parts, policy)
    assert _rows_of(info.path, "mcd") == 0
    assert info.manifest["purges"][0]["records_removed"] == 3  # headline, location, post


def test_an_interrupted_swap_is_recovered(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any, monkeypatch: Any
) -> None:
    ws = sqlite_workspace
    _network(ws)
    v1 = _build(ws, parts, policy)
    with ws.session() as session:
        erase_in_session(session, ws, "mcd")
    renames = []
    real_rename = os.rename

    def dying_rename(src: Any, dst: Any) -> None:
        renames.append(dst)
        if len(renames) == 2:
            raise KeyboardInterrupt("killed between the two renames")
        real_rename(src, dst)

    # A system without renameat2's exchange, and a process killed half-way.
    monkeypatch.setattr(purge, "exchange_directories", lambda a, b: False)
    monkeypatch.setattr(purge.os, "rename", dying_rename)
    with pytest.raises(KeyboardInterrupt):
        purge.purge_erased(ws)
    monkeypatch.setattr(purge.os, "rename", real_rename)
    assert not v1.path.exists() and len(list(ws.datasets_dir.glob(".purge-*"))) == 2
    purge.purge_erased(ws)
    assert v1.path.is_dir() and _rows_of(v1.path, "mcd") == 0
    shards = [f"shard-{i:04d}.parquet" for i in range(SHARDS)]
    expected = ["CARD.md", "lineage.parquet", "manifest.json", *shards]
    assert sorted(p.name for p in v1.path.iterdir()) == sorted(expected)
    assert not list(ws.datasets_dir.glob(".purge-*"))


def test_a_build_refuses_when_the_suppression_key_is_lost(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _network(sqlite_workspace)
    erase_member(sqlite_workspace, "mcd")
    (sqlite_workspace.home / SUPPRESSION_KEY_FILE).unlink()
    with pytest.raises(ConfigError, match="suppression.key: missing, but the suppression list"):
        _build(sqlite_workspace, parts, policy)
