"""`verify_ledger`: the log, its tree, and every signed head found, in one report.

The rows are walked once (walk.py). Then every signed head found (the head row, the heads
file, the copies in dataset manifests and model cards, heads passed in) is checked: its
signature, its key (the workspace's, by its key record), and its root against the log's
root at its size. A head larger than the log is a truncated tail; a head whose root the
log no longer gives, where no row finding explains it, is a rewritten history, placed
between the largest head the log still agrees with and the smallest it does not.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from consentgate.db import read_snapshot
from consentgate.errors import ConfigError
from consentgate.ledger.anchor import LedgerAnchor, anchor_of
from consentgate.ledger.findings import (
    BAD_SIGNATURE,
    FOREIGN_KEY,
    HEAD,
    HEADS_FILE,
    KEY,
    REWRITTEN,
    TRUNCATED,
    UNSIGNED,
    LedgerReport,
)
from consentgate.ledger.heads import FoundHead
from consentgate.ledger.keys import find_key, record_of
from consentgate.ledger.signing import SignedHead, key_id
from consentgate.ledger.store import frontier_text, read_head_row, signed_head_of
from consentgate.ledger.walk import Walk, walk_log

DB_HEAD = "the database's head row"
SHOWN = 5  # findings of one kind named one by one; the rest are counted


@dataclass(slots=True)
class _Heads:
    """Every distinct head found, with the places it was found."""

    sources: dict[SignedHead, list[str]] = field(default_factory=dict)
    in_file: set[SignedHead] = field(default_factory=set)

    def add(self, head: SignedHead, source: str) -> None:
        self.sources.setdefault(head, []).append(source)

    def where(self, head: SignedHead) -> str:
        places = self.sources[head]
        more = f" and {len(places) - 1} more place(s)" if len(places) > 1 else ""
        return f"{places[0]}{more}"


HeadRow = dict[str, Any]


def _head_row(session: Session, report: LedgerReport, heads: _Heads) -> HeadRow | None:
    row = read_head_row(session)
    if row is None:
        report.add(HEAD, "the ledger head row is missing")
        return None
    try:
        signed = signed_head_of(row)
    except ValueError as exc:
        report.add(HEAD, f"{DB_HEAD} is malformed: {exc}")
        return row
    report.tree_size = row["count"] if isinstance(row["count"], int) else None
    if signed is None:
        report.add(HEAD, f"{DB_HEAD} holds no signed head: run `consentgate ledger sign`")
    else:
        heads.add(signed, DB_HEAD)
    return row


def _heads_file(anchor: LedgerAnchor, report: LedgerReport, heads: _Heads) -> bool:
    """Add the heads file's heads; False when it is missing."""
    report.heads_file = str(anchor.heads_file)
    bad: list[str] = []
    try:
        for line in anchor.read_heads():
            if line.head is None:
                bad.append(f"line {line.line}: {line.problem}")
            else:
                heads.add(line.head, f"heads file line {line.line}")
                heads.in_file.add(line.head)
    except FileNotFoundError:
        report.add(
            HEADS_FILE,
            f"the heads file {anchor.heads_file} is missing: only the heads in the database, "
            "the manifests and the model cards were checked",
            source=str(anchor.heads_file),
        )
        return False
    except OSError as exc:
        report.add(HEADS_FILE, f"the heads file {anchor.heads_file}: {exc}")
        return False
    if bad:
        more = f" (and {len(bad) - SHOWN} more)" if len(bad) > SHOWN else ""
        report.add(
            HEADS_FILE,
            f"the heads file {anchor.heads_file} holds {len(bad)} malformed line(s): "
            f"{'; '.join(bad[:SHOWN])}{more}",
            source=str(anchor.heads_file),
        )
    return True


def _workspace_key(anchor: LedgerAnchor, report: LedgerReport) -> str | None:
    """The workspace's key id, from its key record; checked against the private key when
    that is available here."""
    try:
        record = anchor.record()
    except ConfigError as exc:
        report.add(KEY, str(exc))
        return None
    if record is None:
        report.add(
            KEY,
            f"the workspace's key record {anchor.key_record} is missing: heads were checked "
            "against their own keys only",
            source=str(anchor.key_record),
        )
        return None
    try:
        own_id = key_id(base64.b64decode(record.public_key, validate=True))
    except (ValueError, binascii.Error):
        own_id = None
    if own_id != record.key_id:
        report.add(KEY, f"{anchor.key_record}: key id {record.key_id} is not its public key's")
    try:
        found = find_key(anchor.keys, record.key_id)
    except ConfigError as exc:
        report.add(KEY, str(exc))
        return record.key_id
    if found is None:
        report.notes.append("no private key here: the recorded public key was trusted as is")
    elif record_of(found[0]) != record:
        report.add(
            KEY,
            f"the signing key at {found[1]} (id {record_of(found[0]).key_id}) is not the "
            f"workspace's recorded key {record.key_id}",
        )
    else:
        report.notes.append(f"the private key at {found[1]} matches the recorded public key")
    return record.key_id


def _named(report: LedgerReport, kind: str, lines: list[tuple[str, str]]) -> None:
    for message, source in lines[:SHOWN]:
        report.add(kind, message, source=source)
    if len(lines) > SHOWN:
        report.add(kind, f"... and {len(lines) - SHOWN} more signed head(s) like these")


def _check_heads(walk: Walk, heads: _Heads, workspace_key: str | None) -> None:
    report = walk.report
    bad: list[tuple[str, str]] = []
    foreign: list[tuple[str, str]] = []
    agree: list[SignedHead] = []
    differ: list[SignedHead] = []
    longer: list[SignedHead] = []
    for head in heads.sources:
        report.heads_checked += 1
        where = heads.where(head)
        if not head.signature_ok():
            bad.append((f"the signed head in {where} ({head.describe()}) has a bad signature",
                        where))  # fmt: skip
        elif workspace_key is not None and head.key_id != workspace_key:
            foreign.append(
                (f"the head in {where} ({head.describe()}) is signed with key {head.key_id}, "
                 f"not the workspace's key {workspace_key}", where)
            )  # fmt: skip
        elif head.tree_size > walk.max_position + 1 and head.tree_size > walk.size:
            longer.append(head)
        elif head.tree_size <= walk.size:
            root = walk.roots.get(head.tree_size)
            (agree if root is not None and root.hex() == head.root_hash else differ).append(head)
    _named(report, BAD_SIGNATURE, bad)
    _named(report, FOREIGN_KEY, foreign)
    _truncated(walk, heads, longer)
    rewritten = _rewritten(walk, heads, agree, differ)
    # Beyond every head found, valid or not (a bad signature is its own finding).
    covered = max((h.tree_size for h in heads.sources), default=0)
    if covered < walk.size and not rewritten and walk.first_bad is None:
        report.add(
            UNSIGNED,
            f"the events at positions {covered}..{walk.size - 1} are covered by no signed head",
            first=covered,
            last=walk.size - 1,
        )


def _truncated(walk: Walk, heads: _Heads, longer: list[SignedHead]) -> None:
    if not longer:
        return
    head = max(longer, key=lambda h: h.tree_size)
    end = walk.max_position + 1
    walk.report.add(
        TRUNCATED,
        f"truncated tail: the head in {heads.where(head)} ({head.describe()}) covers "
        f"{head.tree_size} events, the log ends at position {end - 1}: the events at "
        f"positions {end}..{head.tree_size - 1} were removed",
        first=end,
        last=head.tree_size - 1,
        source=heads.where(head),
    )


def _rewritten(
    walk: Walk, heads: _Heads, agree: list[SignedHead], differ: list[SignedHead]
) -> bool:
    """One finding for the heads the log no longer agrees with, unless a row finding
    before their size already explains it."""
    unexplained = [h for h in differ if walk.first_bad is None or walk.first_bad >= h.tree_size]
    if not unexplained:
        return False
    smallest = min(unexplained, key=lambda h: h.tree_size)
    below = [h.tree_size for h in agree if h.tree_size < smallest.tree_size]
    start = max(below, default=0)
    walk.report.add(
        REWRITTEN,
        f"rewritten history: the log's first {smallest.tree_size} events do not give the "
        f"root of the head in {heads.where(smallest)} ({smallest.describe()}); the largest "
        f"signed head it agrees with covers {start} events: the rewritten events lie at "
        f"positions {start}..{smallest.tree_size - 1} ({len(unexplained)} signed head(s) "
        "disagree)",
        first=start,
        last=smallest.tree_size - 1,
        source=heads.where(smallest),
    )
    return True


def _head_in_step(walk: Walk, row: HeadRow | None) -> None:
    """The head row against the log it heads: the last hash and the frontier (unless a row
    finding already explains why they differ)."""
    if row is None or row["count"] != walk.size or walk.first_bad is not None:
        return
    last_hash = walk.last.hash if walk.last is not None else None
    if row["hash"] != last_hash:
        walk.report.add(
            HEAD, f"{DB_HEAD} names last hash {row['hash']}, the log's last is {last_hash}"
        )
    if row["frontier"] != frontier_text(walk.frontier) and not (
        row["frontier"] is None and walk.size == 0
    ):
        walk.report.add(
            HEAD,
            f"{DB_HEAD}'s frontier does not match the log: the next appends would sign roots "
            "of another tree",
        )


def verify_ledger(
    session: Session,
    extra: Sequence[FoundHead] = (),
    anchor: LedgerAnchor | None = None,
    repair: bool = True,
) -> LedgerReport:
    """Check the log, its tree and every signed head found; see the module docstring.

    `extra`: heads found elsewhere (manifests, model cards, files an auditor passes in).
    With `repair`, the database's head, when valid and not yet in the existing heads file
    (a crash between commit and file write), is appended to it.
    """
    report = LedgerReport()
    anchor = anchor or anchor_of(session)
    heads = _Heads()
    file_ok = False
    workspace_key = None
    # The heads outside the database first, then one snapshot of it: every head found was
    # committed before the snapshot began, so a live writer never looks like a truncation.
    if anchor is None:
        report.add(HEADS_FILE, "no ledger anchor: open the database through its workspace")
    else:
        workspace_key = _workspace_key(anchor, report)
        file_ok = _heads_file(anchor, report, heads)
    report.key_id = workspace_key
    for found in extra:
        if found.head is None:
            report.add(HEADS_FILE, f"{found.source}: not a signed head: {found.problem}")
        else:
            heads.add(found.head, found.source)
    bind = session.get_bind()
    with read_snapshot(bind if isinstance(bind, Engine) else bind.engine) as snapshot:
        row = _head_row(snapshot, report, heads)
        walk = walk_log(snapshot, report, {h.tree_size for h in heads.sources})
    _head_in_step(walk, row)
    _check_heads(walk, heads, workspace_key)
    if repair and anchor is not None and file_ok and row is not None:
        _restore_file_head(walk, anchor, heads, row, workspace_key)
    return report


def _restore_file_head(
    walk: Walk, anchor: LedgerAnchor, heads: _Heads, row: HeadRow, workspace_key: str | None
) -> None:
    try:
        signed = signed_head_of(row)
    except ValueError:
        return
    if signed is None or signed in heads.in_file or signed.key_id != workspace_key:
        return
    root = walk.roots.get(signed.tree_size)
    if signed.signature_ok() and signed.tree_size == walk.size and root is not None:
        if root.hex() == signed.root_hash:
            anchor.write_heads([signed])
            walk.report.notes.append(
                f"the database's head ({signed.describe()}) was missing from the heads file "
                "(a crash between commit and file write): appended"
            )

