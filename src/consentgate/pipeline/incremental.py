"""Planning an incremental build: which shards must be re-decided and rebuilt since a parent.

Two modes. `changes`: the parent is comparable (same policy, K, shard key, redactor, member
names, database backend, an as-of not earlier than the parent's) and the change journal is
intact, so only the shards holding a changed member are read, decided and rebuilt; the other
shards keep the parent's file byte for byte and its per-shard decided counts. `full`: any
of those conditions fails, so the whole network is decided again (shards whose input
fingerprint is unchanged are still reused); the reason is stated in the manifest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy.orm import Session

from consentgate.pipeline import changes
from consentgate.pipeline.fingerprint import FORMAT
from consentgate.pipeline.sharding import shard_array, shard_of
from consentgate.pipeline.shardwork import ParentShard
from consentgate.pipeline.writer import sha256_file
from consentgate.policy import Policy
from consentgate.policy.batch import rule_indices
from consentgate.policy.changes import policy_digest, time_windows

CHANGES = "changes"
FULL = "full_decision"


@dataclass(slots=True)
class Parent:
    """A parent version's manifest and its shard files."""

    version: str
    manifest: dict[str, Any]
    shards: dict[int, ParentShard]


@dataclass(slots=True)
class Plan:
    """What an incremental build re-decides: every shard (`full`) or `rebuild` only."""

    mode: str
    reason: str = ""
    rebuild: frozenset[int] = frozenset()
    members: list[str] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    changed_members: int = 0

    def describe(self) -> dict[str, Any]:
        """The manifest's `incremental` entry."""
        out: dict[str, Any] = {"mode": self.mode}
        if self.mode == FULL:
            out["reason"] = self.reason
        else:
            out.update(
                changed_members=self.changed_members,
                change_sources=dict(sorted(self.sources.items())),
                rebuilt_shards=sorted(self.rebuild),
            )
        return out


def load_parent(datasets_dir: Path, version: str, manifest: dict[str, Any]) -> Parent:
    """The parent's shard entries, keyed by shard index."""
    base = datasets_dir / version
    entries = {int(e["shard"]): ParentShard(base / e["file"], e) for e in manifest["shard_files"]}
    return Parent(version, manifest, entries)


def _incomparable(
    parent: Parent,
    *,
    policy: Policy,
    as_of: dt.datetime,
    shards: int,
    key_id: str,
    redactor_id: str,
    names_digest: str,
    suppression_digest: str | None,
    marks: dict[str, Any],
) -> str | None:
    """Why the parent cannot serve a change-based build (None when it can)."""
    m = parent.manifest
    entries = list(parent.shards.values())
    checks = [
        (m.get("format") != FORMAT, "the parent has another dataset format"),
        (int(m.get("shards", 0)) != shards, "a different shard count than the parent"),
        (m.get("shard_key_id") != key_id, "a different shard key than the parent"),
        (
            "snapshot_marks" not in m or any("decided" not in e.entry for e in entries),
            "the parent has no change marks (built before change detection)",
        ),
        (m.get("policy_digest") != policy_digest(policy), "a different policy than the parent"),
        (m.get("redactor") != redactor_id, "a different redactor than the parent"),
        (
            m.get("snapshot_marks", {}).get("backend") != marks.get("backend"),
            "a different database backend than the parent",
        ),
        (
            dt.datetime.fromisoformat(m["as_of"]) > as_of,
            "an as-of time before the parent's",
        ),
        (
            m.get("member_names_digest") != names_digest,
            "member names changed since the parent (a name can change the redaction of any shard)",
        ),
        (
            m.get("suppression_digest") != suppression_digest,
            "the suppression list changed since the parent (an erased name can be in any shard)",
        ),
        (int(m.get("counts", {}).get("orphaned", 0)) > 0, "the parent had orphaned records"),
        (len(entries) != shards, "the parent lacks shard entries"),
    ]
    for failed, reason in checks:
        if failed:
            return reason
    return None


def _parent_files_intact(parent: Parent, keep: set[int]) -> bool:
    """Every shard file to be reused exists with the checksum its manifest states."""
    for s in keep:
        shard = parent.shards[s]
        if not shard.path.exists() or sha256_file(shard.path) != shard.entry.get("sha256"):
            return False
    return True


def plan(
    session: Session,
    parent: Parent | None,
    *,
    policy: Policy,
    as_of: dt.datetime,
    shards: int,
    key: bytes,
    key_id: str,
    redactor_id: str,
    names_digest: str,
    marks: dict[str, Any],
    member_ids: pa.Array,
    suppression_digest: str | None = None,
) -> Plan | None:
    """What to re-decide, reading only the journal and the time-dependent inputs.

    None without a parent. `member_ids`: every member of the snapshot.
    """
    if parent is None:
        return None
    reason = _incomparable(
        parent,
        policy=policy,
        as_of=as_of,
        shards=shards,
        key_id=key_id,
        redactor_id=redactor_id,
        names_digest=names_digest,
        suppression_digest=suppression_digest,
        marks=marks,
    )
    if reason is None and not changes.journal_intact(session):
        reason = "the change journal's triggers are missing"
    if reason is not None:
        return Plan(FULL, reason)
    parent_as_of = dt.datetime.fromisoformat(parent.manifest["as_of"])
    windows = time_windows(policy, parent_as_of, as_of)
    groups = {"journal": changes.journal_members(session, parent.manifest["snapshot_marks"])}
    groups.update(changes.time_members(session, windows, policy.id))
    if windows.rules:
        ids, countries = changes.member_countries(session)
        rule = rule_indices(pa.array(countries, pa.string()), policy)
        crossing = np.isin(rule, np.asarray(windows.rules, dtype=np.int64))
        groups["rule_took_effect"] = {m for m, hit in zip(ids, crossing, strict=True) if hit}
    changed = changes.union(groups.values())
    rebuild = frozenset(shard_of(m, shards, key) for m in changed)
    if not _parent_files_intact(parent, set(range(shards)) - rebuild):
        return Plan(FULL, "a parent shard file is missing or altered")
    shard_col = np.asarray(shard_array(member_ids, shards, key).to_numpy(), dtype=np.int32)
    wanted = np.isin(shard_col, np.asarray(sorted(rebuild), dtype=np.int32))
    members = [m for m, hit in zip(member_ids.to_pylist(), wanted, strict=True) if hit]
    # Changed ids no longer in the members table (erased, or rows written without a member)
    # are read too, so records left behind are found and counted as orphaned.
    known = set(members)
    members += sorted(m for m in changed if m not in known and shard_of(m, shards, key) in rebuild)
    return Plan(
        CHANGES,
        rebuild=rebuild,
        members=members,
        sources={name: len(group) for name, group in groups.items() if group},
        changed_members=len(changed),
    )
