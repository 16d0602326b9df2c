"""Appending to and reading the consent ledger.

Design: one log in `seq` order. Each row stores its position (0-based, no gaps) and its
hash, the Merkle leaf hash of its versioned encoding (events.py), which includes the
previous row's hash: a hash chain that locates an edited or deleted event, and the leaves
of a Merkle tree (merkle.py) whose signed heads (signing.py) anchor the log outside the
database (anchor.py). The one-row `ledger_head` table holds the last event, the event
count (the tree size), the tree's right frontier and the signed head of the last append
transaction. It is also the writers' lock: an append locks the head row (PostgreSQL
`SELECT ... FOR UPDATE`; SQLite takes its database write lock with an UPDATE of that row),
reads the head, inserts, computes the new root from the frontier in O(log n), signs it
once, and moves the head, all in the caller's transaction. Two writers therefore queue
instead of forking the log, and no committed append leaves an unsigned tail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy import BigInteger, Row, bindparam, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction

from consentgate.errors import ConfigError, LedgerTamperError, UnknownMemberError
from consentgate.ledger.anchor import LedgerAnchor, anchor_of, queue_head
from consentgate.ledger.events import ENCODING_VERSION, LedgerEvent, leaf_fields
from consentgate.ledger.events import encode as encode_leaf
from consentgate.ledger.merkle import frontier_append, frontier_root, leaf_hash
from consentgate.ledger.outbox import FILL_OUTBOX
from consentgate.ledger.signing import SignedHead
from consentgate.ledger.state import MemberState, member_state, states_table
from consentgate.models import ConsentEvent, LedgerHead, Member
from consentgate.policy import Policy

HEAD_ID = 1
# The Core tables (typed Table, where the mapped classes' __table__ is a FromClause).
_EVENTS = ConsentEvent.metadata.tables[ConsentEvent.__tablename__]
_HEAD = LedgerHead.metadata.tables[LedgerHead.__tablename__]
_HEAD_COLUMNS = (
    _HEAD.c.seq,
    _HEAD.c.event_id,
    _HEAD.c.hash,
    _HEAD.c.count,
    _HEAD.c.frontier,
    _HEAD.c.root_hash,
    _HEAD.c.signed_at,
    _HEAD.c.key_id,
    _HEAD.c.public_key,
    _HEAD.c.signature,
)
# Built once: an append runs these on every API write, and building a statement costs more
# CPU than SQLite takes to run it.
# SQLite: an UPDATE takes the database write lock, RETURNING reads the head in the same step.
_LOCK_SQLITE = (
    update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(id=HEAD_ID).returning(*_HEAD_COLUMNS)
)
_LOCK_ROW = select(*_HEAD_COLUMNS).where(_HEAD.c.id == HEAD_ID).with_for_update()
# Core, not the ORM's bulk insert: every row carries every key, so a batch whose `value` or
# `policy_version` switch between None and a value stays one executemany.
_INSERT_EVENTS = insert(_EVENTS)
# The new head's seq is read inside the UPDATE (the inserted row's seq by its unique event_id),
# so no read-back statement follows the insert.
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(
        seq=select(_EVENTS.c.seq)
        .where(_EVENTS.c.event_id == bindparam("last_event_id"))
        .scalar_subquery(),
        event_id=bindparam("last_event_id"),
        hash=bindparam("last_hash"),
        count=bindparam("tree_size", type_=BigInteger),
        frontier=bindparam("new_frontier"),
        root_hash=bindparam("new_root"),
        signed_at=bindparam("new_signed_at", type_=BigInteger),
        key_id=bindparam("new_key_id"),
        public_key=bindparam("new_public_key"),
        signature=bindparam("new_signature"),
    )
    .returning(_HEAD.c.seq)
)
_LOCK_KEY = "consentgate.ledger.lock"


def frontier_text(frontier: Sequence[bytes]) -> str:
    """The head row's form of a frontier: comma-separated hex, largest subtree first."""
    return ",".join(node.hex() for node in frontier)


def parse_frontier(text: str | None, size: int) -> list[bytes]:
    """A frontier from the head row; ValueError unless it has one root per 1 bit of `size`."""
    nodes = [bytes.fromhex(part) for part in text.split(",")] if text else []
    if len(nodes) != size.bit_count() or any(len(node) != 32 for node in nodes):
        raise ValueError(f"the frontier of a tree of {size} events needs {size.bit_count()} roots")
    return nodes


AnyRow = Row[*tuple[Any, ...]]
HEAD_FIELDS = tuple(column.name for column in _HEAD_COLUMNS)


def head_values(row: AnyRow | LedgerHead) -> dict[str, Any]:
    """A head row's stored values by column name (a Row's `count` is the tuple method)."""
    if isinstance(row, LedgerHead):
        return {name: getattr(row, name) for name in HEAD_FIELDS}
    return dict(row._mapping)


def signed_head_of(values: Mapping[str, Any]) -> SignedHead | None:
    """The signed head a head row holds: None when it holds no signature, ValueError when
    its fields are not of their types (a database writer's doing)."""
    texts = [values[k] for k in ("root_hash", "key_id", "public_key", "signature")]
    numbers = [values[k] for k in ("signed_at", "count")]
    if values["signed_at"] is None or any(value is None for value in texts):
        return None
    if not all(isinstance(v, str) for v in texts) or not all(isinstance(v, int) for v in numbers):
        raise ValueError("the signed head's fields are not of their types")
    root_hash, key_id, public_key, signature = texts
    return SignedHead(numbers[1], root_hash, numbers[0], key_id, public_key, signature)


@dataclass(slots=True)
class HeadState:
    """The head row's values as this transaction, which holds the ledger lock, last saw them."""

    seq: int | None
    event_id: str | None
    hash: str | None
    count: int
    frontier: list[bytes]
    signed: SignedHead | None

    @classmethod
    def from_row(cls, row: AnyRow) -> HeadState:
        values = head_values(row)
        try:
            count = values["count"]
            if not isinstance(count, int):
                raise TypeError("the event count is not a number")
            frontier = parse_frontier(values["frontier"], count)
            signed = signed_head_of(values)
        except (TypeError, ValueError) as exc:
            raise LedgerTamperError(
                f"the ledger head row is malformed ({exc}): run `consentgate ledger verify`"
            ) from None
        return cls(values["seq"], values["event_id"], values["hash"], count, frontier, signed)


class ConsentLedger:
    """The append-only event log of one workspace, read and written through a session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _transaction(self) -> SessionTransaction | None:
        session = self.session
        return session.get_nested_transaction() or session.get_transaction()

    def lock(self) -> HeadState:
        """Take the ledger's write lock (until the transaction ends) and return the head.

        Call it first in a write transaction on SQLite: a transaction that read before it
        wrote can fail with "database is locked" when another writer got in between.
        Taken once per transaction: a second call (record_event locks, then append_many
        does) returns the head this transaction already holds, without a statement. The
        cache is keyed by the innermost transaction object, so a new transaction, or a
        savepoint that may be rolled back, reads the row again.
        """
        held = self.session.info.get(_LOCK_KEY)
        if held is not None and held[0] is self._transaction():
            head: HeadState = held[1]
            return head
        connection = self.session.connection()  # begins the transaction when none is open
        dialect = connection.dialect.name
        row = connection.execute(_LOCK_SQLITE if dialect == "sqlite" else _LOCK_ROW).first()
        head = HeadState.from_row(row) if row is not None else self._rebuild_head()
        self.session.info[_LOCK_KEY] = (self._transaction(), head)
        return head

    def _scan(self) -> HeadState:
        """The head of the stored rows: their tree, from their hashes in seq order."""
        rows = self.session.connection().execute(
            select(_EVENTS.c.seq, _EVENTS.c.event_id, _EVENTS.c.hash).order_by(_EVENTS.c.seq)
        )
        frontier: list[bytes] = []
        head = HeadState(None, None, None, 0, frontier, None)
        for seq, event_id, digest in rows:
            try:
                frontier_append(frontier, head.count, bytes.fromhex(digest))
            except (TypeError, ValueError):
                raise LedgerTamperError(
                    f"event {event_id} has no valid hash: run `consentgate ledger verify`"
                ) from None
            head.seq, head.event_id, head.hash, head.count = seq, event_id, digest, head.count + 1
        return head

    def _rebuild_head(self) -> HeadState:
        """A missing head row is recreated from the stored hashes (its tree, not a signed
        head: the append that follows signs)."""
        head = self._scan()
        self.session.connection().execute(
            insert(_HEAD).values(
                id=HEAD_ID,
                seq=head.seq,
                event_id=head.event_id,
                hash=head.hash,
                count=head.count,
                frontier=frontier_text(head.frontier),
            )
        )
        return head

    def checkpoint(self) -> SignedHead:
        """Sign the log as it stands, the head row rebuilt from the stored rows (`ledger
        sign`: a head never signed, a lost heads file). Verify the log first: this signs
        whatever the rows hold."""
        held = self.lock()
        anchor = self._anchor()
        signer = anchor.signer(held.signed.key_id if held.signed else None)
        head = self._scan()
        head.signed = signer.sign(head.count, frontier_root(head.frontier))
        self._move(head.seq, head.event_id, head.hash, head.frontier, head.signed)
        queue_head(self.session, anchor, None, head.signed)
        self.session.info[_LOCK_KEY] = (self._transaction(), head)
        return head.signed

    def _move(
        self,
        seq: int | None,
        event_id: str | None,
        last_hash: str | None,
        frontier: list[bytes],
        signed: SignedHead,
    ) -> int | None:
        """Point the head row at the new last event, tree and signed head; its seq."""
        seq_now: int | None = (
            self.session.connection()
            .execute(
                _MOVE_HEAD,
                {
                    "last_event_id": event_id,
                    "last_hash": last_hash,
                    "tree_size": signed.tree_size,
                    "new_frontier": frontier_text(frontier),
                    "new_root": signed.root_hash,
                    "new_signed_at": signed.timestamp,
                    "new_key_id": signed.key_id,
                    "new_public_key": signed.public_key,
                    "new_signature": signed.signature,
                },
            )
            .scalar_one()
        )
        return seq_now if seq_now is not None else seq

    def _anchor(self) -> LedgerAnchor:
        anchor = anchor_of(self.session)
        if anchor is None:
            raise ConfigError("this database has no ledger anchor: open it through a Workspace")
        return anchor

    def append(self, event: LedgerEvent) -> None:
        """Append one event at the head of the log."""
        self.append_many([event])

    def append_many(self, events: Sequence[LedgerEvent]) -> None:
        """Append events in the given order, chaining each to the one before, and sign the
        new tree head once.

        Four statements whatever the number of events, under the lock: the lock (none when
        this transaction holds it already), one INSERT of the events, one of their outbox rows,
        one UPDATE of the head.
        """
        if not events:
            return
        head = self.lock()
        anchor = self._anchor()
        signer = anchor.signer(head.signed.key_id if head.signed else None)
        if head.signed is not None and head.signed.key_id != signer.key_id:
            raise LedgerTamperError(
                f"the ledger head is signed with key {head.signed.key_id}, not this "
                f"workspace's key {signer.key_id}: run `consentgate ledger verify`"
            )
        prev, size, frontier = head.hash, head.count, list(head.frontier)
        now = dt.datetime.now(dt.UTC)
        rows = []
        for event in events:
            leaf = leaf_hash(encode_leaf(leaf_fields(event, size, now, prev)))
            digest = leaf.hex()
            rows.append(
                {
                    "event_id": event.event_id,
                    "member_id": event.member_id,
                    # UTC on the way in: SQLite keeps a datetime's wall clock, not its offset.
                    "at": event.at.astimezone(dt.UTC),
                    "type": event.type,
                    "value": event.value,
                    "policy_version": event.policy_version,
                    "channel": event.channel,
                    "recorded_at": now,
                    "prev_hash": prev,
                    "hash": digest,
                    "position": size,
                    "encoding": ENCODING_VERSION,
                }
            )
            frontier_append(frontier, size, leaf)
            size += 1
            prev = digest
        signed = signer.sign(size, frontier_root(frontier))
        connection = self.session.connection()
        connection.execute(_INSERT_EVENTS, rows)
        connection.execute(FILL_OUTBOX, {"after_seq": head.seq or 0})
        seq = self._move(None, events[-1].event_id, prev, frontier, signed)
        queue_head(self.session, anchor, head.signed, signed)
        head.seq, head.event_id, head.hash, head.count = seq, events[-1].event_id, prev, size
        head.frontier, head.signed = frontier, signed

    def existing_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        """Which of these event ids the ledger already holds."""
        found: set[str] = set()
        for start in range(0, len(event_ids), 500):
            chunk = list(event_ids[start : start + 500])
            found.update(
                self.session.scalars(
                    select(ConsentEvent.event_id).where(ConsentEvent.event_id.in_(chunk))
                )
            )
        return found

    def events_for(self, member_id: str) -> list[LedgerEvent]:
        """A member's events in ledger order."""
        rows = self.session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.member_id == member_id)
            .order_by(ConsentEvent.seq)
        )
        return [to_event(row) for row in rows]

    def state_at(self, member_id: str, at: dt.datetime, policy: Policy) -> MemberState:
        """One member's consent state at `at` under `policy` (UnknownMemberError if unknown)."""
        member = self.session.get(Member, member_id)
        events = self.events_for(member_id)
        if member is None and not events:
            raise UnknownMemberError(member_id)
        country = member.country if member is not None else None
        born = member.birth_date if member is not None else None
        return member_state(member_id, country, events, policy, at, birth_date=born)

    def states_at(
        self, at: dt.datetime, policy: Policy, members: Sequence[str] | None = None
    ) -> pa.Table:
        """Every member's state at `at` under `policy`, one row per member (decide_batch input).

        `members` restricts the table to those member ids.
        """
        return states_table(self.session, at, policy, members)


def to_event(row: ConsentEvent) -> LedgerEvent:
    """The value form of a stored event."""
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return LedgerEvent(
        event_id=row.event_id,
        member_id=row.member_id,
        at=at,
        type=row.type,
        channel=row.channel,
        value=row.value,
        policy_version=row.policy_version,
    )


def read_head_row(session: Session) -> dict[str, Any] | None:
    """The head row's values as this session sees them (no lock); None when it is missing."""
    row = session.execute(select(*_HEAD_COLUMNS).where(_HEAD.c.id == HEAD_ID)).first()
    return head_values(row) if row is not None else None


def current_head(session: Session) -> SignedHead | None:
    """The signed head the head row holds, as this session sees it (no lock): the head a
    dataset manifest or a model card copies. None when the row or its signature is missing."""
    values = read_head_row(session)
    try:
        return signed_head_of(values) if values is not None else None
    except ValueError:
        return None
