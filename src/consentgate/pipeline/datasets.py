"""The dataset format in one place: list versions, open one for reading, write one from rows.

`consentgate build` writes versions through `pipeline.build` (files written durably by
`pipeline.writer`); `write_rows` writes a version from given rows (the memorisation audit's
throwaway workspace, tests) with the same files, schema and keyed sharding. The command
line, training and the web app read versions only through this module.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from consentgate.errors import DatasetError
from consentgate.pipeline.fingerprint import FORMAT
from consentgate.pipeline.schema import LINEAGE_SCHEMA, SHARD_SCHEMA
from consentgate.pipeline.sharding import key_id, load_or_create_key, shard_array
from consentgate.pipeline.writer import (
    build_directory,
    publish_as,
    sha256_file,
    shard_name,
    write_json,
    write_lineage,
    write_shard,
)
from consentgate.workspace import Workspace

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SHARD_FILE = re.compile(r"^shard-(\d{4,})\.parquet$")
COLUMNS = ("record_id", "member_id", "kind", "text")
# The policy named in the manifest of a version written from rows: no policy decided it.
LOCAL_POLICY = "local"


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    """One dataset version: one line of `consentgate datasets list`, one row of the dashboard."""

    version: str
    path: Path
    as_of: str
    policy: str
    created_at: str
    parent: str | None
    used: int
    excluded: int
    records: int
    shards: int
    excluded_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Record:
    """One training record of a shard."""

    record_id: str
    member_id: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class DatasetView:
    """A dataset version on disk, opened for reading: manifest, shard files and checksums."""

    version: str
    path: Path
    manifest: dict[str, Any]
    shard_count: int
    files: dict[int, Path]
    checksums: dict[int, str]

    def records(self, shard: int) -> list[Record]:
        """The shard's records sorted by record_id (the deterministic data order)."""
        file = self.files.get(shard)
        return read_records(file) if file is not None else []

    def lineage_of(self, members: Collection[str]) -> pa.Table:
        """(member_id, shard) of every record of `members` (from the lineage, or the shards)."""
        lineage = self.path / "lineage.parquet"
        files = [lineage] if lineage.is_file() else list(self.files.values())
        wanted = pa.array(sorted(members), pa.string())
        parts = [
            table.filter(pc.is_in(table["member_id"], value_set=wanted))
            for table in (pq.read_table(f, columns=["member_id", "shard"]) for f in files)
        ]
        return pa.concat_tables(parts) if parts else LINEAGE_SCHEMA.empty_table()

    def records_by_member(self) -> dict[str, list[tuple[str, str, int]]]:
        """member_id -> [(record_id, kind, shard)] of every record."""
        found: dict[str, list[tuple[str, str, int]]] = {}
        for shard, file in self.files.items():
            table = pq.read_table(file, columns=["record_id", "member_id", "kind"])
            rows = zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True)
            for record_id, member_id, kind in rows:
                found.setdefault(str(member_id), []).append((str(record_id), str(kind), shard))
        return found


@dataclass(frozen=True, slots=True)
class Row:
    """One record to write with `write_rows`."""

    record_id: str
    member_id: str
    kind: str
    text: str
    created_at: str = "2025-11-03T00:00:00+00:00"


def version_key(name: str) -> tuple[int, str]:
    """Versions in build order: numbered ones (v0001, d2) by number, others before, by name."""
    digits = name[1:]
    return (int(digits) if digits.isdigit() else -1, name)


def _check_version(version: str) -> None:
    if not version or "/" in version or version.startswith("."):
        raise DatasetError(f"{version!r} is not a dataset version (e.g. v0001)")


def load_manifest(ws: Workspace, version: str) -> dict[str, Any]:
    """The manifest of dataset `version`; DatasetError if there is no such dataset."""
    _check_version(version)
    path = ws.datasets_dir / version / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"no dataset version {version} in {ws.datasets_dir}") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}:{exc.lineno}: malformed manifest: {exc.msg}") from None
    if not isinstance(manifest, dict):
        raise DatasetError(f"{path}: the manifest is not a JSON object")
    return manifest


def _summary(path: Path, m: dict[str, Any]) -> DatasetSummary:
    counts = m.get("counts", {})
    by_reason = counts.get("excluded_by_reason", {})
    return DatasetSummary(
        version=path.name,
        path=path,
        as_of=m.get("as_of", ""),
        policy=m.get("policy", ""),
        created_at=m.get("created_at", ""),
        parent=m.get("parent"),
        used=int(counts.get("used", 0)),
        excluded=int(counts.get("excluded", 0)),
        records=int(counts.get("written", 0)),
        shards=int(m.get("shards", 0)),
        excluded_by_reason={str(k): int(v) for k, v in by_reason.items()},
    )


def list_datasets(ws: Workspace, *, skip_unreadable: bool = False) -> list[DatasetSummary]:
    """Every dataset version, oldest first; with `skip_unreadable`, a version whose manifest
    cannot be read is left out instead of raising DatasetError."""
    if not ws.datasets_dir.is_dir():
        return []
    out = []
    for path in sorted(ws.datasets_dir.iterdir(), key=lambda p: version_key(p.name)):
        if path.name.startswith(".") or not (path / MANIFEST).is_file():
            continue
        try:
            out.append(_summary(path, load_manifest(ws, path.name)))
        except (DatasetError, TypeError, ValueError, AttributeError):
            if not skip_unreadable:
                raise
    return out


def latest_dataset(ws: Workspace) -> str | None:
    """The newest dataset version, or None before the first build."""
    versions = list_datasets(ws)
    return versions[-1].version if versions else None


def open_dataset(ws: Workspace, version: str) -> DatasetView:
    """Open a dataset version for reading its records."""
    _check_version(version)
    path = ws.datasets_dir / version
    if not (path / MANIFEST).is_file():
        raise DatasetError(f"unknown dataset version: {version!r} (no {path}/{MANIFEST})")
    manifest = load_manifest(ws, version)
    files = {int(m.group(1)): p for p in path.iterdir() if (m := SHARD_FILE.match(p.name))}
    count = max(int(manifest.get("shards", 0)), max(files, default=-1) + 1)
    declared = {
        int(entry["shard"]): str(entry["sha256"])
        for entry in manifest.get("shard_files", [])
        if isinstance(entry, dict) and entry.get("sha256")
    }
    checksums = {}
    for shard in range(count):
        if shard in declared:
            checksums[shard] = declared[shard]
        elif shard in files:
            checksums[shard] = sha256_file(files[shard])
        else:
            checksums[shard] = "empty"
    return DatasetView(version, path, manifest, count, files, checksums)


def read_records(file: Path) -> list[Record]:
    """Records of one shard file, sorted by record_id."""
    try:
        table = pq.read_table(file, columns=list(COLUMNS))
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise DatasetError(f"{file}: unreadable shard: {exc}") from None
    rows = zip(*(table.column(c).to_pylist() for c in COLUMNS), strict=True)
    records = [Record(str(r), str(m), str(k), t or "") for r, m, k, t in rows]
    records.sort(key=lambda rec: rec.record_id)
    return records


def dataset_members(dataset: DatasetView) -> set[str]:
    """Every member id of a version (from its lineage, or its shards without one)."""
    lineage = dataset.path / "lineage.parquet"
    files = [lineage] if lineage.is_file() else list(dataset.files.values())
    members: set[str] = set()
    for file in files:
        members.update(str(m) for m in pq.read_table(file, columns=["member_id"])[0].to_pylist())
    return members


def member_records(path: Path, member_id: str) -> Counter[str]:
    """How many of a member's records the dataset version at `path` holds, by kind.

    Empty when the version holds none or its files cannot be read (logged): the web app
    shows what it can read rather than an error page.
    """
    kinds: Counter[str] = Counter()
    shards = sorted(path.glob("shard-*.parquet"))
    try:
        if shards:
            for shard in shards:
                table = pq.read_table(
                    shard, columns=["member_id", "kind"], filters=[("member_id", "=", member_id)]
                )
                kinds.update(str(k) for k in table.column("kind").to_pylist())
            return kinds
        lineage = path / "lineage.parquet"
        if lineage.is_file():
            table = pq.read_table(lineage, columns=["member_id", "record_id"])
            mine = table.filter(pc.equal(table.column("member_id"), member_id))
            for record_id in mine.column("record_id").to_pylist():
                kinds["profile" if str(record_id).startswith("profile:") else "content"] += 1
    except (OSError, KeyError, ValueError) as exc:
        log.warning("%s: cannot read lineage (%s)", path, exc)
    return kinds


def write_rows(
    ws: Workspace, version: str, rows: Sequence[Row], *, shards: int, parent: str | None = None
) -> Path:
    """Write `rows` as dataset `version` (shards, lineage, manifest), whole or not at all.

    Members go to shards by the workspace's keyed sharding, as in a build; the records are
    not decided, redacted or deduplicated, and their language is `und`.
    """
    _check_version(version)
    key = load_or_create_key(ws.home)
    table = _rows_table(rows)
    shard_of_row = shard_array(table["member_id"], shards, key)
    with build_directory(ws.datasets_dir) as tmp:
        entries: list[dict[str, Any]] = []
        for shard in range(shards):
            part = table.filter(pc.equal(shard_of_row, shard))
            part = part.take(pc.sort_indices(part, sort_keys=[("record_id", "ascending")]))
            part = part.append_column("shard", pa.array([shard] * len(part), pa.int32()))
            sha = write_shard(part, tmp / shard_name(shard))
            entries.append(
                {"shard": shard, "file": shard_name(shard), "records": len(part), "sha256": sha}
            )
        write_lineage([tmp / e["file"] for e in entries], tmp / "lineage.parquet")
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        manifest = {
            "format": FORMAT,
            "version": version,
            "as_of": now,
            "policy": LOCAL_POLICY,
            "created_at": now,
            "parent": parent,
            "shards": shards,
            "shard_key_id": key_id(key),
            "counts": {"used": len(rows), "excluded": 0, "written": len(rows)},
            "shard_files": entries,
        }
        write_json(tmp / MANIFEST, manifest)
        return publish_as(tmp, ws.datasets_dir, version)


def _rows_table(rows: Sequence[Row]) -> pa.Table:
    return pa.table(
        {
            "record_id": pa.array([r.record_id for r in rows], pa.string()),
            "member_id": pa.array([r.member_id for r in rows], pa.string()),
            "kind": pa.array([r.kind for r in rows], pa.string()),
            "text": pa.array([r.text for r in rows], pa.string()),
            "created_at": pa.array(
                [dt.datetime.fromisoformat(r.created_at) for r in rows], SHARD_SCHEMA.field(4).type
            ),
            "lang": pa.array(["und"] * len(rows), pa.string()),
        }
    )
