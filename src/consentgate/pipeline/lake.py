"""Reading a lake snapshot (`consentgate export --format parquet`) as a build's source.

The lake's layout and schemas are `consentgate.network.lake`'s; this module gives a build what
the database gives it: member ids and names, the members' columns the ledger's state needs,
the events, the suppression list shipped with the export, and the records in Arrow batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from consentgate.errors import ConfigError
from consentgate.ledger.arrow_state import EVENTS_ARROW_SCHEMA
from consentgate.ledger.signing import SignedHead
from consentgate.network.lake import (
    LAKE_FORMAT,
    LAKE_MANIFEST,
    SUPPRESSION_FILE,
    TABLES,
    open_filesystem,
)
from consentgate.pipeline.schema import SNAPSHOT_SCHEMA
from consentgate.pipeline.snapshot import DEFAULT_BATCH_SIZE, profile_batch
from consentgate.redact import SuppressedName, SuppressionList

PROFILE_COLUMNS = (
    "member_id", "created_at", "headline", "summary", "location", "positions", "education",
    "skills",
)  # fmt: skip
CONTENT_COLUMNS = ("record_id", "member_id", "kind", "text", "created_at", "visibility")
STATE_MEMBER_COLUMNS = ("member_id", "country", "birth_date", "created_at")


@dataclass(frozen=True, slots=True)
class Lake:
    """An opened lake: its filesystem, root and manifest (lake.json)."""

    uri: str
    fs: pafs.FileSystem
    root: str
    manifest: dict[str, Any]

    def dataset(self, table: str) -> pads.Dataset:
        """One of members, content, events as a hive-partitioned Parquet dataset."""
        return pads.dataset(
            f"{self.root}/{table}",
            filesystem=self.fs,
            format="parquet",
            partitioning="hive",
            schema=TABLES[table].append(pa.field("bucket", pa.int32())),
        )

    def read(self, table: str, columns: Sequence[str]) -> pa.Table:
        """Whole columns of a table (what every worker needs: ids, names, states' inputs)."""
        return self.dataset(table).to_table(columns=list(columns))

    def members_and_names(self) -> tuple[pa.Array, list[str]]:
        """Every member id and every member name, sorted (as `snapshot.members_and_names`)."""
        table = self.read("members", ("member_id", "name"))
        names = pc.drop_null(table["name"]).to_pylist()
        return table["member_id"].combine_chunks(), sorted(n for n in names if n)

    def events(self) -> pa.Table:
        """The snapshot's events, as `states_from_arrow` takes them."""
        return self.read("events", EVENTS_ARROW_SCHEMA.names).cast(EVENTS_ARROW_SCHEMA)

    def ledger_head(self) -> SignedHead | None:
        """The workspace ledger's signed head when the lake was exported (None for synth)."""
        head = self.manifest.get("ledger_head")
        return SignedHead.from_dict(head) if head else None

    def suppression(self) -> SuppressionList:
        """The suppression list shipped with the export (erased names as keyed hashes)."""
        table = pq.read_table(f"{self.root}/{SUPPRESSION_FILE}", filesystem=self.fs)
        entries = tuple(
            sorted(SuppressedName(r["key_hash"], r["first_hash"], r["words"])
                   for r in table.to_pylist())
        )  # fmt: skip
        key = bytes.fromhex(self.manifest["suppression"]["key"])
        listed = SuppressionList(key if entries else b"", entries)
        if entries and listed.digest != self.manifest["suppression"]["digest"]:
            raise ConfigError(f"{self.uri}: {SUPPRESSION_FILE} does not match {LAKE_MANIFEST}")
        return listed

    def iter_records(self, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[pa.RecordBatch]:
        """Profile records, then content records, in Arrow batches (as `snapshot.iter_records`)."""
        members = self.dataset("members")
        # A profile gives roughly 8 records: this keeps batches near batch_size rows.
        for batch in members.to_batches(columns=list(PROFILE_COLUMNS),
                                        batch_size=max(1, batch_size // 8)):  # fmt: skip
            columns = [batch.column(name).to_pylist() for name in PROFILE_COLUMNS]
            yield profile_batch(zip(*columns, strict=True))
        for batch in self.dataset("content").to_batches(
            columns=list(CONTENT_COLUMNS), batch_size=batch_size
        ):
            yield content_batch(batch)


def content_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A lake content batch as the snapshot's record batch."""
    arrays = [batch.column(name) for name in CONTENT_COLUMNS]
    arrays.append(pa.array([False] * batch.num_rows, pa.bool_()))
    return pa.RecordBatch.from_arrays(arrays, schema=SNAPSHOT_SCHEMA)


def open_lake(uri: str) -> Lake:
    """The lake at `uri`; a ConfigError naming it when it is missing, partial or foreign."""
    fs, root = open_filesystem(uri)
    try:
        with fs.open_input_stream(f"{root}/{LAKE_MANIFEST}") as handle:
            manifest = json.loads(handle.read())
    except FileNotFoundError:
        raise ConfigError(
            f"--source {uri}: no {LAKE_MANIFEST} (not a lake, or an export that did not finish)"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"--source {uri}: cannot read {LAKE_MANIFEST} ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != LAKE_FORMAT:
        raise ConfigError(f"--source {uri}: {LAKE_MANIFEST} is not a {LAKE_FORMAT} manifest")
    return Lake(uri, fs, root, manifest)
