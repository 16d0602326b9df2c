"""`build_dataset`: snapshot -> decide -> route to shards -> per-shard work -> publish.

Pass 1 streams every record from the database in batches, decides it, and spills the used
ones to one Arrow IPC file per shard inside the build directory (memory: one batch). Pass 2
fingerprints every shard, then builds those it cannot reuse, each through an executor. The
result is published atomically.

With a parent, `incremental.plan` first finds the members whose inputs changed since the
parent's snapshot; when it can, pass 1 reads and decides only the shards holding them and
the other shards are linked from the parent unchanged (see docs/pipeline.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
from sqlalchemy.orm import Session

from consentgate.errors import ConfigError
from consentgate.ledger.store import current_head
from consentgate.network.erasure import load_suppression
from consentgate.pipeline import changes, incremental, snapshot
from consentgate.pipeline.card import render_card
from consentgate.pipeline.datasets import load_manifest
from consentgate.pipeline.executors import get_executor
from consentgate.pipeline.fingerprint import names_digest
from consentgate.pipeline.manifest import build_manifest, stage_seconds
from consentgate.pipeline.purge import purge_erased
from consentgate.pipeline.sharding import key_id, load_or_create_key, shard_array
from consentgate.pipeline.shardwork import (
    ParentShard,
    ShardComponents,
    ShardTask,
    build_fingerprinted_shard,
    fingerprint_shard,
    reuse_parent_shard,
)
from consentgate.pipeline.stages import DecideFn, DecisionCounts, MemberIndex, decide_stage
from consentgate.pipeline.writer import (
    build_directory,
    publish,
    write_json,
    write_lineage,
    write_text,
)
from consentgate.policy.changes import policy_digest
from consentgate.redact import SuppressionList
from consentgate.workspace import Workspace

StatesFn = Callable[[Session, dt.datetime, Any], pa.Table]
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """A published dataset version."""

    version: str
    path: Path
    manifest: dict[str, Any]


@dataclass(slots=True)
class BuildComponents:
    """The parts a build plugs together; `default_components()` gives the real ones."""

    decide: DecideFn
    states: StatesFn
    shard: ShardComponents


@dataclass(frozen=True, slots=True)
class RedactorFactory:
    """Builds the workspace redactor from member names and the suppression list (erased
    members' names as keyed hashes); a picklable top-level callable."""

    strategy: str = "placeholder"

    def __call__(self, names: Sequence[str], suppressed: SuppressionList | None = None) -> Any:
        from consentgate.redact import Redactor

        return Redactor(member_names=tuple(names), strategy=self.strategy, suppressed=suppressed)

    @property
    def id(self) -> str:
        """Names the redactor's behaviour: its strategy and a digest of its code and data.

        Part of every shard fingerprint, so a changed recogniser (or Faker / phonenumbers
        version, whose data it reads) never lets an incremental build reuse a stale shard.
        """
        return f"consentgate.redact.Redactor/{self.strategy}/{redactor_code_digest()}"


@functools.cache
def redactor_code_digest() -> str:
    """BLAKE2b over consentgate.redact's source files and its data libraries' versions."""
    import faker
    import phonenumbers

    import consentgate.redact

    digest = hashlib.blake2b(digest_size=8)
    root = Path(consentgate.redact.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".toml"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\x00")
            digest.update(path.read_bytes())
    for lib in (consentgate, faker, phonenumbers):
        digest.update(f"{lib.__name__}={getattr(lib, '__version__', '?')}".encode())
    return digest.hexdigest()


def default_components() -> BuildComponents:
    """The policy engine, the ledger's member states and the workspace redactor."""
    from consentgate.policy import decide_batch
    from consentgate.redact import detect_language

    factory = RedactorFactory()
    return BuildComponents(
        decide=decide_batch,
        states=snapshot.member_states,
        shard=ShardComponents(factory, detect_language, factory.id),
    )


def resolve_policy(policy: Any) -> Any:
    """A policy object from a preset name or file path (objects pass through)."""
    if isinstance(policy, str | Path):
        from consentgate.policy import load_policy

        return load_policy(str(policy))
    return policy


@contextmanager
def snapshot_session(ws: Workspace) -> Iterator[Session]:
    """One read transaction, so every read of a build sees the same database state.

    PostgreSQL: REPEATABLE READ. SQLite: the driver opens no transaction for SELECTs, so one
    is begun explicitly (in WAL mode a reader keeps its snapshot and blocks no writer).
    """
    with ws.session() as session:
        dialect = ws.engine.dialect.name
        if dialect == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif dialect == "sqlite":
            dbapi = session.connection().connection.driver_connection
            if dbapi is not None and not dbapi.in_transaction:
                dbapi.execute("BEGIN")
        yield session


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


def _decide(
    session: Session,
    spill_dir: Path,
    as_of: dt.datetime,
    policy: Any,
    shards: int,
    key: bytes,
    parts: BuildComponents,
    batch_size: int,
    progress: Progress | None,
    members: list[str] | None = None,
) -> tuple[dict[int, DecisionCounts], int]:
    """Decide every record (or `members`' records only), spilling used ones per shard.

    Returns the decision counts per shard and the number of orphaned records.
    """
    counts = DecisionCounts()
    by_shard: dict[int, DecisionCounts] = {}
    if members is None:
        states = parts.states(session, as_of, policy)
    else:
        states = parts.states(session, as_of, policy, members=members)  # type: ignore[call-arg]
    index = MemberIndex(
        member_ids=states["member_id"].combine_chunks(),
        shard=shard_array(states["member_id"], shards, key),
        country=states["country"].combine_chunks(),
    )
    with ExitStack() as stack:
        writers: dict[int, Any] = {}
        for batch in snapshot.iter_records(session, batch_size, members):
            used = decide_stage(batch, states, index, policy, as_of, parts.decide, counts, by_shard)
            _route(used, spill_dir, writers, stack)
            if progress:
                progress("decide", counts.records + counts.orphaned, None)
    return by_shard, counts.orphaned


def _load_parent(ws: Workspace, parent: str | None) -> incremental.Parent | None:
    if parent is None:
        return None
    manifest = load_manifest(ws, parent)
    return incremental.load_parent(ws.datasets_dir, parent, manifest)


def build_dataset(
    ws: Workspace,
    *,
    as_of: dt.datetime,
    policy: Any,
    shards: int = 8,
    parent: str | None = None,
    executor: str = "local",
    progress: Progress | bool = False,
    batch_size: int = snapshot.DEFAULT_BATCH_SIZE,
    components: BuildComponents | None = None,
) -> DatasetInfo:
    """Build and publish a new dataset version as of `as_of` under `policy`.

    With `parent`, shards whose input fingerprint equals the parent's are reused byte for byte;
    the result is identical to a full build either way.
    """
    if shards < 1 or shards > 9999:
        raise ConfigError(f"--shards: {shards} is not between 1 and 9999")
    if as_of.tzinfo is None:
        raise ConfigError("--as-of: the time must carry a UTC offset")
    report = progress if callable(progress) else None
    runner = get_executor(executor)
    policy = resolve_policy(policy)
    parts = components or default_components()
    key = load_or_create_key(ws.home)
    # An erasure interrupted before its datasets were rewritten is finished first.
    purge_erased(ws)
    parent_info = _load_parent(ws, parent)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with build_directory(ws.datasets_dir) as tmp:
        spill = tmp / "_spill"
        spill.mkdir()
        with snapshot_session(ws) as session:
            marks = changes.snapshot_marks(session)
            ledger_head = current_head(session)  # the signed head of this snapshot's ledger
            member_ids, names = snapshot.members_and_names(session)
            all_names = names_digest(names)
            suppressed = load_suppression(session, ws.home)
            the_plan = incremental.plan(
                session,
                parent_info,
                policy=policy,
                as_of=as_of,
                shards=shards,
                key=key,
                key_id=key_id(key),
                redactor_id=parts.shard.redactor_id,
                names_digest=all_names,
                suppression_digest=suppressed.digest if suppressed else None,
                marks=marks,
                member_ids=member_ids,
            )
            timings["plan"] = time.perf_counter() - started
            partial = the_plan is not None and the_plan.mode == incremental.CHANGES
            members = the_plan.members if partial and the_plan is not None else None
            decided = range(shards) if not partial or the_plan is None else sorted(the_plan.rebuild)
            by_shard, orphaned = (
                _decide(
                    session, spill, as_of, policy, shards, key, parts, batch_size, report, members
                )
                if decided
                else ({}, 0)
            )
        timings["snapshot_decide"] = time.perf_counter() - started - timings["plan"]
        parents = _comparable_parents(parent_info, shards)
        tasks = [
            ShardTask(
                s,
                shards,
                key_id(key),
                spill / f"shard-{s:04d}.arrow",
                tmp,
                tuple(names),
                parts.shard,
                parents.get(s),
                all_names,
                parent_info.manifest.get("member_names_digest") if parent_info else None,
                suppressed,
                parent_info.manifest.get("suppression_digest") if parent_info else None,
            )
            for s in decided
        ]
        done = [0]

        def on_done(_result: dict[str, Any]) -> None:
            done[0] += 1
            if report:
                report("shards", done[0], shards)

        printed = runner.map(fingerprint_shard, tasks)
        # The name index is done with; the redactor comes next (peak: one automaton, not two).
        parts.shard.release_name_index()
        jobs = [(task, p) for task, p in zip(tasks, printed, strict=True) if not p["reused"]]
        done[0] = len(tasks) - len(jobs)
        if report and done[0]:
            report("shards", done[0], shards)
        built = iter(runner.map(build_fingerprinted_shard, jobs, on_done))
        entries = [p if p["reused"] else next(built) for p in printed]
        fresh = dict(zip(decided, entries, strict=True))
        timings["shards"] = time.perf_counter() - started - sum(timings.values())
        shutil.rmtree(spill)
        results = []
        for s in range(shards):
            if s in fresh:
                results.append({**fresh[s], "decided": by_shard.get(s, DecisionCounts()).as_dict()})
            else:
                # Not re-decided: nothing of this shard changed since the parent (plan).
                results.append(reuse_parent_shard(parents[s], tmp))
        mark = time.perf_counter()
        write_lineage([tmp / r["file"] for r in results], tmp / "lineage.parquet")
        timings["lineage"] = time.perf_counter() - mark
        manifest = build_manifest(
            as_of, policy, shards, key, parent, orphaned, results, parts.shard.redactor_id
        )
        manifest["member_names_digest"] = all_names
        if suppressed:
            manifest["suppression_digest"] = suppressed.digest
        manifest["policy_digest"] = policy_digest(policy)
        manifest["snapshot_marks"] = marks
        manifest["ledger_head"] = ledger_head.to_dict() if ledger_head else None
        if the_plan is not None:
            manifest["incremental"] = the_plan.describe()
        manifest["build"] = {"executor": runner.name, "seconds": stage_seconds(timings, results)}

        def finalize(version: str) -> None:
            manifest["version"] = version
            write_json(tmp / "manifest.json", manifest)
            write_text(tmp / "CARD.md", render_card(manifest))

        version, path = publish(tmp, ws.datasets_dir, finalize)
    # A member erased after this build's snapshot may be in it: their erasure's purge did
    # not see this version yet.
    if purge_erased(ws, versions=[version]):
        manifest = load_manifest(ws, version)
    return DatasetInfo(version, path, manifest)


def _comparable_parents(parent: incremental.Parent | None, shards: int) -> dict[int, ParentShard]:
    """The parent's shards, when its sharding matches (otherwise nothing can be reused)."""
    if parent is None or int(parent.manifest.get("shards", 0)) != shards:
        return {}
    return parent.shards
