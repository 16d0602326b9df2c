"""The per-shard half of a build: fingerprint, then (unless reusable) redact, dedup, write.

Two passes, each a pure function of its picklable task, so the local executor runs them in
process and the Ray executor on workers, unchanged: `fingerprint_shard` over every shard,
then `build_fingerprinted_shard` over those that cannot be reused. Splitting them means the
fingerprint's name index and the redactor's are never in memory together.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from consentgate.pipeline.fingerprint import (
    present_names,
    present_suppressed,
    records_digest,
    shard_fingerprint,
)
from consentgate.pipeline.schema import USED_SCHEMA
from consentgate.pipeline.stages import (
    RedactorLike,
    dedup_stage,
    detect_stage,
    redact_stage,
    sort_by_record_id,
)
from consentgate.pipeline.writer import reuse_file, sha256_file, shard_name, write_shard
from consentgate.redact import MemberNameRecognizer, NameIndex, SuppressionList

NO_SUPPRESSION = SuppressionList(b"")


@dataclass(slots=True)
class ShardComponents:
    """How to redact and detect languages; built objects are cached on this instance."""

    # (names) or (names, suppression list): called with the list only when it is not empty.
    redactor_factory: Callable[..., RedactorLike]
    detect_language: Callable[[str], str]
    redactor_id: str
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def redactor(
        self,
        names: Sequence[str],
        suppressed: SuppressionList = NO_SUPPRESSION,
        index: NameIndex | None = None,
    ) -> RedactorLike:
        """The redactor, built once per worker; from `index` when the build shipped one."""
        if index is not None:
            key = f"redactor:index:{index.digest}"
            if key not in self._cache:
                self._cache[key] = self.redactor_factory(names, suppressed, index=index)
            return self._cache[key]  # type: ignore[no-any-return]
        key = f"redactor:{len(names)}:{hash(tuple(names))}:{suppressed.digest}"
        if key not in self._cache:
            factory = self.redactor_factory
            self._cache[key] = factory(names, suppressed) if suppressed else factory(names)
        redactor: RedactorLike = self._cache[key]
        return redactor

    def release_name_index(self) -> None:
        """Drop the cached name index: a build needs it only until every shard is fingerprinted."""
        for key in [k for k in self._cache if k.startswith("names:")]:
            del self._cache[key]

    def name_index(
        self,
        names: Sequence[str],
        suppressed: SuppressionList = NO_SUPPRESSION,
        index: NameIndex | None = None,
    ) -> MemberNameRecognizer:
        """The member-name recogniser over the names and the suppression list, or over the
        build's `index` (what the fingerprint probes; the redactor holds the same)."""
        if index is not None:
            key = f"names:index:{index.digest}"
            if key not in self._cache:
                self._cache[key] = MemberNameRecognizer(index=index)
            return self._cache[key]  # type: ignore[no-any-return]
        key = f"names:{len(names)}:{hash(tuple(names))}:{suppressed.digest}"
        if key not in self._cache:
            self._cache[key] = MemberNameRecognizer(names, suppressed or None)
        recognizer: MemberNameRecognizer = self._cache[key]
        return recognizer


@dataclass(slots=True)
class ParentShard:
    """A parent version's shard file and what its manifest says about it."""

    path: Path
    entry: dict[str, Any]


@dataclass(slots=True)
class ShardTask:
    shard: int
    shards: int
    key_id: str
    spill: Path
    out_dir: Path
    names: tuple[str, ...]
    components: ShardComponents
    parent: ParentShard | None = None
    names_digest: str = ""
    parent_names_digest: str | None = None
    suppressed: SuppressionList = NO_SUPPRESSION  # the erased members' names, as hashes
    parent_suppression_digest: str | None = None
    index: NameIndex | None = None  # names and suppression list as one index (Ray builds)


def _counts(column: pa.ChunkedArray | pa.Array) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for item in pc.value_counts(column).to_pylist():
        counts[str(item["values"])] += int(item["counts"])
    return dict(sorted(counts.items()))


def read_spill(path: Path) -> pa.Table:
    """The used records routed to one shard (an empty table when none were)."""
    if not path.exists():
        return USED_SCHEMA.empty_table()
    with ipc.open_stream(path) as reader:
        return reader.read_all()


def _present_names_digest(table: pa.Table, task: ShardTask, records: str) -> str:
    """Digest of the member names that can match in the shard's texts.

    Reused from the parent when neither the shard's records nor the workspace's name list
    changed (the scan is a pure function of both); scanned otherwise.
    """
    parent = task.parent
    if (
        parent is not None
        and task.parent_names_digest == task.names_digest
        and parent.entry.get("records_digest") == records
        and parent.entry.get("names_digest")
    ):
        return str(parent.entry["names_digest"])
    recognizer = task.components.name_index(task.names, task.suppressed, task.index)
    return present_names(recognizer, table["text"])


def _present_suppressed_digest(table: pa.Table, task: ShardTask, records: str) -> str:
    """Digest of the suppression entries that can match in the shard's texts ("" for none).

    Reused from the parent when neither the records nor the list changed, like the names.
    """
    if not task.suppressed:
        return ""
    parent = task.parent
    if (
        parent is not None
        and task.parent_suppression_digest == task.suppressed.digest
        and parent.entry.get("records_digest") == records
        and "suppressed_digest" in parent.entry
    ):
        return str(parent.entry["suppressed_digest"])
    return present_suppressed(task.suppressed, table["text"])


def fingerprint_shard(task: ShardTask) -> dict[str, Any]:
    """The shard's input fingerprint; when the parent's file matches it, that file is reused.

    Returns the finished entry of a reused shard, or the digests `build_fingerprinted_shard`
    needs (with `"reused": False`).
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    table = sort_by_record_id(read_spill(task.spill))
    records = records_digest(
        table,
        shard=task.shard,
        shards=task.shards,
        key_id=task.key_id,
        redactor_id=task.components.redactor_id,
    )
    present = _present_names_digest(table, task, records)
    suppressed = _present_suppressed_digest(table, task, records)
    fingerprint = shard_fingerprint(records, present, suppressed)
    seconds["fingerprint"] = time.perf_counter() - started
    parent = task.parent
    if parent is not None and parent.entry.get("fingerprint") == fingerprint:
        if parent.path.exists() and sha256_file(parent.path) == parent.entry.get("sha256"):
            reuse_file(parent.path, task.out_dir / shard_name(task.shard))
            return {**parent.entry, "reused": True, "seconds": seconds}
    printed = {
        "shard": task.shard,
        "reused": False,
        "fingerprint": fingerprint,
        "records_digest": records,
        "names_digest": present,
        "seconds": seconds,
    }
    if task.suppressed:
        printed["suppressed_digest"] = suppressed
    return printed


def build_fingerprinted_shard(job: tuple[ShardTask, dict[str, Any]]) -> dict[str, Any]:
    """Build one shard file whose fingerprint `fingerprint_shard` computed; its entry."""
    task, printed = job
    seconds = dict(printed["seconds"])
    table = sort_by_record_id(read_spill(task.spill))
    entry = build_shard(table, task, seconds)
    entry.update(
        fingerprint=printed["fingerprint"],
        records_digest=printed["records_digest"],
        names_digest=printed["names_digest"],
        **({"suppressed_digest": printed["suppressed_digest"]} if task.suppressed else {}),
        sha256=write_shard(entry.pop("table"), task.out_dir / shard_name(task.shard)),
    )
    return {**entry, "seconds": seconds}


def build_shard(table: pa.Table, task: ShardTask, seconds: dict[str, float]) -> dict[str, Any]:
    """Detect languages, redact, deduplicate and order one shard's records."""
    t0 = time.perf_counter()
    langs = detect_stage(table, task.components.detect_language)
    t1 = time.perf_counter()
    redactor = task.components.redactor(task.names, task.suppressed, task.index)
    redacted = redact_stage(table, langs, redactor)
    redacted = redacted.append_column("lang", langs)
    t2 = time.perf_counter()
    kept, dropped = dedup_stage(redacted)
    kept = sort_by_record_id(kept)
    kept = kept.append_column("shard", pa.array([task.shard] * len(kept), pa.int32()))
    seconds.update(detect=t1 - t0, redact=t2 - t1, dedup=time.perf_counter() - t2)
    return {
        "shard": task.shard,
        "file": shard_name(task.shard),
        "records": len(kept),
        "deduplicated": dropped,
        "by_kind": _counts(kept["kind"]),
        "by_lang": _counts(kept["lang"]),
        "by_region": _counts(pc.fill_null(kept["country"], "??")),
        "reused": False,
        "table": kept,
    }


def reuse_parent_shard(parent: ParentShard, out_dir: Path) -> dict[str, Any]:
    """Link a parent's shard file into the build unchanged; its manifest entry, as reused.

    For shards an incremental build did not decide again: the plan has checked the file's
    checksum, and nothing that feeds the shard changed since the parent.
    """
    reuse_file(parent.path, out_dir / shard_name(int(parent.entry["shard"])))
    return {**parent.entry, "reused": True, "seconds": {}}
