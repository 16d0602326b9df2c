"""The stages, as plain functions over Arrow tables: decide, redact, deduplicate.

Each takes what it needs as arguments (policy, decider, redactor) and returns new tables
plus counts; none keeps state between calls, so any executor can run them anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from consentgate.pipeline.schema import USED_SCHEMA
from consentgate.policy import Policy

DECIDE_COLUMNS = ("record_id", "member_id", "kind", "visibility", "created_at", "is_profile")
DecideFn = Callable[[pa.Table, pa.Table, Any, dt.datetime], pa.Array | pa.ChunkedArray]


class RedactionResultLike(Protocol):
    text: str


class RedactorLike(Protocol):
    """What the redaction stage needs: `consentgate.redact.Redactor` or any lookalike."""

    def redact_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> Sequence[RedactionResultLike]: ...


@dataclass(slots=True)
class MemberIndex:
    """Per-member columns the stages look records up in (ids sorted, shard and country)."""

    member_ids: pa.Array
    shard: pa.Array
    country: pa.Array

    def locate(self, member_ids: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Positions of these member ids in the index (null: not a member as of the snapshot)."""
        return pc.index_in(member_ids, value_set=self.member_ids)


@dataclass(slots=True)
class DecisionCounts:
    """What the decide stage saw, merged over batches for the manifest."""

    records: int = 0
    used: int = 0
    orphaned: int = 0
    excluded_by_reason: Counter[str] = field(default_factory=Counter)
    excluded_by_kind: Counter[str] = field(default_factory=Counter)
    excluded_by_region: Counter[str] = field(default_factory=Counter)

    def add(self, other: DecisionCounts) -> None:
        """Merge another count into this one (orphans included)."""
        self.records += other.records
        self.used += other.used
        self.orphaned += other.orphaned
        self.excluded_by_reason.update(other.excluded_by_reason)
        self.excluded_by_kind.update(other.excluded_by_kind)
        self.excluded_by_region.update(other.excluded_by_region)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DecisionCounts:
        """The inverse of `as_dict` (a manifest's per-shard `decided` entry)."""
        return cls(
            records=int(data["records"]),
            used=int(data["used"]),
            excluded_by_reason=Counter({k: int(v) for k, v in data["excluded_by_reason"].items()}),
            excluded_by_kind=Counter({k: int(v) for k, v in data["excluded_by_kind"].items()}),
            excluded_by_region=Counter({k: int(v) for k, v in data["excluded_by_region"].items()}),
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts (orphans are reported separately, for the whole build)."""
        return {
            "records": self.records,
            "used": self.used,
            "excluded": sum(self.excluded_by_reason.values()),
            "excluded_by_reason": dict(sorted(self.excluded_by_reason.items())),
            "excluded_by_kind": dict(sorted(self.excluded_by_kind.items())),
            "excluded_by_region": dict(sorted(self.excluded_by_region.items())),
        }


def _count(values: pa.Array | pa.ChunkedArray) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in pc.value_counts(values).to_pylist():
        counts[str(item["values"])] += int(item["counts"])
    return counts


def _count_per_shard(
    shard: pa.Array,
    used: pa.Array,
    reasons: pa.Array,
    kind: pa.ChunkedArray | pa.Array,
    region: pa.Array,
    by_shard: dict[int, DecisionCounts],
) -> None:
    """Add a batch's decisions to each shard's counts (grouped in Arrow, not per row)."""
    table = pa.table({"shard": shard, "used": used, "reason": reasons, "kind": kind,
                      "region": region})  # fmt: skip
    for row in table.group_by(["shard", "used"]).aggregate([("kind", "count")]).to_pylist():
        counts = by_shard.setdefault(int(row["shard"]), DecisionCounts())
        counts.records += int(row["kind_count"])
        if row["used"]:
            counts.used += int(row["kind_count"])
    excluded = table.filter(pc.invert(used))
    for column, field_name in (
        ("reason", "excluded_by_reason"),
        ("kind", "excluded_by_kind"),
        ("region", "excluded_by_region"),
    ):
        grouped = excluded.group_by(["shard", column]).aggregate([("used", "count")])
        for row in grouped.to_pylist():
            counts = by_shard.setdefault(int(row["shard"]), DecisionCounts())
            getattr(counts, field_name)[str(row[column])] += int(row["used_count"])


def decide_stage(
    batch: pa.RecordBatch,
    states: pa.Table,
    index: MemberIndex,
    policy: Policy,
    as_of: dt.datetime,
    decide: DecideFn,
    counts: DecisionCounts,
    by_shard: dict[int, DecisionCounts] | None = None,
) -> pa.Table:
    """The batch's used records with their shard, counting the excluded ones per reason.

    Records of a member absent from the state table (written after the snapshot began) are
    dropped and counted as orphaned: they do not exist as of the snapshot. With `by_shard`,
    the decisions are also counted per shard (what lets an incremental build keep the
    counts of the shards it does not re-decide).
    """
    table = pa.Table.from_batches([batch])
    pos = index.locate(table["member_id"])
    known = pc.is_valid(pos)
    counts.orphaned += len(table) - (pc.sum(pc.cast(known, pa.int64())).as_py() or 0)
    if not pc.all(known).as_py():
        table, pos = table.filter(known), pos.filter(known)
    counts.records += len(table)
    if not len(table):
        return USED_SCHEMA.empty_table().append_column("shard", pa.array([], pa.int32()))
    reasons = decide(table.select(list(DECIDE_COLUMNS)), states, policy, as_of)
    country = index.country.take(pos)
    if isinstance(reasons, pa.ChunkedArray):
        reasons = reasons.combine_chunks()
    used = pc.is_null(reasons)
    excluded = pc.invert(used)
    if by_shard is not None:
        region = pc.fill_null(country, "??")
        _count_per_shard(index.shard.take(pos), used, reasons, table["kind"], region, by_shard)
    if pc.any(excluded).as_py():
        counts.excluded_by_reason.update(_count(reasons.filter(excluded)))
        counts.excluded_by_kind.update(_count(table["kind"].filter(excluded)))
        counts.excluded_by_region.update(_count(pc.fill_null(country, "??").filter(excluded)))
    out = pa.Table.from_arrays(
        [table[name] for name in USED_SCHEMA.names[:-1]] + [country, index.shard.take(pos)],
        names=[*USED_SCHEMA.names, "shard"],
    ).filter(used)
    counts.used += len(out)
    return out


def sort_by_record_id(table: pa.Table) -> pa.Table:
    """Rows in record_id order (UTF-8 byte order): the canonical order of a shard."""
    if len(table) < 2:
        return table.combine_chunks()
    return table.take(pc.sort_indices(table, sort_keys=[("record_id", "ascending")]))


# Texts become Python strings (and redaction results) this many at a time: a shard's Arrow
# columns are compact, the same texts as Python objects with their spans are not.
TEXT_BATCH_ROWS = 8_192


def _slices(column: pa.Array | pa.ChunkedArray) -> Iterator[list[Any]]:
    """The column's values as Python lists of at most TEXT_BATCH_ROWS."""
    for start in range(0, len(column), TEXT_BATCH_ROWS):
        yield column.slice(start, TEXT_BATCH_ROWS).to_pylist()


def detect_stage(table: pa.Table, detect_language: Callable[[str], str]) -> pa.ChunkedArray:
    """The language of every record's (unredacted) text."""
    chunks = [
        pa.array([detect_language(t) for t in texts], pa.string())
        for texts in _slices(table["text"])
    ]
    return pa.chunked_array(chunks, pa.string())


def redact_stage(
    table: pa.Table, langs: pa.Array | pa.ChunkedArray, redactor: RedactorLike
) -> pa.Table:
    """The table with every text replaced by its redacted form."""
    chunks = [
        pa.array([r.text for r in redactor.redact_many(texts, slice_langs)], pa.string())
        for texts, slice_langs in zip(_slices(table["text"]), _slices(langs), strict=True)
    ]
    redacted = pa.chunked_array(chunks, pa.string())
    return table.set_column(table.schema.get_field_index("text"), "text", redacted)


def normalise(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Whitespace runs to one space, trimmed, lower-cased: the dedup comparison form."""
    collapsed = pc.replace_substring_regex(texts, pattern=r"\s+", replacement=" ")
    return pc.utf8_lower(pc.utf8_trim_whitespace(collapsed))


def dedup_stage(table: pa.Table) -> tuple[pa.Table, int]:
    """Drop exact duplicates (after normalisation): keep the earliest, then lowest record_id.

    Returns the kept rows (in no particular order) and how many were dropped.
    """
    if len(table) < 2:
        return table, 0
    order = pc.sort_indices(
        table, sort_keys=[("created_at", "ascending"), ("record_id", "ascending")]
    )
    ranked = table.take(order)
    keys = pa.table(
        {"key": normalise(ranked["text"]), "pos": pa.array(range(len(ranked)), pa.int64())}
    )
    first = keys.group_by("key", use_threads=False).aggregate([("pos", "min")])["pos_min"]
    kept = ranked.take(first.take(pc.sort_indices(first)))
    return kept, len(table) - len(kept)
