"""A dataset build's files against the golden ones: shard rows, lineage, manifest, bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from golden_helpers import Golden, GoldenBuild

# What differs from one identical build to the next (clock, signatures), and the hashes of
# the redactor's source code (`redactor`, and the shard fingerprints and record digests
# that include it): a change to redact/'s code that keeps every span would change them.
VOLATILE = ("created_at", "build", "version")
LEDGER_HEAD_KEPT = ("key_id", "public_key", "tree_size", "v")
SHARD_VOLATILE = ("fingerprint", "records_digest")


def stable_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in manifest.items() if k not in VOLATILE}
    out["redactor"] = str(manifest["redactor"]).rsplit("/", 1)[0]
    head = manifest.get("ledger_head") or {}
    out["ledger_head"] = {k: head[k] for k in LEDGER_HEAD_KEPT if k in head}
    out["shard_files"] = [
        {k: v for k, v in entry.items() if k not in SHARD_VOLATILE}
        for entry in manifest["shard_files"]
    ]
    return out


def rows(table: pa.Table) -> list[dict[str, Any]]:
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
        for row in table.to_pylist()
    ]


def test_dataset_files_match_golden(golden: Golden, golden_build: GoldenBuild) -> None:
    path = golden_build.path
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    golden.check_json("dataset/manifest.json", stable_manifest(manifest))
    files = sorted(p.name for p in path.glob("*.parquet"))
    assert files == ["lineage.parquet"] + [f"shard-{s:04d}.parquet" for s in range(4)]
    for name in files:
        table = pq.read_table(path / name)
        golden.check_rows(f"dataset/{name.removesuffix('.parquet')}.jsonl", rows(table))
    digests = {name: hashlib.sha256((path / name).read_bytes()).hexdigest() for name in files}
    golden.check_json("dataset/sha256.json", {"pyarrow": pa.__version__, "files": digests})
