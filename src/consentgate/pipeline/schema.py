"""Arrow schemas of the records that flow between stages and of the dataset's files."""

from __future__ import annotations

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")

# What the snapshot yields: one row per content record or flattened profile field.
SNAPSHOT_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("member_id", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("created_at", TIMESTAMP),
        ("visibility", pa.string()),
        ("is_profile", pa.bool_()),
    ]
)

# A used record on its way to its shard (country only feeds the manifest's region counts).
USED_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("member_id", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("created_at", TIMESTAMP),
        ("country", pa.string()),
    ]
)

# The columns of `shard-XXXX.parquet` (DESIGN.md's dataset contract, plus `lang`).
SHARD_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("member_id", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("created_at", TIMESTAMP),
        ("lang", pa.string()),
        ("shard", pa.int32()),
    ]
)

LINEAGE_SCHEMA = pa.schema(
    [("record_id", pa.string()), ("member_id", pa.string()), ("shard", pa.int32())]
)
