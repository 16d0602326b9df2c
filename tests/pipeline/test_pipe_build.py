"""Full builds: the dataset contract, determinism, incremental == full, interoperability."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from pipeline_helpers import AS_OF, content, file_bytes, insert_rows, member, read_dataset

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import current_head
from consentgate.pipeline import fingerprint, stages
from consentgate.pipeline.build import BuildComponents, build_dataset
from consentgate.pipeline.datasets import latest_dataset, list_datasets, load_manifest
from consentgate.pipeline.sharding import load_or_create_key, shard_of
from consentgate.pipeline.stages import RedactorLike
from consentgate.workspace import Workspace

UTC = dt.UTC


def _scenario(ws: Workspace, members: int = 12) -> None:
    rows = [member(f"m{i:03d}", skills=["SQL", "Python"]) for i in range(members)]
    rows.append(member("mfr", country="FR", name="Léa Moreau"))
    texts = []
    for i in range(members):
        mid = f"m{i:03d}"
        texts += [
            content(
                f"c{i:03d}a", mid, text=f"Write to {mid}@example.com or call +1 617 555 01{i:02d}"
            ),
            content(f"c{i:03d}b", mid, text="Great   team, great DAY!"),
            content(f"c{i:03d}c", mid, kind="private_message", visibility="private"),
            content(f"c{i:03d}d", mid, visibility="connections"),
        ]
    texts.append(content("cz", "m001", text="Met Léa Moreau at the meetup."))
    texts.append(content("cfr", "mfr", text="Bonjour à toute l'équipe"))
    say_no = LedgerEvent("e1", "m002", dt.datetime(2025, 6, 1, tzinfo=UTC), "ai_training_setting",
                         "web", False)  # fmt: skip
    insert_rows(ws, rows, texts, [say_no])


def _build(ws: Workspace, parts: BuildComponents, policy: Any, **kw: Any) -> Any:
    return build_dataset(ws, as_of=AS_OF, policy=policy, shards=4, components=parts, **kw)


def test_contract_columns_manifest_and_card(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    info = _build(workspace, parts, policy)
    assert info.version == "v0001" and info.path == workspace.datasets_dir / "v0001"
    names = sorted(p.name for p in info.path.iterdir())
    assert names == ["CARD.md", "lineage.parquet", "manifest.json"] + [
        f"shard-{i:04d}.parquet" for i in range(4)
    ]
    table = read_dataset(info.path)
    assert {"record_id", "member_id", "kind", "text", "created_at", "shard", "lang"} <= set(
        table.column_names
    )
    meta = pq.read_metadata(info.path / "shard-0000.parquet")
    assert meta.row_group(0).column(0).compression == "ZSTD" if meta.num_rows else True
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest == load_manifest(workspace, "v0001")
    counts = manifest["counts"]
    assert counts["excluded_by_reason"] == {"kind_excluded": 12, "not_public": 12, "said_no": 5,
                                            "no_notice": 3}  # fmt: skip
    assert counts["used"] + counts["excluded"] == counts["records"]
    assert counts["written"] == counts["used"] - counts["deduplicated"] == len(table)
    assert manifest["as_of"] == AS_OF.isoformat() and manifest["parent"] is None
    assert [s["shard"] for s in manifest["shard_files"]] == [0, 1, 2, 3]
    with workspace.session() as session:  # the signed ledger head of the build's snapshot
        assert manifest["ledger_head"] == current_head(session).to_dict()  # type: ignore[union-attr]
    assert manifest["ledger_head"]["tree_size"] == 1
    card = (info.path / "CARD.md").read_text()
    assert "# Dataset v0001" in card and "said_no" in card and "linkedin-2025" in card
    lineage = pq.read_table(info.path / "lineage.parquet")
    assert sorted(lineage["record_id"].to_pylist()) == sorted(table["record_id"].to_pylist())
    assert latest_dataset(workspace) == "v0001"
    assert [d.version for d in list_datasets(workspace)] == ["v0001"]


def test_records_of_a_member_share_a_shard(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    info = _build(workspace, parts, policy)
    key = load_or_create_key(workspace.home)
    for row in read_dataset(info.path).select(["member_id", "shard"]).to_pylist():
        assert row["shard"] == shard_of(row["member_id"], 4, key)


def test_pii_is_redacted_and_duplicates_dropped(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    table = read_dataset(_build(workspace, parts, policy).path)
    texts = " ".join(table["text"].to_pylist())
    assert "@example.com" not in texts and "555 01" not in texts and "Léa Moreau" not in texts
    # The same normalised text within a shard survives once: the earliest, lowest record_id.
    by_shard: dict[int, list[str]] = {}
    for row in table.to_pylist():
        if row["text"].lower().split() == ["great", "team,", "great", "day!"]:
            by_shard.setdefault(row["shard"], []).append(row["record_id"])
    assert by_shard and all(len(ids) == 1 for ids in by_shard.values())


def test_builds_are_deterministic(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    first = _build(workspace, parts, policy)
    second = _build(workspace, parts, policy)
    assert second.version == "v0002"
    assert file_bytes(first.path) == file_bytes(second.path)
    assert first.manifest["shard_files"] == second.manifest["shard_files"]


def test_text_batch_sizes_do_not_change_the_files(
    workspace: Workspace, parts: BuildComponents, policy: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Texts are redacted and scanned in slices to bound memory; slicing changes no byte."""
    _scenario(workspace)
    whole = _build(workspace, parts, policy)
    monkeypatch.setattr(stages, "TEXT_BATCH_ROWS", 2)
    monkeypatch.setattr(fingerprint, "SCAN_ROWS", 3)
    sliced = _build(workspace, parts, policy)
    assert file_bytes(whole.path) == file_bytes(sliced.path)
    assert whole.manifest["shard_files"] == sliced.manifest["shard_files"]


def test_the_name_index_is_released_before_any_redactor_is_built(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    """Both automata hold every member's name: a build must never hold the two at once."""
    _scenario(sqlite_workspace)
    shard = parts.shard
    cache_when_built: list[list[str]] = []

    def factory(names: Sequence[str]) -> RedactorLike:
        cache_when_built.append(sorted(shard._cache))
        return real_factory(names)

    real_factory, shard.redactor_factory = shard.redactor_factory, factory
    _build(sqlite_workspace, parts, policy)
    assert cache_when_built, "no redactor was built"
    assert not any(key.startswith("names:") for keys in cache_when_built for key in keys)


def test_incremental_reuses_unchanged_shards_and_equals_full(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    v1 = _build(workspace, parts, policy)
    no = LedgerEvent("e9", "m005", dt.datetime(2025, 12, 1, tzinfo=UTC), "ai_training_setting",
                     "web", False)  # fmt: skip
    insert_rows(workspace, [], [], [no])
    inc = _build(workspace, parts, policy, parent=v1.version)
    full = _build(workspace, parts, policy)
    assert file_bytes(inc.path) == file_bytes(full.path)
    key = load_or_create_key(workspace.home)
    changed = shard_of("m005", 4, key)
    assert sorted(inc.manifest["reused_shards"]) == [s for s in range(4) if s != changed]
    assert inc.manifest["incremental"]["rebuilt_shards"] == [changed]  # only m005's shard read
    assert inc.manifest["parent"] == "v0001"
    assert "m005" not in read_dataset(inc.path)["member_id"].to_pylist()
    reused = inc.path / f"shard-{(changed + 1) % 4:04d}.parquet"
    assert reused.read_bytes() == (v1.path / reused.name).read_bytes()


def test_new_member_name_rebuilds_only_shards_that_mention_it(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    v1 = _build(workspace, parts, policy)
    insert_rows(workspace, [member("mnew", name="Paul Newcomer")])
    inc = _build(workspace, parts, policy, parent=v1.version)
    full = _build(workspace, parts, policy)
    assert file_bytes(inc.path) == file_bytes(full.path)
    key = load_or_create_key(workspace.home)
    assert sorted(inc.manifest["reused_shards"]) == [
        s for s in range(4) if s != shard_of("mnew", 4, key)
    ]


def test_loads_with_hugging_face_datasets_and_duckdb(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any, tmp_path: Path
) -> None:
    datasets = pytest.importorskip("datasets")
    _scenario(sqlite_workspace)
    info = _build(sqlite_workspace, parts, policy)
    expected = sorted(read_dataset(info.path)["record_id"].to_pylist())
    files = sorted(str(p) for p in info.path.glob("shard-*.parquet"))
    hf = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path))
    assert sorted(hf["record_id"]) == expected
    rows = duckdb.sql(
        f"SELECT record_id FROM read_parquet('{info.path}/shard-*.parquet')"
    ).fetchall()
    assert sorted(r[0] for r in rows) == expected
    lineage = duckdb.sql(f"SELECT count(*) FROM '{info.path}/lineage.parquet'").fetchall()
    assert lineage == [(len(expected),)]


def test_process_executor_gives_the_same_files(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(sqlite_workspace)
    local = _build(sqlite_workspace, parts, policy)
    pooled = _build(sqlite_workspace, parts, policy, executor="processes")
    assert pooled.manifest["build"]["executor"] == "processes"
    assert file_bytes(local.path) == file_bytes(pooled.path)


def test_unknown_parent_or_executor_is_one_clear_error(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    from consentgate.errors import ConsentgateError

    with pytest.raises(ConsentgateError, match="no dataset version v0042"):
        _build(sqlite_workspace, parts, policy, parent="v0042")
    with pytest.raises(ConsentgateError, match="unknown executor"):
        _build(sqlite_workspace, parts, policy, executor="spark")
    assert list(sqlite_workspace.datasets_dir.glob("v*")) == []


def test_an_empty_shard_still_loads_everywhere(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any, tmp_path: Path
) -> None:
    datasets = pytest.importorskip("datasets")
    insert_rows(sqlite_workspace, [member("m1")])
    info = build_dataset(sqlite_workspace, as_of=AS_OF, policy=policy, shards=3, components=parts)
    files = sorted(str(p) for p in info.path.glob("shard-*.parquet"))
    assert [pq.read_metadata(f).num_rows for f in files].count(0) >= 2
    hf = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path))
    assert hf.num_rows == info.manifest["counts"]["written"] > 0
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{info.path}/shard-*.parquet')")
    assert rows.fetchall() == [(hf.num_rows,)]


def test_a_changed_redactor_reuses_nothing(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(sqlite_workspace)
    v1 = _build(sqlite_workspace, parts, policy)
    same = _build(sqlite_workspace, parts, policy, parent=v1.version)
    assert sorted(same.manifest["reused_shards"]) == [0, 1, 2, 3]
    parts.shard.redactor_id += "-changed"
    changed = _build(sqlite_workspace, parts, policy, parent=v1.version)
    assert changed.manifest["reused_shards"] == []
    assert "Redactor/placeholder/" in v1.manifest["redactor"]


@pytest.mark.benchmark  # starts a local Ray (~30 s on 2 cores): outside `make test`
def test_ray_executor_gives_the_same_files(
    sqlite_workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    pytest.importorskip("ray.data")
    _scenario(sqlite_workspace)
    local = _build(sqlite_workspace, parts, policy)
    on_ray = _build(sqlite_workspace, parts, policy, executor="ray")
    assert on_ray.manifest["build"]["executor"] == "ray"
    assert file_bytes(local.path) == file_bytes(on_ray.path)


def test_erasure_rebuilds_the_members_shard_and_shards_naming_them(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    from consentgate.ledger.requests import file_request

    _scenario(workspace)  # m001's post "cz" names Léa Moreau (mfr)
    yes = LedgerEvent("e-yes", "mfr", dt.datetime(2025, 11, 5, tzinfo=UTC), "ai_training_setting",
                      "web", True)  # fmt: skip
    insert_rows(workspace, [], [], [yes])
    v1 = _build(workspace, parts, policy)
    assert "mfr" in read_dataset(v1.path)["member_id"].to_pylist()
    with workspace.session() as session:
        file_request(session, "mfr", "erasure", at=dt.datetime(2025, 12, 1, tzinfo=UTC))
    inc = _build(workspace, parts, policy, parent=v1.version)
    full = _build(workspace, parts, policy)
    assert file_bytes(inc.path) == file_bytes(full.path)
    key = load_or_create_key(workspace.home)
    must_rebuild = {shard_of("mfr", 4, key), shard_of("m001", 4, key)}
    assert set(inc.manifest["reused_shards"]) == set(range(4)) - must_rebuild
    texts = read_dataset(inc.path)
    assert "mfr" not in texts["member_id"].to_pylist()


def test_a_new_member_already_named_in_a_text_rebuilds_that_shard(
    workspace: Workspace, parts: BuildComponents, policy: Any
) -> None:
    _scenario(workspace)
    insert_rows(workspace, [], [content("cq", "m003", text="Lunch with Zoe Quillfeather today")])
    v1 = _build(workspace, parts, policy)
    insert_rows(workspace, [member("mzq", name="Zoe Quillfeather")])
    inc = _build(workspace, parts, policy, parent=v1.version)
    full = _build(workspace, parts, policy)
    assert file_bytes(inc.path) == file_bytes(full.path)
    key = load_or_create_key(workspace.home)
    rebuilt = set(range(4)) - set(inc.manifest["reused_shards"])
    assert rebuilt == {shard_of("m003", 4, key), shard_of("mzq", 4, key)}
    assert "Quillfeather" not in " ".join(read_dataset(inc.path)["text"].to_pylist())
