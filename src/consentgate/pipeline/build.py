"""`build_dataset`: plan -> decide -> shard -> publish.

Plan reads, in one database snapshot, what the build depends on (journal marks, ledger head,
member names, suppression list) and, with a parent, which shards must be decided again
(`incremental.plan`). Decide streams those shards' records in batches, decides each and
spills the used ones to one Arrow IPC file per shard inside the build directory (memory:
one batch). Shard fingerprints every decided shard, then builds those it cannot reuse,
each through an executor. Publish writes the lineage, manifest and card and renames the
build directory into place atomically (see docs/pipeline.md).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from consentgate.errors import ConfigError
from consentgate.ledger.signing import SignedHead
from consentgate.pipeline import incremental, snapshot
from consentgate.pipeline.card import render_card
from consentgate.pipeline.components import BuildComponents, default_components
from consentgate.pipeline.datasets import load_manifest
from consentgate.pipeline.executors import Executor, get_executor, ray_data
from consentgate.pipeline.fingerprint import names_digest
from consentgate.pipeline.lake import Lake
from consentgate.pipeline.manifest import build_manifest, stage_seconds
from consentgate.pipeline.purge import purge_erased
from consentgate.pipeline.sharding import key_id, load_or_create_key, shard_array
from consentgate.pipeline.shardwork import (
    ParentShard,
    ShardTask,
    build_fingerprinted_shard,
    fingerprint_shard,
    reuse_parent_shard,
)
from consentgate.pipeline.sources import Source, open_source
from consentgate.pipeline.stages import DecisionCounts, MemberIndex, decide_stage
from consentgate.pipeline.writer import (
    build_directory,
    publish,
    write_json,
    write_lineage,
    write_text,
)
from consentgate.policy import Policy, load_policy
from consentgate.policy.changes import policy_digest
from consentgate.redact import NameIndex, SuppressionList
from consentgate.workspace import Workspace

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """A published dataset version."""

    version: str
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """What the plan step read in the build's snapshot, and which shards to decide again."""

    source: dict[str, Any]
    policy: Policy
    as_of: dt.datetime
    shards: int
    key: bytes
    parent: incremental.Parent | None
    marks: dict[str, Any]
    ledger_head: SignedHead | None
    names: tuple[str, ...]
    names_digest: str
    suppressed: SuppressionList
    incremental: incremental.Plan | None

    @property
    def partial(self) -> bool:
        """Whether only the changed members' shards are decided (the others are reused)."""
        return self.incremental is not None and self.incremental.mode == incremental.CHANGES

    @property
    def members(self) -> list[str] | None:
        """The members whose records are decided again; None for every member."""
        return self.incremental.members if self.partial and self.incremental else None

    @property
    def decided(self) -> Sequence[int]:
        """The shards decided again, in order."""
        if self.partial and self.incremental is not None:
            return sorted(self.incremental.rebuild)
        return range(self.shards)

    def parent_shards(self) -> dict[int, ParentShard]:
        """The parent's shards, when its sharding matches (otherwise nothing can be reused)."""
        if self.parent is None or int(self.parent.manifest.get("shards", 0)) != self.shards:
            return {}
        return self.parent.shards


@dataclass(slots=True)
class Decided:
    """The decide step's counts: per shard, and the records whose member is gone."""

    by_shard: dict[int, DecisionCounts]
    orphaned: int


def resolve_policy(policy: Policy | str | Path) -> Policy:
    """A policy object from a preset name or file path (objects pass through)."""
    return load_policy(str(policy)) if isinstance(policy, str | Path) else policy


def build_dataset(
    ws: Workspace,
    *,
    as_of: dt.datetime,
    policy: Policy | str | Path,
    shards: int = 8,
    parent: str | None = None,
    executor: str = "local",
    progress: Progress | bool = False,
    batch_size: int = snapshot.DEFAULT_BATCH_SIZE,
    components: BuildComponents | None = None,
    source: str | None = None,
    verbose: bool = False,
) -> DatasetInfo:
    """Build and publish a new dataset version as of `as_of` under `policy`.

    With `parent`, shards whose input fingerprint equals the parent's are reused byte for byte;
    the result is identical to a full build either way. With `source`, the network is read
    from the lake snapshot there (a path or URI) instead of the workspace database; with a
    lake and the `ray` executor the whole build is one Ray Data job (INFO logs: `verbose`).
    """
    if shards < 1 or shards > 9999:
        raise ConfigError(f"--shards: {shards} is not between 1 and 9999")
    if as_of.tzinfo is None:
        raise ConfigError("--as-of: the time must carry a UTC offset")
    if source is not None and parent is not None:
        raise ConfigError(
            "--parent: an incremental build reads the workspace's change journal; "
            "a build from a lake (--source) is always a full build"
        )
    report = progress if callable(progress) else None
    runner = get_executor(executor)
    parts = components or default_components()
    key = load_or_create_key(ws.home)
    # An erasure interrupted before its datasets were rewritten is finished first.
    purge_erased(ws)
    parent_info = (
        incremental.load_parent(ws.datasets_dir, parent, load_manifest(ws, parent))
        if parent else None
    )  # fmt: skip
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with build_directory(ws.datasets_dir) as tmp:
        spill = tmp / "_spill"
        spill.mkdir()
        with open_source(ws, source, parts) as src:
            plan = plan_build(src, resolve_policy(policy), as_of, shards, key, parent_info, parts)
            timings["plan"] = time.perf_counter() - started
            if runner.name == "ray" and src.lake is not None:
                decided, results = _build_on_ray(src.lake, src, plan, parts, tmp, verbose)
            else:
                decided = decide_records(src, spill, plan, parts, batch_size, report)
                results = []
        timings["snapshot_decide"] = time.perf_counter() - started - timings["plan"]
        results = results or build_shards(runner, plan, decided, parts, tmp, report)
        timings["shards"] = time.perf_counter() - started - sum(timings.values())
        shutil.rmtree(spill)
        version, path, manifest = publish_dataset(
            tmp, ws, plan, results, decided.orphaned, parent, parts, runner, timings
        )
    # A member erased after this build's snapshot may be in it: their erasure's purge did
    # not see this version yet.
    if purge_erased(ws, versions=[version]):
        manifest = load_manifest(ws, version)
    return DatasetInfo(version, path, manifest)


def _build_on_ray(
    lake: Lake, src: Source, plan: BuildPlan, parts: BuildComponents, tmp: Path, verbose: bool
) -> tuple[Decided, list[dict[str, Any]]]:
    """Decide and build every shard of a lake as one Ray Data job (`executors.ray_data`)."""
    shard_args = {"names_digest": plan.names_digest, "suppressed": plan.suppressed,
                  "components": parts.shard}  # fmt: skip
    by_shard, orphaned, results = ray_data.build_from_lake(
        lake, src.states(plan.as_of, plan.policy, None), policy=plan.policy, as_of=plan.as_of,
        shards=plan.shards, key=plan.key, decide=parts.decide, shard_ctx_args=shard_args,
        index=NameIndex.build(plan.names, plan.suppressed),
        out_dir=tmp, verbose=verbose,
    )  # fmt: skip
    return Decided(by_shard, orphaned), results


def plan_build(
    src: Source,
    policy: Policy,
    as_of: dt.datetime,
    shards: int,
    key: bytes,
    parent: incremental.Parent | None,
    parts: BuildComponents,
) -> BuildPlan:
    """Read what the build depends on in its snapshot; with a parent, what to decide again."""
    names = src.names
    all_names = names_digest(names)
    suppressed = src.suppressed
    the_plan = incremental.plan(
        src.session,  # type: ignore[arg-type]  # None only for a lake, which has no parent
        parent,
        policy=policy,
        as_of=as_of,
        shards=shards,
        key=key,
        key_id=key_id(key),
        redactor_id=parts.shard.redactor_id,
        names_digest=all_names,
        suppression_digest=suppressed.digest if suppressed else None,
        marks=src.marks,
        member_ids=src.member_ids,
    )
    return BuildPlan(
        source=src.describe,
        policy=policy,
        as_of=as_of,
        shards=shards,
        key=key,
        parent=parent,
        marks=src.marks,
        # The signed head of this snapshot's ledger, copied into the manifest.
        ledger_head=src.ledger_head,
        names=tuple(names),
        names_digest=all_names,
        suppressed=suppressed,
        incremental=the_plan,
    )


def decide_records(
    src: Source,
    spill_dir: Path,
    plan: BuildPlan,
    parts: BuildComponents,
    batch_size: int,
    progress: Progress | None,
) -> Decided:
    """Decide every record of the decided shards, spilling used ones to one file per shard."""
    if not plan.decided:
        return Decided({}, 0)
    counts = DecisionCounts()
    by_shard: dict[int, DecisionCounts] = {}
    members = plan.members
    states = src.states(plan.as_of, plan.policy, members)
    index = MemberIndex(
        member_ids=states["member_id"].combine_chunks(),
        shard=shard_array(states["member_id"], plan.shards, plan.key),
        country=states["country"].combine_chunks(),
    )
    with ExitStack() as stack:
        writers: dict[int, Any] = {}
        for batch in src.records(batch_size, members):
            used = decide_stage(
                batch, states, index, plan.policy, plan.as_of, parts.decide, counts, by_shard
            )
            _route(used, spill_dir, writers, stack)
            if progress:
                progress("decide", counts.records + counts.orphaned, None)
    return Decided(by_shard, counts.orphaned)


def _route(used: pa.Table, spill_dir: Path, writers: dict[int, Any], stack: ExitStack) -> None:
    """Append a batch's used records to their shards' spill files."""
    if not len(used):
        return
    shard_col = used["shard"]
    for shard in pc.unique(shard_col).to_pylist():
        part = used.filter(pc.equal(shard_col, shard)).drop_columns(["shard"])
        if shard not in writers:
            path = spill_dir / f"shard-{shard:04d}.arrow"
            writers[shard] = stack.enter_context(ipc.new_stream(path, part.schema))
        writers[shard].write_table(part)


def _tasks(plan: BuildPlan, parts: BuildComponents, tmp: Path) -> list[ShardTask]:
    parents = plan.parent_shards()
    manifest = plan.parent.manifest if plan.parent else {}
    return [
        ShardTask(
            shard=s,
            shards=plan.shards,
            key_id=key_id(plan.key),
            spill=tmp / "_spill" / f"shard-{s:04d}.arrow",
            out_dir=tmp,
            names=plan.names,
            components=parts.shard,
            parent=parents.get(s),
            names_digest=plan.names_digest,
            parent_names_digest=manifest.get("member_names_digest"),
            suppressed=plan.suppressed,
            parent_suppression_digest=manifest.get("suppression_digest"),
        )
        for s in plan.decided
    ]


def build_shards(
    runner: Executor,
    plan: BuildPlan,
    decided: Decided,
    parts: BuildComponents,
    tmp: Path,
    progress: Progress | None,
) -> list[dict[str, Any]]:
    """Every shard's manifest entry, in shard order: fingerprinted, then built or reused."""
    tasks = _tasks(plan, parts, tmp)
    done = [0]

    def on_done(_result: dict[str, Any]) -> None:
        done[0] += 1
        if progress:
            progress("shards", done[0], plan.shards)

    printed = runner.map(fingerprint_shard, tasks)
    # The fingerprints' name index is done with; the redactor comes next (peak: one, not two).
    parts.shard.release_name_index()
    jobs = [(task, p) for task, p in zip(tasks, printed, strict=True) if not p["reused"]]
    done[0] = len(tasks) - len(jobs)
    if progress and done[0]:
        progress("shards", done[0], plan.shards)
    built = iter(runner.map(build_fingerprinted_shard, jobs, on_done))
    entries = [p if p["reused"] else next(built) for p in printed]
    fresh = dict(zip(plan.decided, entries, strict=True))
    parents = plan.parent_shards()
    results = []
    for s in range(plan.shards):
        if s in fresh:
            counts = decided.by_shard.get(s, DecisionCounts()).as_dict()
            results.append({**fresh[s], "decided": counts})
        else:
            # Not decided again: nothing of this shard changed since the parent (plan).
            results.append(reuse_parent_shard(parents[s], tmp))
    return results


def publish_dataset(
    tmp: Path,
    ws: Workspace,
    plan: BuildPlan,
    results: list[dict[str, Any]],
    orphaned: int,
    parent: str | None,
    parts: BuildComponents,
    runner: Executor,
    timings: dict[str, float],
) -> tuple[str, Path, dict[str, Any]]:
    """Write the lineage, manifest and card, and rename the build into the next version."""
    mark = time.perf_counter()
    write_lineage([tmp / r["file"] for r in results], tmp / "lineage.parquet")
    timings["lineage"] = time.perf_counter() - mark
    manifest = build_manifest(
        plan.as_of,
        plan.policy,
        plan.shards,
        plan.key,
        parent,
        orphaned,
        results,
        parts.shard.redactor_id,
    )
    manifest["member_names_digest"] = plan.names_digest
    if plan.suppressed:
        manifest["suppression_digest"] = plan.suppressed.digest
    manifest["policy_digest"] = policy_digest(plan.policy)
    manifest["source"] = plan.source
    manifest["snapshot_marks"] = plan.marks
    manifest["ledger_head"] = plan.ledger_head.to_dict() if plan.ledger_head else None
    if plan.incremental is not None:
        manifest["incremental"] = plan.incremental.describe()
    manifest["build"] = {"executor": runner.name, "seconds": stage_seconds(timings, results)}

    def finalize(version: str) -> None:
        manifest["version"] = version
        write_json(tmp / "manifest.json", manifest)
        write_text(tmp / "CARD.md", render_card(manifest))

    version, path = publish(tmp, ws.datasets_dir, finalize)
    return version, path, manifest
