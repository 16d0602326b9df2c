"""Tables of the consent ledger, member requests and forgetting receipts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consentgate.models.base import Base


class ConsentEvent(Base):
    """One ledger event. No foreign key to members: events outlive an erasure as its tombstone."""

    __tablename__ = "consent_events"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    # The Merkle leaf hash of the row's encoding (events.py), which holds prev_hash.
    hash: Mapped[str | None] = mapped_column(String(64))
    # The event's index in the log (0-based, without gaps, unlike seq), and the encoding
    # version its hash was computed with (migration 0004).
    position: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    encoding: Mapped[int | None] = mapped_column(SmallInteger)

    __table_args__ = (
        Index("ix_consent_events_member_at", "member_id", "at"),
        Index("ix_consent_events_position", "position", unique=True),
    )


class MemberRequest(Base):
    """A GDPR request (objection, restriction, erasure) with its status and legal due date."""

    __tablename__ = "member_requests"

    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    event_id: Mapped[str | None] = mapped_column(String(64))


class ForgetReceipt(Base):
    """What a member's withdrawal removed, from which dataset and model versions, and when."""

    __tablename__ = "forget_receipts"

    receipt_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class StaffAccount(Base):
    """A platform staff login (the DPO role) for the dashboard."""

    __tablename__ = "staff_accounts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="dpo")


class LedgerHead(Base):
    """The log's head, one row (id 1): the last event, the tree and its signed head.

    `count` is the tree size; `frontier` the roots of the tree's perfect subtrees, largest
    first (comma-separated hex), from which an append computes the new root; `root_hash`,
    `signed_at` (ms since the epoch), `key_id`, `public_key` and `signature` the signed tree
    head of the last committed append transaction. Writers lock this row to serialise
    appends (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the UPDATE takes the database
    write lock).
    """

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    event_id: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    frontier: Mapped[str | None] = mapped_column(Text)
    root_hash: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    key_id: Mapped[str | None] = mapped_column(String(64))
    public_key: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(128))


class ChangeJournal(Base):
    """One member whose inputs changed: triggers append a row per write (migration 0003).

    Written only by database triggers on `members`, `content` and `consent_events`; on
    PostgreSQL the table also keeps the writer's transaction id (`xid`, not mapped here)
    so incremental builds can find changes committed after their parent's snapshot.
    """

    __tablename__ = "change_journal"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    member_id: Mapped[str] = mapped_column(String(64))

    __table_args__ = {"sqlite_autoincrement": True}
