"""What someone with write access to the database can do to the ledger, with the project's own
functions: edit rows, recompute hashes, the tree and the head row, sign with their own key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from consentgate.ledger.events import event_hash, stored_fields
from consentgate.ledger.merkle import frontier_append, frontier_root
from consentgate.ledger.signing import SignedHead, sign_head
from consentgate.ledger.store import frontier_text
from consentgate.models import ConsentEvent, LedgerHead
from consentgate.workspace import Workspace

UTC = dt.UTC


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def own_hash(row: ConsentEvent) -> str:
    """The hash a row's stored fields give (what an attacker recomputes)."""
    fields = stored_fields(
        row.event_id, row.member_id, _aware(row.at), row.type, row.channel, row.value,
        row.policy_version, _aware(row.recorded_at), int(row.position or 0), row.prev_hash,
    )  # fmt: skip
    return event_hash(fields)


def rows(session: Session) -> list[ConsentEvent]:
    return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)))


def edit(ws: Workspace, event_id: str, **values: Any) -> None:
    """Change stored fields of one row, its hash left as it was."""
    with ws.session() as s:
        s.execute(update(ConsentEvent).where(ConsentEvent.event_id == event_id).values(**values))


def edit_and_rehash(ws: Workspace, event_id: str, **values: Any) -> None:
    """Change one row and recompute its own hash (the next row still commits to the old)."""
    edit(ws, event_id, **values)
    with ws.session() as s:
        row = s.scalars(select(ConsentEvent).where(ConsentEvent.event_id == event_id)).one()
        row.hash = own_hash(row)


def rechain(session: Session) -> tuple[list[bytes], ConsentEvent | None]:
    """Recompute every row's prev_hash and hash in seq order, positions renumbered."""
    frontier: list[bytes] = []
    prev: str | None = None
    last = None
    for position, row in enumerate(rows(session)):
        row.position, row.prev_hash = position, prev
        row.hash = own_hash(row)
        frontier_append(frontier, position, bytes.fromhex(row.hash))
        prev, last = row.hash, row
    session.flush()
    return frontier, last


def point_head(
    session: Session, frontier: list[bytes], last: ConsentEvent | None, size: int,
    key: Ed25519PrivateKey | None = None,
) -> None:  # fmt: skip
    """Set the head row to this tree, signed with `key` (else its old signature is kept)."""
    head = session.get(LedgerHead, 1)
    assert head is not None
    head.count, head.frontier = size, frontier_text(frontier)
    head.root_hash = frontier_root(frontier).hex()
    head.seq = last.seq if last else None
    head.event_id = last.event_id if last else None
    head.hash = last.hash if last else None
    if key is not None:
        signed = sign_head(key, size, frontier_root(frontier))
        head.signed_at, head.key_id = signed.timestamp, signed.key_id
        head.public_key, head.signature = signed.public_key, signed.signature


def rewrite(
    ws: Workspace, event_id: str, key: Ed25519PrivateKey | None = None, **values: Any
) -> None:
    """Edit one row, recompute every later hash, the tree and the head row."""
    edit(ws, event_id, **values)
    with ws.session() as s:
        frontier, last = rechain(s)
        point_head(s, frontier, last, len(rows(s)), key)


def delete_events(ws: Workspace, *event_ids: str) -> None:
    with ws.session() as s:
        s.execute(delete(ConsentEvent).where(ConsentEvent.event_id.in_(event_ids)))


def set_head(ws: Workspace, head: SignedHead, last_event_id: str) -> None:
    """Put an older, legitimately signed head (copied from the heads file) in the head row."""
    with ws.session() as s:
        kept = [r for r in rows(s) if r.position is not None and r.position < head.tree_size]
        frontier: list[bytes] = []
        for position, row in enumerate(kept):
            frontier_append(frontier, position, bytes.fromhex(row.hash or ""))
        row = s.get(LedgerHead, 1)
        assert row is not None and kept[-1].event_id == last_event_id
        row.count, row.frontier, row.root_hash = (
            head.tree_size,
            frontier_text(frontier),
            head.root_hash,
        )
        row.seq, row.event_id, row.hash = kept[-1].seq, kept[-1].event_id, kept[-1].hash
        row.signed_at, row.key_id, row.public_key = head.timestamp, head.key_id, head.public_key
        row.signature = head.signature
