"""consent feed: public ids, the transactional outbox, feed clients and tokens, webhooks

Revision ID: 0007
Revises: 0006

The outbox (`consent_outbox`) gets a row per ledger event in the event's own transaction
(ledger/store.py), and rows for changes that time or policy bring (workflows/feed.py). Every
table names a member by id only. Existing events are not copied into the outbox: the feed
starts with the first event after the upgrade, and the first scan publishes every member's
current decision (see docs/web.md, "The consent feed").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    at = sa.DateTime(timezone=True)
    op.create_table(
        "public_profiles",
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("public_id", sa.String(32), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.member_id"],
            name=op.f("fk_public_profiles_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_public_profiles")),
        sa.UniqueConstraint("public_id", name=op.f("uq_public_profiles_public_id")),
    )
    op.create_table(
        "consent_outbox",
        sa.Column("id", big, autoincrement=True, nullable=False),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ledger_seq", big, nullable=True),
        sa.Column("event_id", sa.String(64), nullable=True),
        sa.Column("created_at", at, nullable=False),
        sa.Column("resolved_at", at, nullable=True),
        sa.Column("policy_id", sa.String(64), nullable=True),
        sa.Column("may_train", sa.Boolean(), nullable=True),
        sa.Column("since", at, nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_outbox")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_consent_outbox_member_id"), "consent_outbox", ["member_id"])
    op.create_index("ix_consent_outbox_resolved_at", "consent_outbox", ["resolved_at"])
    op.create_table(
        "feed_member_state",
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("policy_id", sa.String(64), nullable=False),
        sa.Column("may_train", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("outbox_id", big, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_feed_member_state")),
    )
    op.create_table(
        "feed_clients",
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", at, nullable=True),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_feed_clients")),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("expires_at", at, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["feed_clients.client_id"],
            name=op.f("fk_feed_tokens_client_id_feed_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_feed_tokens")),
    )
    op.create_index(op.f("ix_feed_tokens_client_id"), "feed_tokens", ["client_id"])
    op.create_table(
        "webhooks",
        sa.Column("webhook_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("cursor", big, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("webhook_id", name=op.f("pk_webhooks")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", big, autoincrement=True, nullable=False),
        sa.Column("webhook_id", sa.String(64), nullable=False),
        sa.Column("outbox_id", big, nullable=False),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", at, nullable=False),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("delivered_at", at, nullable=True),
        sa.ForeignKeyConstraint(
            ["webhook_id"],
            ["webhooks.webhook_id"],
            name=op.f("fk_webhook_deliveries_webhook_id_webhooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "webhook_id", "outbox_id", name=op.f("uq_webhook_deliveries_webhook_id")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_webhook_deliveries_status_next_at", "webhook_deliveries", ["status", "next_at"]
    )
    op.create_index(
        "ix_webhook_deliveries_member",
        "webhook_deliveries",
        ["webhook_id", "member_id", "outbox_id"],
    )


def downgrade() -> None:
    for table in (
        "webhook_deliveries",
        "webhooks",
        "feed_tokens",
        "feed_clients",
        "feed_member_state",
        "consent_outbox",
        "public_profiles",
    ):
        op.drop_table(table)
