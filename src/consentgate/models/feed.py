"""Tables of the public pages and the consent feed: public ids, the outbox, the last state
published per member, the feed's service clients and their tokens, webhooks and deliveries.

Everything here names a member by `member_id` only: no name, no e-mail, no text. An erasure
leaves the member id and the erasure itself, and blanks the rest (workflows/feed.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from consentgate.models.base import Base
from consentgate.models.vocabulary import EVENT_TYPES

_BIG = BigInteger().with_variant(Integer, "sqlite")


class PublicProfile(Base):
    """A member's public id (`/in/<public_id>`): random, never derived from the name; goes
    with the member's row (an erased member's page is gone)."""

    __tablename__ = "public_profiles"

    member_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("members.member_id", ondelete="CASCADE"), primary_key=True
    )
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ConsentOutbox(Base):
    """One entry of the consent feed; `id` is the feed's cursor.

    Rows of ledger events are inserted by the ledger's append, in the transaction of the
    events (ledger/store.py); rows of changes that time or policy bring (`kind` turned_18,
    notice_period_ended, rule_effective, policy_changed) by the feed's scan. `resolved_at` is
    set once the decision (`may_train`, `since`, `reason`) is computed under `policy_id`.
    """

    __tablename__ = "consent_outbox"

    id: Mapped[int] = mapped_column(_BIG, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ledger_seq: Mapped[int | None] = mapped_column(_BIG)
    event_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    policy_id: Mapped[str | None] = mapped_column(String(64))
    may_train: Mapped[bool | None] = mapped_column(Boolean)
    since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_consent_outbox_resolved_at", "resolved_at"),
        {"sqlite_autoincrement": True},
    )


class FeedMemberState(Base):
    """The decision last published on the feed for a member: the scan compares the decision
    now against it to find changes that no event caused."""

    __tablename__ = "feed_member_state"

    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(64))
    may_train: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(32))
    outbox_id: Mapped[int] = mapped_column(_BIG)


class FeedClient(Base):
    """A downstream service allowed to read the feed (client credentials, created and
    revoked by the DPO); only the SHA-256 of its secret is kept."""

    __tablename__ = "feed_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class FeedToken(Base):
    """A client's bearer token, scoped to the feed, kept server-side like the web sessions:
    the SHA-256 of the secret only; it goes with its client (revoking deletes the tokens)."""

    __tablename__ = "feed_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("feed_clients.client_id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Webhook(Base):
    """A push subscriber registered by the DPO: where to send, the signing secret (Standard
    Webhooks `whsec_` form) and which change kinds; `cursor` is the last outbox id queued."""

    __tablename__ = "webhooks"

    webhook_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(128))
    kinds: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    cursor: Mapped[int] = mapped_column(_BIG, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WebhookDelivery(Base):
    """One outbox entry to send to one webhook: pending, delivered or dead (the dead-letter
    list). The body is built from the outbox row when sent, so nothing here holds more than
    the member id; `last_error` is the receiver's status or the connection error."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(_BIG, primary_key=True, autoincrement=True)
    webhook_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("webhooks.webhook_id", ondelete="CASCADE")
    )
    outbox_id: Mapped[int] = mapped_column(_BIG)
    member_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(200))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("webhook_id", "outbox_id"),
        Index("ix_webhook_deliveries_status_next_at", "status", "next_at"),
        Index("ix_webhook_deliveries_member", "webhook_id", "member_id", "outbox_id"),
        {"sqlite_autoincrement": True},
    )


# What a feed entry's `kind` can be: a ledger event's type (the event caused the change), or
# a change that time or policy brought: the first publication of a member's answer (`state`),
# a member turning 18, a notice period ending, a region rule taking effect, a new default
# policy. Derived from EVENT_TYPES, so a new event type is a feed kind too.
TIME_KINDS = ("state", "turned_18", "notice_period_ended", "rule_effective", "policy_changed")
CHANGE_KINDS: tuple[str, ...] = (*EVENT_TYPES, *TIME_KINDS)
