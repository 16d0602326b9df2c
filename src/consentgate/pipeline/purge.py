"""Erasure reaches every dataset version: rewrite those that hold an erased member's records.

A version is rewritten whole in a temporary directory beside it (`datasets/.purge-<version>-
<id>/`): the shards that held the member's rows and `lineage.parquet` are written again
without them, every other file is hard-linked, the manifest gains a `purges` entry per
erasure (event id, time, records removed per shard and kind; never a name), and the card
says so. The directory is then swapped with the version in one atomic step (renameat2
RENAME_EXCHANGE; two renames and a recovery marker where the system lacks it), and the old
files are removed, zeroed first where no other version links them.

Everything is found from data, so the work is idempotent and crash-safe: any version whose
lineage still names an erased member (the ledger's erasure events) is rewritten by the next
erasure, `consentgate datasets purge`, or the start of the next build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from consentgate.errors import DatasetError
from consentgate.network.erasure import erasure_events
from consentgate.pipeline.card import render_card
from consentgate.pipeline.datasets import MANIFEST
from consentgate.pipeline.fingerprint import FORMAT
from consentgate.pipeline.writer import (
    exchange_directories,
    fsync_path,
    overwrite_and_unlink,
    reuse_file,
    sha256_file,
    write_json,
    write_parquet,
    write_text,
)
from consentgate.workspace import Workspace

PURGE_PREFIX = ".purge-"
LOCK_FILE = Path("pipeline") / "purge.lock"  # in the home: datasets/ holds versions only
COMPLETE = ".purge-complete"  # in a finished temporary directory, until it is in place
LINEAGE = "lineage.parquet"
CARD = "CARD.md"


@dataclass(slots=True)
class PurgedVersion:
    """One dataset version rewritten without some erased members."""

    version: str
    records_removed: int
    shards: list[int]
    erasure_event_ids: list[str] = field(default_factory=list)


def purge_erased(
    ws: Workspace,
    erased: Mapping[str, str] | None = None,
    versions: Sequence[str] | None = None,
) -> list[PurgedVersion]:
    """Rewrite every dataset version (or `versions`) holding a record of an erased member.

    `erased`: member_id -> erasure event id (default: every erasure in the ledger).
    """
    if not ws.datasets_dir.is_dir():
        return []
    if erased is None:
        with ws.session() as session:
            erased = erasure_events(session)
    with purge_lock(ws.home / LOCK_FILE):
        recover_interrupted(ws.datasets_dir)
        if not erased:
            return []
        wanted = set(versions) if versions is not None else None
        done = []
        for path in version_dirs(ws.datasets_dir):
            if wanted is not None and path.name not in wanted:
                continue
            found = erased_rows(path, erased.keys())
            if found:
                events = {m: erased[m] for m in found}
                done.append(rewrite_version(path, events))
        return done


def version_dirs(datasets_dir: Path) -> list[Path]:
    """Every dataset directory with a manifest, whatever wrote it (builds, local data)."""
    return sorted(
        p
        for p in datasets_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file()
    )


@contextlib.contextmanager
def purge_lock(path: Path) -> Iterator[None]:
    """One purge at a time per workspace (a build's and an erasure's may meet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def erased_rows(version_dir: Path, members: Iterable[str]) -> dict[str, set[int]]:
    """The erased members with rows in this version, and the shards holding them."""
    wanted = pa.array(sorted(members), pa.string())
    lineage = version_dir / LINEAGE
    files = [lineage] if lineage.is_file() else sorted(version_dir.glob("shard-*.parquet"))
    found: dict[str, set[int]] = {}
    for file in files:
        table = pq.read_table(file, columns=["member_id", "shard"])
        mine = table.filter(pc.is_in(table["member_id"], value_set=wanted))
        for member_id, shard in zip(
            mine["member_id"].to_pylist(), mine["shard"].to_pylist(), strict=True
        ):
            found.setdefault(str(member_id), set()).add(int(shard))
    return found


def rewrite_version(version_dir: Path, events: Mapping[str, str]) -> PurgedVersion:
    """Rewrite one version without the rows of `events`' members (member_id -> event id)."""
    try:
        manifest = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{version_dir / MANIFEST}:{exc.lineno}: malformed manifest") from None
    wanted = pa.array(sorted(events), pa.string())
    tmp = version_dir.parent / f"{PURGE_PREFIX}{version_dir.name}-{uuid.uuid4().hex[:12]}"
    tmp.mkdir()
    removed: dict[str, dict[int, dict[str, int]]] = {}  # member -> shard -> kind -> n
    rewritten: list[str] = []
    try:
        for path in sorted(version_dir.iterdir()):
            target = tmp / path.name
            if path.name in (MANIFEST, CARD):
                continue
            if path.is_dir():
                shutil.copytree(path, target)
            elif path.suffix == ".parquet" and _holds(path, wanted):
                _filter_file(path, target, wanted, removed if path.name != LINEAGE else None)
                rewritten.append(path.name)
            else:
                reuse_file(path, target)
        _update_manifest(manifest, tmp, removed, events)
        write_json(tmp / MANIFEST, manifest)
        if (version_dir / CARD).is_file() and manifest.get("format") == FORMAT:
            write_text(tmp / CARD, render_card(manifest))
        write_text(tmp / COMPLETE, version_dir.name + "\n")  # durable before any rename
        fsync_path(tmp)
        _swap_into_place(tmp, version_dir)
    except BaseException:
        if tmp.exists() and not (tmp / COMPLETE).exists():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    # `tmp` now holds the old files: zero those that held the rows, then remove it all.
    for name in rewritten:
        overwrite_and_unlink(tmp / name)
    shutil.rmtree(tmp, ignore_errors=True)
    shards = sorted({s for by_shard in removed.values() for s in by_shard})
    total = sum(n for by_shard in removed.values() for k in by_shard.values() for n in k.values())
    return PurgedVersion(version_dir.name, total, shards, sorted(set(events.values())))


def _holds(path: Path, wanted: pa.Array) -> bool:
    try:
        column = pq.read_table(path, columns=["member_id"])["member_id"]
    except (KeyError, pa.ArrowInvalid):
        return False
    return bool(pc.any(pc.is_in(column, value_set=wanted)).as_py())


def _filter_file(
    source: Path,
    target: Path,
    wanted: pa.Array,
    removed: dict[str, dict[int, dict[str, int]]] | None,
) -> None:
    """Write `source` without the rows of `wanted` members (same schema), fsynced."""
    table = pq.read_table(source)
    mask = pc.is_in(table["member_id"], value_set=wanted)
    if removed is not None:
        gone = table.filter(mask)
        members, shards = gone["member_id"].to_pylist(), gone["shard"].to_pylist()
        kinds = gone["kind"].to_pylist() if "kind" in gone.column_names else ["?"] * len(gone)
        for member_id, shard, kind in zip(members, shards, kinds, strict=True):
            per_kind = removed.setdefault(str(member_id), {}).setdefault(int(shard), {})
            per_kind[str(kind)] = per_kind.get(str(kind), 0) + 1
    write_parquet(table.filter(pc.invert(mask)), target, table.schema)


def _counts(values: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[str(value)] = out.get(str(value), 0) + 1
    return dict(sorted(out.items()))


def _shard_entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("shard_files", "shards"):
        value = manifest.get(key)
        if isinstance(value, list):
            return [e for e in value if isinstance(e, dict) and "file" in e]
    return []


def _update_manifest(
    manifest: dict[str, Any],
    tmp: Path,
    removed: dict[str, dict[int, dict[str, int]]],
    events: Mapping[str, str],
) -> None:
    """Checksums, record counts and per-shard kinds/languages from the new files; a purge
    entry per erasure. Decision counts (used, excluded) stay as the build decided them."""
    touched = {s for by_shard in removed.values() for s in by_shard}
    entries = _shard_entries(manifest)
    for entry in entries:
        if int(entry.get("shard", -1)) not in touched:
            continue
        file = tmp / str(entry["file"])
        table = pq.read_table(file)
        entry.update(sha256=sha256_file(file), records=len(table), purged=True)
        for column, key in (("kind", "by_kind"), ("lang", "by_lang")):
            if key in entry and column in table.column_names:
                entry[key] = _counts(table[column].to_pylist())
        # The shard no longer matches the inputs it was built from: never reuse it as such.
        entry.update(fingerprint=None, records_digest=None, names_digest=None)
    counts = manifest.get("counts")
    if isinstance(counts, dict) and entries and "written" in counts:
        counts["written"] = sum(int(e.get("records", 0)) for e in entries)
        for key in ("by_kind", "by_lang"):
            if all(key in e for e in entries):
                counts[key] = _sum_counts(e[key] for e in entries)
        purged = sum(n for by in removed.values() for k in by.values() for n in k.values())
        counts["purged"] = int(counts.get("purged", 0)) + purged
    now = dt.datetime.now(dt.UTC).isoformat()
    purges = manifest.setdefault("purges", [])
    for member_id, by_shard in sorted(removed.items(), key=lambda item: events[item[0]]):
        purges.append(
            {
                "erasure_event_id": events[member_id],
                "purged_at": now,
                "records_removed": sum(sum(k.values()) for k in by_shard.values()),
                "shards": [_shard_purge(s, kinds) for s, kinds in sorted(by_shard.items())],
            }
        )


def _shard_purge(shard: int, kinds: dict[str, int]) -> dict[str, Any]:
    return {"shard": shard, "records": sum(kinds.values()), "by_kind": dict(sorted(kinds.items()))}


def _sum_counts(parts: Any) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + int(n)
    return dict(sorted(total.items()))


def _swap_into_place(tmp: Path, version_dir: Path) -> None:
    """Put the finished `tmp` where `version_dir` is; `tmp` then holds the old files."""
    if exchange_directories(tmp, version_dir):
        (version_dir / COMPLETE).unlink()
        fsync_path(version_dir.parent)
        return
    old = version_dir.parent / f"{PURGE_PREFIX}old-{uuid.uuid4().hex[:12]}"
    os.rename(version_dir, old)
    os.rename(tmp, version_dir)  # a crash before this line: recover_interrupted finishes it
    (version_dir / COMPLETE).unlink()
    fsync_path(version_dir.parent)
    os.rename(old, tmp)


def recover_interrupted(datasets_dir: Path) -> None:
    """Finish or remove what an interrupted purge left (call under `purge_lock`).

    A finished rewrite whose version directory is missing (a crash between two renames) is
    moved into place; every other temporary directory is removed (their old files may
    hold erased rows, so they are zeroed first where unshared). A marker left inside a
    version (a crash right after its swap) is removed.
    """
    for marker in datasets_dir.glob(f"[!.]*/{COMPLETE}"):
        marker.unlink()
    for entry in sorted(datasets_dir.glob(f"{PURGE_PREFIX}*")):
        if not entry.is_dir():
            continue
        marker = entry / COMPLETE
        if marker.is_file():
            version = marker.read_text(encoding="utf-8").strip()
            target = datasets_dir / version
            if version and not target.exists():
                os.rename(entry, target)
                (target / COMPLETE).unlink()
                fsync_path(datasets_dir)
                continue
        for file in entry.iterdir():
            if file.is_file() and file.suffix == ".parquet":
                overwrite_and_unlink(file)
        shutil.rmtree(entry, ignore_errors=True)
