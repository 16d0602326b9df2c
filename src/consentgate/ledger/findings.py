"""What `ledger verify` reports: findings, each naming what it found, and the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The kinds of finding, in the order a reader meets them.
MALFORMED = "malformed"  # a row field a database writer made unreadable
EDITED = "edited"  # an event whose stored fields no longer give the hash the log holds
DELETED = "deleted"  # a range of positions missing inside the log
REORDERED = "reordered"  # an event stored out of its position's order
INSERTED = "inserted"  # an event claiming a position another event holds
UNSIGNED = "unsigned"  # events no valid signed head covers
TRUNCATED = "truncated"  # a signed head covering more events than the log holds
REWRITTEN = "rewritten"  # a valid log that disagrees with a signed head
BAD_SIGNATURE = "bad_signature"  # a head whose signature does not verify
FOREIGN_KEY = "foreign_key"  # a head signed by a key other than the workspace's
HEAD = "head"  # the head row missing, malformed or out of step with the log
HEADS_FILE = "heads_file"  # the heads file missing or holding malformed lines
KEY = "key"  # the key record missing, or a private key that is not the recorded one


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing verification found: its kind, a sentence, and where (event, positions,
    field, the head's source) when it applies."""

    kind: str
    message: str
    event_id: str | None = None
    seq: int | None = None
    first: int | None = None
    last: int | None = None
    field: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(slots=True)
class LedgerReport:
    """The verdict: ok when nothing was found; what was checked; every finding."""

    count: int = 0
    tree_size: int | None = None
    root_hash: str | None = None
    key_id: str | None = None
    heads_checked: int = 0
    heads_file: str | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first_bad_event_id(self) -> str | None:
        return next((f.event_id for f in self.findings if f.event_id), None)

    @property
    def problem(self) -> str | None:
        """The first finding's sentence (None when ok)."""
        return self.findings[0].message if self.findings else None

    def add(self, kind: str, message: str, **where: Any) -> None:
        self.findings.append(Finding(kind, message, **where))

    def summary(self) -> str:
        """One line: the verdict and what was checked."""
        key = f", key {self.key_id}" if self.key_id else ""
        checked = f"{self.count} events, {self.heads_checked} signed heads checked{key}"
        if self.ok:
            return f"ledger ok: {checked}"
        return f"ledger does not verify ({len(self.findings)} finding(s)): {checked}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "key_id": self.key_id,
            "heads_checked": self.heads_checked,
            "heads_file": self.heads_file,
            "first_bad_event_id": self.first_bad_event_id,
            "problem": self.problem,
            "findings": [f.to_dict() for f in self.findings],
            "notes": self.notes,
        }
