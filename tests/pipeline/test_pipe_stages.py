"""The stages one by one: profile flattening, streaming snapshot, dedup, sharding, fingerprints."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pipeline_helpers import content, insert_rows, member

from consentgate.pipeline.fingerprint import (
    names_digest,
    present_names,
    records_digest,
    shard_fingerprint,
)
from consentgate.pipeline.schema import TIMESTAMP
from consentgate.pipeline.sharding import key_id, load_or_create_key, shard_of
from consentgate.pipeline.snapshot import flatten_profile, iter_records
from consentgate.pipeline.stages import dedup_stage, sort_by_record_id
from consentgate.redact import MemberNameRecognizer
from consentgate.workspace import Workspace

UTC = dt.UTC


def test_profile_is_flattened_into_numbered_records_without_the_name() -> None:
    records = flatten_profile(
        "m7",
        "Data PM",
        "  ",
        "Lyon, France",
        [
            {"title": "Data PM", "company": "Acme SA", "description": "Roadmaps."},
            {"title": "Analyst", "company": None, "description": None},
        ],
        [{"school": "Université Lyon 2", "degree": "Master", "field": "Statistique"}],
        ["SQL", "Gestion de projet"],
    )
    assert records == [
        ("profile:m7:headline", "Data PM"),
        ("profile:m7:location", "Lyon, France"),
        ("profile:m7:positions:0", "Data PM — Acme SA: Roadmaps."),
        ("profile:m7:positions:1", "Analyst"),
        ("profile:m7:education:0", "Master, Statistique — Université Lyon 2"),
        ("profile:m7:skills", "SQL, Gestion de projet"),
    ]
    assert flatten_profile("m8", None, None, None, [], [], []) == []


def test_snapshot_streams_bounded_batches(workspace: Workspace) -> None:
    created = dt.datetime(2019, 5, 1, tzinfo=UTC)
    insert_rows(
        workspace,
        [member(f"m{i}", created_at=created, skills=["Go"]) for i in range(5)],
        [content(f"c{i:02d}", f"m{i % 5}") for i in range(23)],
    )
    with workspace.session() as session:
        batches = list(iter_records(session, batch_size=8))
    assert all(b.num_rows <= 8 for b in batches) and len(batches) >= 4
    table = pa.Table.from_batches(batches)
    assert table.num_rows == 23 + 5 * 3
    profiles = table.filter(table["is_profile"]).to_pylist()
    assert {r["kind"] for r in profiles} == {"profile"}
    assert {r["created_at"] for r in profiles} == {created}
    assert table.schema.field("created_at").type == TIMESTAMP


def _table(rows: list[tuple[str, str, int]]) -> pa.Table:
    return pa.table(
        {
            "record_id": [r[0] for r in rows],
            "text": [r[1] for r in rows],
            "created_at": pa.array(
                [dt.datetime(2025, 1, r[2], tzinfo=UTC) for r in rows], TIMESTAMP
            ),
        }
    )


def test_dedup_keeps_the_earliest_then_the_lowest_record_id() -> None:
    table = _table(
        [
            ("b", "Hello   World", 2),
            ("a", "hello world", 3),
            ("d", " HELLO\nworld ", 2),
            ("c", "hello world!", 1),
            ("e", "other", 5),
        ]
    )
    kept, dropped = dedup_stage(table)
    assert dropped == 2
    assert sorted(kept["record_id"].to_pylist()) == ["b", "c", "e"]


@given(st.lists(st.tuples(st.sampled_from(["x", "X ", "y", "z"]), st.integers(1, 3)), max_size=12))
def test_dedup_matches_a_row_wise_rule(rows: list[tuple[str, int]]) -> None:
    table = _table([(f"r{i:02d}", text, day) for i, (text, day) in enumerate(rows)])
    kept, dropped = dedup_stage(table)
    best: dict[str, tuple[int, str]] = {}
    for i, (text, day) in enumerate(rows):
        key = text.strip().lower()
        best[key] = min(best.get(key, (day, f"r{i:02d}")), (day, f"r{i:02d}"))
    assert sorted(kept["record_id"].to_pylist()) == sorted(rid for _d, rid in best.values())
    assert dropped == len(rows) - len(best)


def test_shard_of_is_keyed_stable_and_balanced(tmp_path: object) -> None:
    key = b"k" * 32
    shards = [shard_of(f"m{i:06d}", 8, key) for i in range(8000)]
    assert shards == [shard_of(f"m{i:06d}", 8, key) for i in range(8000)]
    assert all(0 <= s < 8 for s in shards)
    assert min(shards.count(s) for s in range(8)) > 800
    assert shards != [shard_of(f"m{i:06d}", 8, b"o" * 32) for i in range(8000)]


def test_workspace_shard_key_is_created_once(sqlite_workspace: Workspace) -> None:
    key = load_or_create_key(sqlite_workspace.home)
    assert len(key) == 32 and load_or_create_key(sqlite_workspace.home) == key
    assert len(key_id(key)) == 16


def test_present_names_finds_names_in_either_order_ignoring_case_and_accents() -> None:
    index = MemberNameRecognizer(["Léa Moreau", "John Smith", "Cher"])
    alone = MemberNameRecognizer(["Léa Moreau"])
    lea = present_names(index, pa.array(["Thanks MOREAU Lea!", "nothing"]))
    assert lea and lea == present_names(alone, pa.array(["Thanks MOREAU Lea!", "nothing"]))
    john = present_names(index, pa.array(["hi SMITH JOHN"]))
    assert john and john != lea
    assert present_names(index, pa.array(["ends with John", "Smith starts this"])) == ""
    assert present_names(index, pa.array(["Cher ami"])) == ""  # one word: no key


def _fp(table: pa.Table, names: list[str]) -> str:
    records = records_digest(
        sort_by_record_id(table), shard=0, shards=8, key_id="k", redactor_id="r"
    )
    return shard_fingerprint(records, names_digest(names))


def test_fingerprint_depends_on_content_not_on_input_order() -> None:
    base = pa.table(
        {
            "record_id": ["b", "a"],
            "member_id": ["m1", "m2"],
            "kind": ["post", "post"],
            "text": ["two", "one"],
            "created_at": pa.array([dt.datetime(2025, 1, 1, tzinfo=UTC)] * 2, TIMESTAMP),
        }
    )
    assert _fp(base, []) == _fp(base.take([1, 0]), [])
    assert _fp(base, []) != _fp(base, ["Léa Moreau"])
    changed = base.set_column(3, "text", pa.array(["two", "one!"]))
    assert _fp(base, []) != _fp(changed, [])
    assert _fp(base.slice(0, 1), []) != _fp(base, [])


@pytest.mark.parametrize("shards", [1, 3])
def test_shard_count_bounds(shards: int) -> None:
    assert {shard_of(f"m{i}", shards, b"x") for i in range(200)} == set(range(shards))


def test_missing_ray_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from consentgate.errors import MissingDependencyError
    from consentgate.pipeline.executors import get_executor

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'consentgate\[ray\]'"):
        get_executor("ray")


def test_a_build_reads_one_snapshot(workspace: Workspace) -> None:
    from consentgate.db import read_snapshot

    insert_rows(workspace, [member("m1")], [content("c1", "m1")])
    with read_snapshot(workspace.engine) as session:
        first = pa.Table.from_batches(list(iter_records(session, 100)))
        # Another writer commits while the build reads: the build must not see it.
        insert_rows(workspace, [member("m2")], [content("c2", "m2")])
        again = pa.Table.from_batches(list(iter_records(session, 100)))
    assert again["record_id"].to_pylist() == first["record_id"].to_pylist()
    with workspace.session() as session:
        after = pa.Table.from_batches(list(iter_records(session, 100)))
    assert "c2" in after["record_id"].to_pylist()
