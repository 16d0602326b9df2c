"""The ledger's anchor outside the database: the signing key and the append-only heads file.

The workspace builds one `LedgerAnchor` and attaches it to its engine; every session of
that engine finds it there (`anchor_of`). An append transaction signs its new tree head and
queues it on the session; after the commit, `after_commit` appends it to the heads file,
one JSON line per head, in one O_APPEND write. A head that reached the database but not the
file (a crash in between) is written by the next writer, which appends the head it started
from when the file's tail does not hold it, or by `ledger verify` / `ledger sign`.

Writers only append to an existing heads file: the file is created by migration 0004 (or
`ledger sign`), so a deleted file stays missing, and `ledger verify` says so.

A writer appends under an exclusive flock of the file and a reader reads under a shared
one: Linux lets a read see part of a concurrent write (a line crossing a page boundary), and
`ledger verify` runs beside live writers. A line that a crash cut off holds no head (the
head is in the database's head row, and the next writer appends it again): readers skip it,
and the next writer removes it before appending, so it cannot swallow the next head.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, SessionTransaction

from consentgate.ledger.events import canonical_json
from consentgate.ledger.keys import KeyRecord, KeySettings, read_record, signing_key
from consentgate.ledger.signing import HeadFormatError, SignedHead, Signer

logger = logging.getLogger(__name__)
TAIL_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class HeadLine:
    """One line of the heads file: a head, or why the line is not one."""

    line: int
    head: SignedHead | None
    problem: str | None = None


@dataclass
class LedgerAnchor:
    """What the ledger of one workspace keeps outside its database."""

    heads_file: Path
    key_record: Path
    keys: KeySettings
    _signer: Signer | None = field(default=None, repr=False)
    _last_written: SignedHead | None = field(default=None, repr=False)
    _warned: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def signer(self, recorded_key_id: str | None) -> Signer:
        """The workspace's signing key (loaded once; created for a new workspace)."""
        with self._lock:
            if self._signer is None:
                self._signer = Signer.of(signing_key(self.keys, self.key_record, recorded_key_id))
            return self._signer

    def record(self) -> KeyRecord | None:
        """The workspace's key record (key id and public key), None when missing."""
        return read_record(self.key_record)

    def write_heads(self, heads: Sequence[SignedHead], create: bool = False) -> None:
        """Append heads to the heads file in one write (create it only when asked)."""
        data = "".join(canonical_json(h.to_dict()) + "\n" for h in heads).encode()
        flags = os.O_RDWR | os.O_APPEND | (os.O_CREAT if create else 0)
        if create:
            self.heads_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.heads_file, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            _drop_cut_line(fd)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)  # releases the lock
        self._last_written = heads[-1] if heads else self._last_written

    def holds(self, head: SignedHead) -> bool:
        """Whether the heads file's tail holds this head (its signature is unique to it)."""
        try:
            with self.heads_file.open("rb") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, size - TAIL_BYTES))
                return head.signature.encode() in handle.read()
        except OSError:
            return False

    def publish(self, previous: SignedHead | None, head: SignedHead) -> None:
        """After a commit: append the new head, and the one it started from if missing."""
        heads = [head]
        if previous is not None and previous != self._last_written and not self.holds(previous):
            heads.insert(0, previous)
        try:
            self.write_heads(heads)
        except OSError as exc:
            # The commit stands; verify names the missing file, `ledger sign` restores it.
            if not self._warned:
                logger.warning("ledger heads file %s not written: %s", self.heads_file, exc)
                self._warned = True

    def read_heads(self) -> Iterator[HeadLine]:
        """Every line of the heads file (FileNotFoundError when there is none).

        Read up to the size the file had when no append was in progress (the lines before it
        never change); a last line without its newline (a crash cut the write) is skipped.
        """
        with self.heads_file.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            size = os.fstat(handle.fileno()).st_size
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            read = 0
            for number, raw in enumerate(handle, start=1):
                read += len(raw)
                if read > size or not raw.endswith(b"\n"):
                    return
                yield _parse_line(number, raw)


def _drop_cut_line(fd: int) -> None:
    """Remove a last line that a crash cut off (no newline): it holds no complete head."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    start = max(0, size - TAIL_BYTES)
    last_newline = os.pread(fd, size - start, start).rfind(b"\n")
    if last_newline >= 0 or start == 0:
        os.ftruncate(fd, start + last_newline + 1)


def _parse_line(number: int, raw: bytes) -> HeadLine:
    try:
        return HeadLine(number, SignedHead.from_dict(json.loads(raw)))
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError and HeadFormatError
        reason = str(exc) if isinstance(exc, HeadFormatError) else "not JSON"
        return HeadLine(number, None, reason)


_ANCHORS: weakref.WeakKeyDictionary[Engine, LedgerAnchor] = weakref.WeakKeyDictionary()


def attach_anchor(engine: Engine, anchor: LedgerAnchor) -> None:
    """Make `anchor` the ledger anchor of every session of `engine`."""
    _ANCHORS[engine] = anchor


def anchor_of(bind: Session | Connection | Engine) -> LedgerAnchor | None:
    """The anchor attached to the engine behind a session, a connection or an engine."""
    if isinstance(bind, Session):
        bind = bind.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return _ANCHORS.get(engine)


# --- the heads a transaction signed, written to the file once it commits ---

_PENDING = "consentgate.ledger.pending_head"


@dataclass(slots=True)
class _Pending:
    anchor: LedgerAnchor
    previous: SignedHead | None
    entries: list[tuple[SessionTransaction | None, SignedHead]]


def queue_head(
    session: Session, anchor: LedgerAnchor, previous: SignedHead | None, head: SignedHead
) -> None:
    """Remember a head this transaction signed; `previous` is the head it started from."""
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending(anchor, previous, [])
    transaction = session.get_nested_transaction() or session.get_transaction()
    pending.entries.append((transaction, head))


def _inside(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous: SessionTransaction) -> None:
    pending: _Pending | None = session.info.get(_PENDING)
    if pending is not None:
        pending.entries = [(t, h) for t, h in pending.entries if not _inside(t, previous)]


@event.listens_for(Session, "after_commit")
def _write_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the outer transaction may still roll back
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is not None and pending.entries:
        pending.anchor.publish(pending.previous, pending.entries[-1][1])


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
