"""ledger merkle: every stored field hashed (encoding 1), positions, a Merkle tree, signed heads

Revision ID: 0004
Revises: 0003

Adds each event's `position` (its 0-based index in the log) and `encoding` (the version of
the bytes its hash covers, see ledger/events.py), and the head row's tree: `frontier`, and
the signed tree head (`root_hash`, `signed_at`, `key_id`, `public_key`, `signature`).

The existing ledger is re-chained once, in seq order, with encoding 1, after checking that it
verifies under the previous encoding (a chain that does not is refused, never blessed), and
the new tree head is signed with the workspace's key (loaded or created, see
ledger/keys.py) as a checkpoint: stored in the head row and written as the first line of the
heads file. Columns are added with ALTER TABLE ADD COLUMN, so SQLite keeps the change
journal's triggers (migration 0003).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from consentgate.errors import LedgerTamperError
from consentgate.ledger.anchor import anchor_of
from consentgate.ledger.events import ENCODING_VERSION, encode, stored_fields
from consentgate.ledger.merkle import frontier_append, frontier_root, leaf_hash

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

BATCH = 5_000
_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_EVENTS = sa.table(
    "consent_events",
    sa.column("seq", _BIG),
    sa.column("event_id", sa.String()),
    sa.column("member_id", sa.String()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("type", sa.String()),
    sa.column("value", sa.JSON()),
    sa.column("policy_version", sa.String()),
    sa.column("channel", sa.String()),
    sa.column("recorded_at", sa.DateTime(timezone=True)),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
    sa.column("position", _BIG),
    sa.column("encoding", sa.SmallInteger()),
)
_HEAD_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("frontier", sa.Text()),
    ("root_hash", sa.String(length=64)),
    ("signed_at", _BIG),
    ("key_id", sa.String(length=64)),
    ("public_key", sa.String(length=64)),
    ("signature", sa.String(length=128)),
)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _previous_hash(prev: str | None, row: Any) -> str:
    """The chain hash before this migration (frozen here: the code no longer has it)."""
    canonical = json.dumps(
        {
            "event_id": row.event_id,
            "member_id": row.member_id,
            "at": _utc(row.at).astimezone(dt.UTC).isoformat(),
            "type": row.type,
            "channel": row.channel,
            "value": row.value,
            "policy_version": row.policy_version,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev or "").encode() + b"\n" + canonical.encode()).hexdigest()


def _rows(conn: sa.Connection) -> Iterator[Any]:
    last = None
    while True:
        query = sa.select(_EVENTS).order_by(_EVENTS.c.seq).limit(BATCH)
        if last is not None:
            query = query.where(_EVENTS.c.seq > last)
        rows = conn.execute(query).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def _refuse(what: str) -> LedgerTamperError:
    return LedgerTamperError(
        f"migration 0004: the consent ledger does not verify under its previous encoding "
        f"({what}); it is not re-chained. Restore the database from a backup."
    )


def _rechain(conn: sa.Connection) -> tuple[int, list[bytes], Any, str | None]:
    """Check the old chain and re-chain it with encoding 1.

    Returns the event count, the new tree's frontier, the last row and its new hash.
    """
    update = (
        sa.update(_EVENTS)
        .where(_EVENTS.c.seq == sa.bindparam("b_seq"))
        .values(
            position=sa.bindparam("b_position"),
            encoding=ENCODING_VERSION,
            prev_hash=sa.bindparam("b_prev"),
            hash=sa.bindparam("b_hash"),
        )
    )
    old_prev: str | None = None
    prev: str | None = None
    frontier: list[bytes] = []
    size, last, batch = 0, None, []
    for row in _rows(conn):
        if row.prev_hash != old_prev or _previous_hash(row.prev_hash, row) != row.hash:
            raise _refuse(f"event {row.event_id}, seq {row.seq}")
        old_prev = row.hash
        fields = stored_fields(
            row.event_id, row.member_id, _utc(row.at), row.type, row.channel, row.value,
            row.policy_version, _utc(row.recorded_at), size, prev,
        )  # fmt: skip
        leaf = leaf_hash(encode(fields))
        batch.append({"b_seq": row.seq, "b_position": size, "b_prev": prev, "b_hash": leaf.hex()})
        frontier_append(frontier, size, leaf)
        prev, size, last = leaf.hex(), size + 1, row
        if len(batch) >= BATCH:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)
    head = conn.execute(sa.text("SELECT hash, count FROM ledger_head WHERE id = 1")).first()
    if head is not None and (head[0] != old_prev or head[1] != size):
        raise _refuse(f"the head row says {head[1]} events ending {head[0]}, found {size}")
    return size, frontier, last, prev


def upgrade() -> None:
    for name, event_type in (("position", _BIG), ("encoding", sa.SmallInteger())):
        op.add_column("consent_events", sa.Column(name, event_type, nullable=True))
    for name, head_type in _HEAD_COLUMNS:
        op.add_column("ledger_head", sa.Column(name, head_type, nullable=True))
    conn = op.get_bind()
    size, frontier, last, last_hash = _rechain(conn)
    op.create_index("ix_consent_events_position", "consent_events", ["position"], unique=True)
    root = frontier_root(frontier)
    anchor = anchor_of(conn)
    signed = anchor.signer(None).sign(size, root) if anchor is not None else None
    conn.execute(sa.text("DELETE FROM ledger_head"))
    conn.execute(
        sa.text(
            "INSERT INTO ledger_head (id, seq, event_id, hash, count, frontier, root_hash, "
            "signed_at, key_id, public_key, signature) VALUES (1, :seq, :event_id, :hash, "
            ":count, :frontier, :root_hash, :signed_at, :key_id, :public_key, :signature)"
        ),
        {
            "seq": last.seq if last is not None else None,
            "event_id": last.event_id if last is not None else None,
            "hash": last_hash,
            "count": size,
            "frontier": ",".join(node.hex() for node in frontier),
            "root_hash": root.hex(),
            "signed_at": signed.timestamp if signed else None,
            "key_id": signed.key_id if signed else None,
            "public_key": signed.public_key if signed else None,
            "signature": signed.signature if signed else None,
        },
    )
    if anchor is not None and signed is not None:
        anchor.write_heads([signed], create=True)


def downgrade() -> None:
    conn = op.get_bind()
    prev: str | None = None
    size = 0
    for row in _rows(conn):
        digest = _previous_hash(prev, row)
        conn.execute(
            sa.update(_EVENTS).where(_EVENTS.c.seq == row.seq).values(prev_hash=prev, hash=digest)
        )
        prev, size = digest, size + 1
    conn.execute(sa.text("UPDATE ledger_head SET hash = :h, count = :n"), {"h": prev, "n": size})
    op.drop_index("ix_consent_events_position", table_name="consent_events")
    for name, _ in _HEAD_COLUMNS:
        op.execute(f"ALTER TABLE ledger_head DROP COLUMN {name}")
    for name in ("position", "encoding"):
        op.execute(f"ALTER TABLE consent_events DROP COLUMN {name}")
