"""A minimal writer of datasets in the pipeline's format, for the self-contained audit and tests.

The real datasets come from `consentgate build` (consentgate.pipeline); this writer lets the
memorisation audit run in a throwaway workspace without a member database or a policy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from consentgate.training.dataset import file_sha256
from consentgate.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Row:
    """One record to write."""

    record_id: str
    member_id: str
    kind: str
    text: str
    created_at: str = "2025-11-03T00:00:00+00:00"


def member_shard(member_id: str, shards: int) -> int:
    """Shard of a member: every record of a member lives in one shard (SISA)."""
    return int.from_bytes(hashlib.sha256(member_id.encode()).digest()[:4], "big") % shards


def write_dataset(
    ws: Workspace,
    version: str,
    rows: Sequence[Row],
    *,
    shards: int,
    parent: str | None = None,
) -> Path:
    """Write datasets/<version>/ (shard files, manifest.json, lineage.parquet) atomically."""
    ws.datasets_dir.mkdir(parents=True, exist_ok=True)
    target = ws.datasets_dir / version
    staging = ws.datasets_dir / f".tmp-{version}"
    staging.mkdir()
    by_shard: dict[int, list[Row]] = {s: [] for s in range(shards)}
    for row in sorted(rows, key=lambda r: r.record_id):
        by_shard[member_shard(row.member_id, shards)].append(row)
    entries = []
    for shard, shard_rows in by_shard.items():
        file = staging / f"shard-{shard:04d}.parquet"
        pq.write_table(_table(shard_rows, shard), file)
        entries.append(
            {
                "shard": shard,
                "file": file.name,
                "sha256": file_sha256(file),
                "records": len(shard_rows),
            }
        )
    lineage = pa.table(
        {
            "record_id": [r.record_id for r in rows],
            "member_id": [r.member_id for r in rows],
            "shard": [member_shard(r.member_id, shards) for r in rows],
        }
    )
    pq.write_table(lineage, staging / "lineage.parquet")
    manifest = {
        "version": version,
        "as_of": dt.datetime.now(dt.UTC).isoformat(),
        "policy": "local",
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "counts": {"included": len(rows), "excluded": {}},
        "shard_count": shards,
        "shards": entries,
        "parent": parent,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(staging, target)
    return target


def _table(rows: Sequence[Row], shard: int) -> pa.Table:
    return pa.table(
        {
            "record_id": pa.array([r.record_id for r in rows], pa.string()),
            "member_id": pa.array([r.member_id for r in rows], pa.string()),
            "kind": pa.array([r.kind for r in rows], pa.string()),
            "text": pa.array([r.text for r in rows], pa.string()),
            "created_at": pa.array([r.created_at for r in rows], pa.string()),
            "shard": pa.array([shard] * len(rows), pa.int32()),
        }
    )
