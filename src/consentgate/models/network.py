"""Tables for members, their content, their secrets, their sign-in sessions, and the erased
names as keyed hashes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from consentgate.models.base import Base


class Member(Base):
    """A member's identity and profile, as the interchange's members.jsonl holds it."""

    __tablename__ = "members"

    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(2), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    headline: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(200))
    positions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    education: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)


class ContentRecord(Base):
    """One piece of member content: a post, comment, message, prompt, salary record..."""

    __tablename__ = "content"

    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("members.member_id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    visibility: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(String(64))
    group_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_content_member_id", "member_id"),
        Index("ix_content_created_at", "created_at"),
    )


class MemberSecret(Base):
    """What must never train a model or leave through an API: credentials and salary."""

    __tablename__ = "member_secrets"

    member_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("members.member_id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    salary_amount: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
    salary_currency: Mapped[str | None] = mapped_column(String(3))


class AuthSession(Base):
    """A signed-in browser session (purpose `cookie`) or an API bearer token (`bearer`).

    Only the SHA-256 of the random secret is stored: the database never holds a usable
    credential. A row goes on sign-out, on a password change and with its account (the
    foreign keys cascade, so an erased member's sessions cannot outlive the member).
    """

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    member_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("members.member_id", ondelete="CASCADE"), index=True
    )
    staff_username: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("staff_accounts.username", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("purpose IN ('cookie', 'bearer')", name="purpose"),
        CheckConstraint(
            "(kind = 'member' AND member_id IS NOT NULL AND staff_username IS NULL) OR "
            "(kind = 'staff' AND staff_username IS NOT NULL AND member_id IS NULL)",
            name="subject",
        ),
    )


class ErasureSuppression(Base):
    """One name key of an erased member, as keyed hashes only (the suppression list).

    Kept so that redaction still recognises the erased person's name in other members'
    texts (redact.recognizers.suppressed); `event_id` is the erasure's ledger event. No name, no
    member id: with the workspace's suppression key a guess can be tested, nothing more.
    """

    __tablename__ = "erasure_suppression"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    first_hash: Mapped[str] = mapped_column(String(64))
    words: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("event_id", "key_hash"),)
