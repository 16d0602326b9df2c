"""A lake snapshot: members, content and events as hive-partitioned Parquet, made for building.

Layout under the lake's root (a local directory or any URI pyarrow's filesystems write):

    members/bucket=<b>/part-0.parquet   content/bucket=<b>/...   events/bucket=<b>/...
    suppression.parquet                 lake.json (written last: a lake without it is partial)

`b` is `member_bucket(member_id, buckets)`: a member's profile, content and events share a
bucket, so a reader can take one bucket of the three tables and hold one slice of the network.
The columns are the interchange fields (docs/network.md), typed: timestamps in UTC, the
birth date a date, positions and education lists of structs, an event's `value` a string
("true"/"false" for a setting, "accept"/"refuse" for a notice response). A lake is a copy made
for building: salaries and passwords, which no build reads, stay in the workspace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from consentgate.errors import ConfigError
from consentgate.redact import SuppressionList

LAKE_FORMAT = "consentgate-lake/1"
LAKE_MANIFEST = "lake.json"
SUPPRESSION_FILE = "suppression.parquet"
DEFAULT_BUCKETS = 16
ROW_GROUP = 50_000
UTC_US = pa.timestamp("us", tz="UTC")

POSITION = pa.struct(
    [(name, pa.string()) for name in ("company", "title", "description", "started_on",
                                      "finished_on")]
)  # fmt: skip
EDUCATION = pa.struct([(name, pa.string()) for name in ("school", "degree", "field")])

MEMBERS_SCHEMA = pa.schema(
    [
        ("member_id", pa.string()),
        ("name", pa.string()),
        ("email", pa.string()),
        ("phone", pa.string()),
        ("birth_date", pa.date32()),
        ("country", pa.string()),
        ("created_at", UTC_US),
        ("headline", pa.string()),
        ("summary", pa.string()),
        ("location", pa.string()),
        ("positions", pa.list_(POSITION)),
        ("education", pa.list_(EDUCATION)),
        ("skills", pa.list_(pa.string())),
    ]
)
CONTENT_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("member_id", pa.string()),
        ("kind", pa.string()),
        ("text", pa.string()),
        ("created_at", UTC_US),
        ("visibility", pa.string()),
        ("parent_id", pa.string()),
        ("group_id", pa.string()),
    ]
)
EVENTS_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("member_id", pa.string()),
        ("at", UTC_US),
        ("type", pa.string()),
        ("value", pa.string()),
        ("policy_version", pa.string()),
        ("channel", pa.string()),
    ]
)
SUPPRESSION_SCHEMA = pa.schema(
    [("key_hash", pa.string()), ("first_hash", pa.string()), ("words", pa.int32())]
)
TABLES = {"members": MEMBERS_SCHEMA, "content": CONTENT_SCHEMA, "events": EVENTS_SCHEMA}


def member_bucket(member_id: str, buckets: int) -> int:
    """The lake bucket of a member: BLAKE2b-64 of the id, modulo the bucket count."""
    digest = hashlib.blake2b(member_id.encode(), digest_size=8, person=b"cg-lake").digest()
    return int.from_bytes(digest, "big") % buckets


def open_filesystem(uri: str) -> tuple[pafs.FileSystem, str]:
    """The pyarrow filesystem and root path of a lake: a local path, or a URI (s3://, file://)."""
    try:
        if "://" in uri:
            fs, path = pafs.FileSystem.from_uri(uri)
            return fs, path.rstrip("/")
        return pafs.LocalFileSystem(), str(Path(uri).expanduser().resolve())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise ConfigError(f"{uri}: not a filesystem pyarrow can open ({exc})") from None


def _utc(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    instant = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(dt.UTC)


def _event_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _member_row(row: dict[str, Any]) -> dict[str, Any]:
    birth = row.get("birth_date")
    return {
        **{name: row.get(name) for name in MEMBERS_SCHEMA.names},
        "birth_date": dt.date.fromisoformat(birth) if isinstance(birth, str) else birth,
        "created_at": _utc(row.get("created_at")),
    }


def _content_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: row.get(name) for name in CONTENT_SCHEMA.names},
        "created_at": _utc(row.get("created_at")),
    }


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: row.get(name) for name in EVENTS_SCHEMA.names},
        "at": _utc(row.get("at")),
        "value": _event_value(row.get("value")),
    }


CONVERT = {"members": _member_row, "content": _content_row, "events": _event_row}


@dataclass(slots=True)
class _BucketWriters:
    """One Parquet writer per bucket of one table, fed in row groups of ROW_GROUP rows."""

    fs: pafs.FileSystem
    root: str
    table: str
    buckets: int
    pending: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    writers: dict[int, pq.ParquetWriter] = field(default_factory=dict)
    rows: int = 0

    def add(self, row: dict[str, Any]) -> None:
        bucket = member_bucket(str(row["member_id"]), self.buckets)
        self.pending.setdefault(bucket, []).append(CONVERT[self.table](row))
        self.rows += 1
        if len(self.pending[bucket]) >= ROW_GROUP:
            self._flush(bucket)

    def _flush(self, bucket: int) -> None:
        rows = self.pending.pop(bucket, [])
        if not rows:
            return
        if bucket not in self.writers:
            directory = f"{self.root}/{self.table}/bucket={bucket}"
            self.fs.create_dir(directory, recursive=True)
            self.writers[bucket] = pq.ParquetWriter(
                f"{directory}/part-0.parquet", TABLES[self.table], filesystem=self.fs
            )
        self.writers[bucket].write_table(pa.Table.from_pylist(rows, TABLES[self.table]))

    def close(self) -> None:
        for bucket in sorted(self.pending):
            self._flush(bucket)
        for writer in self.writers.values():
            writer.close()


@dataclass(slots=True)
class LakeReport:
    """What an export wrote."""

    uri: str
    counts: dict[str, int]

    def summary(self) -> str:
        c = self.counts
        return (
            f"exported {c['members']} members, {c['content']} content records, "
            f"{c['events']} events, {c['suppressed']} suppressed names to the lake {self.uri}"
        )


def write_lake(
    uri: str,
    tables: Mapping[str, Iterable[dict[str, Any]]],
    *,
    source: str,
    suppression: SuppressionList | None = None,
    ledger_head: dict[str, Any] | None = None,
    buckets: int = DEFAULT_BUCKETS,
) -> LakeReport:
    """Write interchange rows (members, content, events) as a lake at `uri`; lake.json last.

    Refuses a root that already holds a lake (a lake is written once, never merged into).
    """
    if buckets < 1 or buckets > 4096:
        raise ConfigError(f"--buckets: {buckets} is not between 1 and 4096")
    fs, root = open_filesystem(uri)
    if fs.get_file_info(f"{root}/{LAKE_MANIFEST}").type != pafs.FileType.NotFound:
        raise ConfigError(f"{uri}: already holds a lake ({LAKE_MANIFEST}); export to a new place")
    fs.create_dir(root, recursive=True)
    counts: dict[str, int] = {}
    for name in TABLES:
        writers = _BucketWriters(fs, root, name, buckets)
        try:
            for row in tables[name]:
                writers.add(row)
        finally:
            writers.close()
        counts[name] = writers.rows
    listed = suppression or SuppressionList(b"")
    entries = pa.Table.from_pylist(
        [{"key_hash": e.key_hash, "first_hash": e.first_hash, "words": e.words}
         for e in listed.entries],
        SUPPRESSION_SCHEMA,
    )  # fmt: skip
    pq.write_table(entries, f"{root}/{SUPPRESSION_FILE}", filesystem=fs)
    counts["suppressed"] = len(listed)
    manifest = {
        "format": LAKE_FORMAT,
        "source": source,
        "buckets": buckets,
        "counts": counts,
        "ledger_head": ledger_head,
        # The suppression list is keyed: a reader needs the key to redact erased names.
        "suppression": {"key": listed.key.hex(), "digest": listed.digest},
    }
    with fs.open_output_stream(f"{root}/{LAKE_MANIFEST}") as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n")
    return LakeReport(uri, counts)
