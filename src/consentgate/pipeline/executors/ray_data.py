"""A build from a lake as one Ray Data job: read, decide, shuffle by shard, build each shard.

`read_parquet` reads the lake's members and content; `map_batches` over Arrow batches turns
members into profile records and decides every record (`stages.decide_stage`), emitting
the used records with their shard and, per batch, one row of decision counts per shard;
`groupby("shard").map_groups` brings each shard's rows to one task, which fingerprints,
redacts, deduplicates and writes the shard file sorted by record_id with the same functions
as the local executor (`shardwork`), so the files are byte-identical. The driver holds the
member states (one row per member, columnar) and one result row per shard; no process holds
the network. Workers write into the build directory: on a cluster it must be on a
filesystem every node sees (docs/pipeline.md, "Deploying on a cluster").

Ray is optional (`pip install 'consentgate[ray]'`) and imported only here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from consentgate.pipeline.executors.ray import import_ray, quiet_ray
from consentgate.pipeline.lake import CONTENT_COLUMNS, PROFILE_COLUMNS, Lake
from consentgate.pipeline.schema import SNAPSHOT_SCHEMA, USED_SCHEMA
from consentgate.pipeline.sharding import key_id, shard_array
from consentgate.pipeline.shardwork import (
    ShardComponents,
    ShardTask,
    build_fingerprinted_shard,
    fingerprint_shard,
)
from consentgate.pipeline.snapshot import profile_batch
from consentgate.pipeline.stages import DecideFn, DecisionCounts, MemberIndex, decide_stage
from consentgate.policy import Policy
from consentgate.redact import NameIndex, SuppressionList

ORPHANS = -1  # the "shard" of the counts row of records whose member is not in the snapshot
DECIDED_SCHEMA = USED_SCHEMA.append(pa.field("shard", pa.int32())).append(
    pa.field("counts", pa.string())
)


def _profiles(batch: pa.Table) -> pa.Table:
    columns = [batch[name].to_pylist() for name in PROFILE_COLUMNS]
    return pa.Table.from_batches([profile_batch(zip(*columns, strict=True))], SNAPSHOT_SCHEMA)


def _content(batch: pa.Table) -> pa.Table:
    arrays = [batch[name] for name in CONTENT_COLUMNS]
    arrays.append(pa.chunked_array([pa.array([False] * batch.num_rows, pa.bool_())]))
    return pa.Table.from_arrays(arrays, schema=SNAPSHOT_SCHEMA)


@dataclass(frozen=True, slots=True)
class DecideContext:
    """What the decide operator needs: the member states, their index, the policy."""

    states: pa.Table
    index: MemberIndex
    policy: Policy
    as_of: dt.datetime
    decide: DecideFn


def _counts_rows(by_shard: dict[int, DecisionCounts], orphaned: int) -> pa.Table:
    shards = [*sorted(by_shard), ORPHANS]
    texts = [json.dumps(by_shard[s].as_dict()) for s in sorted(by_shard)]
    texts.append(json.dumps({"orphaned": orphaned}))
    n = len(shards)
    columns = [pa.nulls(n, f.type) for f in USED_SCHEMA]
    columns += [pa.array(shards, pa.int32()), pa.array(texts, pa.string())]
    return pa.Table.from_arrays(columns, schema=DECIDED_SCHEMA)


def _decide(batch: pa.Table, ctx: DecideContext) -> pa.Table:
    """The batch's used records with their shard, then its counts per shard (one row each)."""
    counts = DecisionCounts()
    by_shard: dict[int, DecisionCounts] = {}
    parts = []
    for record_batch in batch.combine_chunks().to_batches():
        used = decide_stage(
            record_batch, ctx.states, ctx.index, ctx.policy, ctx.as_of, ctx.decide, counts,
            by_shard,
        )  # fmt: skip
        parts.append(used.append_column("counts", pa.nulls(len(used), pa.string())))
    parts.append(_counts_rows(by_shard, counts.orphaned))
    return pa.concat_tables([p.cast(DECIDED_SCHEMA) for p in parts])


@dataclass(frozen=True, slots=True)
class ShardContext:
    """What a shard's task needs besides its rows (the same for every shard)."""

    shards: int
    key_id: str
    out_dir: Path
    index_ref: Any  # the member-name index, put in the object store once (ray.put)
    names_digest: str
    suppressed: SuppressionList
    components: ShardComponents

    def task(self, shard: int) -> ShardTask:
        # A node's workers map the index's arrays from its object store, without a copy.
        index: NameIndex = import_ray().get(self.index_ref)
        return ShardTask(
            shard=shard,
            shards=self.shards,
            key_id=self.key_id,
            spill=self.out_dir / "_spill" / f"shard-{shard:04d}.arrow",
            out_dir=self.out_dir,
            names=(),
            components=self.components,
            names_digest=self.names_digest,
            suppressed=self.suppressed,
            index=index,
        )


def build_one_shard(ctx: ShardContext, shard: int, records: pa.Table | None) -> dict[str, Any]:
    """Spill a shard's used records, then fingerprint and build it as the local executor does."""
    task = ctx.task(shard)
    if records is not None and len(records):
        with ipc.new_stream(task.spill, USED_SCHEMA) as writer:
            writer.write_table(records)
    printed = fingerprint_shard(task)
    return build_fingerprinted_shard((task, printed))


def _build_group(group: pa.Table, ctx: ShardContext) -> pa.Table:
    """One shard's rows (records and counts rows) -> its manifest entry as one JSON row."""
    shard = int(group["shard"][0].as_py())
    is_count = pc.is_valid(group["counts"])
    counts = [json.loads(text) for text in group.filter(is_count)["counts"].to_pylist()]
    if shard == ORPHANS:
        entry: dict[str, Any] = {"orphaned": sum(int(c["orphaned"]) for c in counts)}
    else:
        decided = DecisionCounts()
        for item in counts:
            decided.add(DecisionCounts.from_dict(item))
        records = group.filter(pc.invert(is_count)).select(USED_SCHEMA.names).cast(USED_SCHEMA)
        entry = {**build_one_shard(ctx, shard, records), "decided": decided.as_dict()}
    return pa.table({"shard": pa.array([shard], pa.int32()), "entry": [json.dumps(entry)]})


def build_from_lake(
    lake: Lake,
    states: pa.Table,
    *,
    policy: Policy,
    as_of: dt.datetime,
    shards: int,
    key: bytes,
    decide: DecideFn,
    index: NameIndex,
    shard_ctx_args: dict[str, Any],
    out_dir: Path,
    verbose: bool = False,
) -> tuple[dict[int, DecisionCounts], int, list[dict[str, Any]]]:
    """Decide and build every shard of the lake on Ray: (counts per shard, orphans, entries
    in shard order, each with its `decided` counts)."""
    ray = import_ray()
    shutdown = quiet_ray(ray, verbose)
    try:
        members = MemberIndex(
            member_ids=states["member_id"].combine_chunks(),
            shard=shard_array(states["member_id"], shards, key),
            country=states["country"].combine_chunks(),
        )
        decide_ctx = DecideContext(states, members, policy, as_of, decide)
        ctx = ShardContext(shards=shards, key_id=key_id(key), out_dir=out_dir,
                           index_ref=ray.put(index), **shard_ctx_args)  # fmt: skip
        read = {"filesystem": lake.fs, "partitioning": None}
        profiles = ray.data.read_parquet(f"{lake.root}/members", **read).select_columns(
            list(PROFILE_COLUMNS)
        )
        content = ray.data.read_parquet(f"{lake.root}/content", **read).select_columns(
            list(CONTENT_COLUMNS)
        )
        records = profiles.map_batches(_profiles, batch_format="pyarrow").union(
            content.map_batches(_content, batch_format="pyarrow")
        )
        decided = records.map_batches(_decide, fn_kwargs={"ctx": decide_ctx},
                                      batch_format="pyarrow")  # fmt: skip
        built = decided.groupby("shard").map_groups(
            _build_group, fn_kwargs={"ctx": ctx}, batch_format="pyarrow"
        )
        rows = built.take_all()
    finally:
        shutdown()
    entries = {int(r["shard"]): json.loads(r["entry"]) for r in rows}
    orphaned = int(entries.pop(ORPHANS, {}).get("orphaned", 0))
    # A shard no record fell into still gets its (empty) file, as with the local executor.
    for shard in range(shards):
        if shard not in entries:
            empty = DecisionCounts().as_dict()
            entries[shard] = {**build_one_shard(ctx, shard, None), "decided": empty}
    by_shard = {s: DecisionCounts.from_dict(e["decided"]) for s, e in entries.items()}
    return by_shard, orphaned, [entries[s] for s in range(shards)]
