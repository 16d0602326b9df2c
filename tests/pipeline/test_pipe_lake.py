"""A lake snapshot (export --format parquet, synth --format parquet) builds the same dataset
files as the workspace database; the suppression list travels with it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from pipeline_helpers import content, insert_rows, member, read_dataset

from consentgate.cli import main
from consentgate.errors import ConfigError
from consentgate.network.export import export_lake
from consentgate.network.interchange import import_directory
from consentgate.network.lake import member_bucket
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import DatasetInfo, build_dataset
from consentgate.pipeline.sharding import KEY_FILE
from consentgate.workflows.erasure import erase_member
from consentgate.workspace import Workspace

AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
SHARDS = 4
# What may differ between a build from the database and one from a lake: where it read.
SOURCE_FIELDS = ("version", "created_at", "build", "source", "snapshot_marks", "ledger_head")


def _network(ws: Workspace, tmp: Path, members: int = 40) -> str:
    """A synthetic network with one erased member (whose name stays on the suppression list),
    named in a public post of a member who stays (record `cmention`)."""
    network = generate_network(members, seed=7)
    network.write_interchange(tmp / "jsonl")
    import_directory(ws, tmp / "jsonl")
    erased = next(m for m in network.members if m["member_id"] == "m000003")["name"]
    # A US adult with no event: used by default under linkedin-2025.
    mention = content("cmention", "mzz", text=f"Great talk by {erased} on data lakes.")
    insert_rows(ws, [member("mzz", name="Zoe Quill")], [mention])
    erase_member(ws, "m000003")
    return str(erased)


def _build(ws: Workspace, **kw: Any) -> DatasetInfo:
    return build_dataset(ws, as_of=AS_OF, policy="linkedin-2025", shards=SHARDS, **kw)


def _files(info: DatasetInfo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(info.path.glob("*.parquet"))}


def _manifest(info: DatasetInfo) -> dict[str, Any]:
    return {k: v for k, v in info.manifest.items() if k not in SOURCE_FIELDS}


def test_lake_build_is_byte_identical_to_database_build(
    workspace: Workspace, tmp_path: Path
) -> None:
    _network(workspace, tmp_path)
    lake = tmp_path / "lake"
    report = export_lake(workspace, str(lake), buckets=4)
    assert report.counts["suppressed"] > 0
    # Hive partitions by member bucket: every row sits in its member's bucket.
    for table in ("members", "content", "events"):
        for part in (lake / table).iterdir():
            bucket = int(part.name.split("=")[1])
            ids = pq.read_table(part)["member_id"].to_pylist()
            assert ids and all(member_bucket(m, 4) == bucket for m in ids)

    from_db = _build(workspace)
    from_lake = _build(workspace, source=str(lake))
    assert len(_files(from_db)) == SHARDS + 1  # the shards and lineage.parquet
    assert _files(from_lake) == _files(from_db)
    assert _manifest(from_lake) == _manifest(from_db)
    assert from_db.manifest["source"] == {"kind": "database", "ledger": "workspace"}
    assert from_lake.manifest["source"]["kind"] == "lake"
    assert from_lake.manifest["source"]["ledger"] == "workspace"
    assert from_lake.manifest["ledger_head"] == from_db.manifest["ledger_head"]
    # A file:// URI reads the same lake.
    from_uri = _build(workspace, source=lake.resolve().as_uri())
    assert _files(from_uri) == _files(from_db)


def test_lake_alone_gives_the_same_files_with_its_events_and_suppression_list(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    """A workspace without a ledger (another machine) decides from the lake's events and
    keeps the erased names redacted with the suppression list shipped in the lake."""
    ws = sqlite_workspace
    erased = _network(ws, tmp_path)
    lake = tmp_path / "lake"
    export_lake(ws, str(lake))
    reference = _build(ws)

    elsewhere = Workspace.open(tmp_path / "elsewhere")
    try:
        (elsewhere.home / KEY_FILE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ws.home / KEY_FILE, elsewhere.home / KEY_FILE)
        built = _build(elsewhere, source=str(lake))
    finally:
        elsewhere.close()
    assert built.manifest["source"]["ledger"] == "lake"
    assert built.manifest["ledger_head"] == reference.manifest["ledger_head"]
    assert built.manifest["suppression_digest"] == reference.manifest["suppression_digest"]
    assert _files(built) == _files(reference)
    assert _manifest(built) == _manifest(reference)
    texts = read_dataset(built.path)
    mention = texts.filter(pc.equal(texts["record_id"], "cmention"))["text"].to_pylist()
    assert mention and erased not in mention[0] and "[PERSON]" in mention[0]


def test_synth_lake_builds_and_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ["--home", str(tmp_path / "home")]
    lake = tmp_path / "synth-lake"
    args = ["synth", "-n", "30", "--seed", "3", "--out", str(lake), "--format", "parquet"]
    assert main([*home, *args]) == 0
    capsys.readouterr()
    manifest = json.loads((lake / "lake.json").read_text())
    assert manifest["counts"]["members"] == 30 and manifest["ledger_head"] is None
    assert main([*home, "build", "--source", str(lake), "--as-of", "2026-01-15T00:00:00+00:00",
                 "--json"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    built = json.loads((Path(out["path"]) / "manifest.json").read_text())
    assert built["source"]["ledger"] == "lake" and out["counts"]["written"] > 0

    bad = [
        (["build", "--source", str(tmp_path / "nowhere")], "no lake.json"),
        (["build", "--source", str(lake), "--parent", "v0001"], "always a full build"),
        ([*args], "already holds a lake"),
        (["synth", "-n", "3", "--format", "parquet"], "give --out DIR"),
        (["export", str(tmp_path / "x"), "--format", "csv"], "--format: 'csv'"),
        (["export", str(tmp_path / "y"), "--format", "parquet", "--buckets", "0"], "--buckets"),
    ]
    for argv, message in bad:
        capsys.readouterr()
        assert main([*home, *argv]) == 1, argv
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1, err


def test_partial_lake_is_refused(tmp_path: Path) -> None:
    """An export that died before lake.json leaves nothing a build will read."""
    lake = tmp_path / "lake"
    (lake / "members").mkdir(parents=True)
    ws = Workspace.open(tmp_path / "home")
    try:
        with pytest.raises(ConfigError, match="no lake.json"):
            _build(ws, source=str(lake))
        (lake / "lake.json").write_text('{"format": "something else"}')
        with pytest.raises(ConfigError, match="not a consentgate-lake/1 manifest"):
            _build(ws, source=str(lake))
    finally:
        ws.close()
