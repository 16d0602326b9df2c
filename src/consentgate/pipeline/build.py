"""`build_dataset`: snapshot -> decide -> route to shards -> per-shard work -> publish.

Pass 1 streams every record from the database in batches, decides it, and spills the used
ones to one Arrow IPC file per shard inside the build directory (memory: one batch). Pass 2
runs `run_shard` per shard through an executor. The result is published atomically.
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

import consentgate
from consentgate.errors import ConfigError, DatasetError
from consentgate.pipeline import snapshot
from consentgate.pipeline.card import render_card
from consentgate.pipeline.datasets import load_manifest
from consentgate.pipeline.executors import get_executor
from consentgate.pipeline.fingerprint import FORMAT
from consentgate.pipeline.sharding import key_id, load_or_create_key, shard_array
from consentgate.pipeline.shardwork import ParentShard, ShardComponents, ShardTask, run_shard
from consentgate.pipeline.stages import DecideFn, DecisionCounts, MemberIndex, decide_stage
from consentgate.pipeline.writer import (
    build_directory,
    publish,
    write_json,
    write_lineage,
    write_text,
)
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
    """Builds the workspace redactor from member names (a picklable top-level callable)."""

    strategy: str = "placeholder"

    def __call__(self, names: Sequence[str]) -> Any:
        from consentgate.redact import Redactor

        return Redactor(member_names=tuple(names), strategy=self.strategy)

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
    """One read transaction; on PostgreSQL REPEATABLE READ, so all reads see one snapshot."""
    with ws.session() as session:
        if ws.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
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


def _decide_all(
    ws: Workspace,
    spill_dir: Path,
    as_of: dt.datetime,
    policy: Any,
    shards: int,
    key: bytes,
    parts: BuildComponents,
    batch_size: int,
    progress: Progress | None,
) -> tuple[DecisionCounts, list[str]]:
    counts = DecisionCounts()
    with snapshot_session(ws) as session, ExitStack() as stack:
        states = parts.states(session, as_of, policy)
        names = snapshot.member_names(session)
        index = MemberIndex(
            member_ids=states["member_id"].combine_chunks(),
            shard=shard_array(states["member_id"], shards, key),
            country=states["country"].combine_chunks(),
        )
        writers: dict[int, Any] = {}
        for batch in snapshot.iter_records(session, batch_size):
            used = decide_stage(batch, states, index, policy, as_of, parts.decide, counts)
            _route(used, spill_dir, writers, stack)
            if progress:
                progress("decide", counts.records + counts.orphaned, None)
    return counts, names


def _parent_shards(ws: Workspace, parent: str | None, shards: int) -> dict[int, ParentShard]:
    if parent is None:
        return {}
    manifest = load_manifest(ws, parent)
    if int(manifest.get("shards", 0)) != shards:
        return {}  # different sharding: nothing can be reused; a full build follows
    base = ws.datasets_dir / parent
    return {int(e["shard"]): ParentShard(base / e["file"], e) for e in manifest["shard_files"]}


def _sum(results: list[dict[str, Any]], key: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for result in results:
        for name, n in result[key].items():
            total[name] = total.get(name, 0) + int(n)
    return dict(sorted(total.items()))


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
    parents = _parent_shards(ws, parent, shards)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with build_directory(ws.datasets_dir) as tmp:
        spill = tmp / "_spill"
        spill.mkdir()
        counts, names = _decide_all(
            ws, spill, as_of, policy, shards, key, parts, batch_size, report
        )
        timings["snapshot_decide"] = time.perf_counter() - started
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
            )
            for s in range(shards)
        ]
        done = [0]

        def on_done(_result: dict[str, Any]) -> None:
            done[0] += 1
            if report:
                report("shards", done[0], shards)

        results = runner.map(run_shard, tasks, on_done)
        timings["shards"] = time.perf_counter() - started - timings["snapshot_decide"]
        shutil.rmtree(spill)
        write_lineage([tmp / r["file"] for r in results], tmp / "lineage.parquet")
        manifest = _manifest(as_of, policy, shards, key, parent, counts, results, parts)
        manifest["build"] = {"executor": runner.name, "seconds": _stage_seconds(timings, results)}

        def finalize(version: str) -> None:
            manifest["version"] = version
            write_json(tmp / "manifest.json", manifest)
            write_text(tmp / "CARD.md", render_card(manifest))

        version, path = publish(tmp, ws.datasets_dir, finalize)
    return DatasetInfo(version, path, manifest)


def _stage_seconds(timings: dict[str, float], results: list[dict[str, Any]]) -> dict[str, float]:
    out = {k: round(v, 3) for k, v in timings.items()}
    for result in results:
        for stage, sec in result.get("seconds", {}).items():
            out[f"shard_{stage}"] = round(out.get(f"shard_{stage}", 0.0) + sec, 3)
    return out


def _manifest(
    as_of: dt.datetime,
    policy: Any,
    shards: int,
    key: bytes,
    parent: str | None,
    counts: DecisionCounts,
    results: list[dict[str, Any]],
    parts: BuildComponents,
) -> dict[str, Any]:
    entries = [{k: v for k, v in r.items() if k not in ("seconds", "reused")} for r in results]
    if any(e["shard"] != i for i, e in enumerate(entries)):
        raise DatasetError("internal error: shard results out of order")
    decided = counts.as_dict()
    written = sum(int(e["records"]) for e in entries)
    return {
        "format": FORMAT,
        "version": None,
        "as_of": as_of.astimezone(dt.UTC).isoformat(),
        "policy": str(getattr(policy, "id", policy)),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parent": parent,
        "shards": shards,
        "shard_key_id": key_id(key),
        "redactor": parts.shard.redactor_id,
        "consentgate_version": consentgate.__version__,
        "reused_shards": [r["shard"] for r in results if r.get("reused")],
        "counts": {
            **decided,
            "orphaned": counts.orphaned,
            "deduplicated": sum(int(e["deduplicated"]) for e in entries),
            "written": written,
            "by_kind": _sum(entries, "by_kind"),
            "by_lang": _sum(entries, "by_lang"),
            "by_region": _sum(entries, "by_region"),
        },
        "shard_files": entries,
    }
