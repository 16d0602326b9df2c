"""Reading a dataset version as the pipeline writes it (DESIGN.md, "Dataset" contract).

The reader is lenient about the manifest's shape (the per-shard checksum key may be a
list of {shard, file, sha256} or a mapping) and computes what it cannot find.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from consentgate.errors import DatasetError
from consentgate.workspace import Workspace

SHARD_FILE = re.compile(r"^shard-(\d{4,})\.parquet$")
COLUMNS = ("record_id", "member_id", "kind", "text")


@dataclass(frozen=True, slots=True)
class Record:
    """One training record of a shard."""

    record_id: str
    member_id: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class DatasetView:
    """A dataset version on disk: its manifest, shard files and checksums."""

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


def dataset_path(ws: Workspace, version: str) -> Path:
    """The directory of a dataset version, or a one-line DatasetError."""
    path = ws.datasets_dir / version
    if not version or "/" in version or not (path / "manifest.json").is_file():
        raise DatasetError(f"unknown dataset version: {version!r} (no {path}/manifest.json)")
    return path


def open_dataset(ws: Workspace, version: str) -> DatasetView:
    """Open a dataset version for training."""
    path = dataset_path(ws, version)
    manifest = read_manifest(path)
    files = {int(m.group(1)): p for p in path.iterdir() if (m := SHARD_FILE.match(p.name))}
    count = _shard_count(manifest, files)
    declared = _declared_checksums(manifest)
    checksums = {}
    for shard in range(count):
        if shard in declared:
            checksums[shard] = declared[shard]
        elif shard in files:
            checksums[shard] = file_sha256(files[shard])
        else:
            checksums[shard] = "empty"
    return DatasetView(version, path, manifest, count, files, checksums)


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path / 'manifest.json'}: unreadable manifest: {exc}") from None
    if not isinstance(data, dict):
        raise DatasetError(f"{path / 'manifest.json'}: manifest is not a JSON object")
    return data


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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def latest_dataset(ws: Workspace) -> str:
    """The newest dataset version (by manifest created_at), or a one-line DatasetError."""
    try:  # the pipeline's own notion of "latest" wins when it is available
        from consentgate.pipeline.datasets import latest_dataset as pipeline_latest

        found = pipeline_latest(ws)
        if found is not None:
            return str(getattr(found, "version", found))
    except ImportError:
        pass
    candidates = []
    if ws.datasets_dir.is_dir():
        for path in ws.datasets_dir.iterdir():
            if (path / "manifest.json").is_file():
                manifest = read_manifest(path)
                candidates.append((str(manifest.get("created_at", "")), path.name))
    if not candidates:
        raise DatasetError(f"no dataset in {ws.datasets_dir}; run `consentgate build` first")
    return max(candidates)[1]


def _shard_count(manifest: dict[str, Any], files: dict[int, Path]) -> int:
    for key in ("shard_count", "num_shards", "shards"):
        value = manifest.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return max(value, max(files, default=-1) + 1)
        if isinstance(value, list | dict) and value:
            return max(len(value), max(files, default=-1) + 1)
    return max(files, default=-1) + 1


def _declared_checksums(manifest: dict[str, Any]) -> dict[int, str]:
    """Per-shard SHA-256 from the manifest, whatever shape the pipeline chose."""
    found: dict[int, str] = {}
    for key in ("shard_files", "shards", "checksums", "shard_checksums", "shard_sha256"):
        value = manifest.get(key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    digest = item.get("sha256") or item.get("checksum")
                    shard = item.get("shard", index)
                    if isinstance(digest, str) and isinstance(shard, int):
                        found[shard] = digest
        elif isinstance(value, dict):
            for name, item in value.items():
                digest = item.get("sha256") if isinstance(item, dict) else item
                shard = _shard_index(str(name))
                if isinstance(digest, str) and shard is not None:
                    found[shard] = digest
        if found:
            return found
    return found


def _shard_index(name: str) -> int | None:
    if name.isdigit():
        return int(name)
    match = SHARD_FILE.match(name) or re.match(r"^shard-(\d+)$", name)
    return int(match.group(1)) if match else None
