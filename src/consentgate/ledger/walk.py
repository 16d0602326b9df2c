"""One pass over the stored log: each row's fields, hash, position and link, and the tree.

Rows are read in seq order, as stored. Each row's hash is recomputed from its fields (an
edit that left the hash), its position must follow the one before (a gap is a deleted
range, an earlier position a reordered or inserted event), and its `prev_hash` must be the
stored hash of the event before it (when it is not, that event was edited and its own hash
recomputed). The stored hashes are the Merkle leaves: the walk keeps the tree's frontier
and records the root at every size a signed head names, so each head is checked against
the log without a second pass.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from consentgate.ledger.findings import (
    DELETED,
    EDITED,
    INSERTED,
    MALFORMED,
    REORDERED,
    LedgerReport,
)
from consentgate.ledger.merkle import EMPTY_ROOT, frontier_append, frontier_root
from consentgate.ledger.rows import StoredRow, read_rows

RECENT = 4096  # rows whose hashes a later row's link is checked against
_NO_HASH = bytes(32)


@dataclass(slots=True)
class _Gap:
    first: int
    last: int
    before: str | None
    after: str


@dataclass(slots=True)
class _Seen:
    hash: object
    event_id: str
    seq: int
    flagged: bool


@dataclass(slots=True)
class Walk:
    """What the pass over the rows found out about the log."""

    report: LedgerReport
    needed: Collection[int]
    size: int = 0
    frontier: list[bytes] = field(default_factory=list)
    roots: dict[int, bytes] = field(default_factory=lambda: {0: EMPTY_ROOT})
    expected: int = 0
    max_position: int = -1
    first_bad: int | None = None
    last: StoredRow | None = None
    gaps: list[_Gap] = field(default_factory=list)
    recent: OrderedDict[int, _Seen] = field(default_factory=OrderedDict)

    def root(self) -> bytes:
        return frontier_root(self.frontier)

    def bad_at(self, position: int) -> None:
        if self.first_bad is None or position < self.first_bad:
            self.first_bad = position

    def visit(self, row: StoredRow) -> None:
        report = self.report
        position = row.position if row.position is not None else self.expected
        where = {"event_id": row.event_id, "seq": row.seq, "first": position, "last": position}
        flagged = bool(row.problems)
        for name, reason in row.problems:
            report.add(MALFORMED, f"{row.name()}: {name}: {reason}", field=name, **where)
        recomputed = row.recomputed_hash()
        if recomputed is not None and recomputed != row.hash:
            flagged = True
            report.add(
                EDITED,
                f"{row.name()} at position {position} was edited: its stored fields no longer "
                "give its hash",
                **where,
            )
        if flagged:
            self.bad_at(position)
        self._place(row, position)
        self._link(row, position, flagged)
        self.recent[position] = _Seen(row.hash, row.event_id, row.seq, flagged)
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)
        self._grow(row, recomputed)

    def _place(self, row: StoredRow, position: int) -> None:
        """A position after a gap opens a deleted range; one before it is out of order."""
        if position > self.expected:
            before = self.last.event_id if self.last is not None else None
            self.gaps.append(_Gap(self.expected, position - 1, before, row.event_id))
        elif position < self.expected:
            self.bad_at(position)
            where = {"event_id": row.event_id, "seq": row.seq, "first": position, "last": position}
            gap = next((g for g in self.gaps if g.first <= position <= g.last), None)
            if gap is None:
                self.report.add(
                    INSERTED,
                    f"{row.name()} claims position {position}, which another event holds: "
                    "it was inserted",
                    **where,
                )
                return
            self._fill(gap, position)
            follows = self.last.event_id if self.last is not None else "?"
            self.report.add(
                REORDERED,
                f"{row.name()} at position {position} is stored after event {follows} "
                f"(position {self.expected - 1}): the events were reordered",
                **where,
            )
        self.expected = max(self.expected, position + 1)
        self.max_position = max(self.max_position, position)

    def _fill(self, gap: _Gap, position: int) -> None:
        index = self.gaps.index(gap)
        parts = [
            _Gap(gap.first, position - 1, gap.before, gap.after),
            _Gap(position + 1, gap.last, gap.before, gap.after),
        ]
        self.gaps[index : index + 1] = [g for g in parts if g.first <= g.last]

    def _link(self, row: StoredRow, position: int, flagged: bool) -> None:
        """The row's prev_hash against the stored hash of the event before it."""
        before = self.recent.get(position - 1)
        if before is None or flagged or before.flagged or row.prev_hash == before.hash:
            return
        self.bad_at(position - 1)
        self.report.add(
            EDITED,
            f"event {before.event_id} (seq {before.seq}) at position {position - 1} was edited "
            f"and its hash recomputed: the next event, {row.event_id}, commits to another hash",
            event_id=before.event_id,
            seq=before.seq,
            first=position - 1,
            last=position - 1,
        )

    def _grow(self, row: StoredRow, recomputed: str | None) -> None:
        digest = row.hash if isinstance(row.hash, str) and len(row.hash) == 64 else recomputed
        try:
            leaf = bytes.fromhex(digest) if digest else _NO_HASH
        except ValueError:
            leaf = _NO_HASH
        frontier_append(self.frontier, self.size, leaf)
        self.size += 1
        if self.size in self.needed:
            self.roots[self.size] = frontier_root(self.frontier)
        self.last = row

    def finish(self) -> None:
        """Report the ranges still missing once every row was seen."""
        for gap in self.gaps:
            self.bad_at(gap.first)
            where = f"between event {gap.before} and" if gap.before else "at the start, before"
            span = (
                f"position {gap.first}"
                if gap.first == gap.last
                else (f"positions {gap.first}..{gap.last}")
            )
            self.report.add(
                DELETED,
                f"the events at {span} were deleted ({where} event {gap.after})",
                event_id=gap.after,
                first=gap.first,
                last=gap.last,
            )


def walk_log(session: Session, report: LedgerReport, needed: Collection[int]) -> Walk:
    """Walk every stored row; `needed` are the tree sizes whose roots the heads name."""
    walk = Walk(report, needed)
    for row in read_rows(session):
        walk.visit(row)
    walk.finish()
    report.count = walk.size
    report.root_hash = walk.root().hex()
    return walk
