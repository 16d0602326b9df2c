"""web sessions: server-side sign-in sessions and API tokens, revocable

Revision ID: 0005
Revises: 0004

A browser session (purpose `cookie`) and an API bearer token (purpose `bearer`) are each a
row holding the SHA-256 of their random secret, never the secret. Sign-out, a password
change and erasure delete the account's rows; the foreign keys cascade, so a member's
sessions go with the member's row whatever path deletes it (erasure, import).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("staff_username", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("purpose IN ('cookie', 'bearer')", name=op.f("ck_web_sessions_purpose")),
        sa.CheckConstraint(
            "(kind = 'member' AND member_id IS NOT NULL AND staff_username IS NULL) OR "
            "(kind = 'staff' AND staff_username IS NOT NULL AND member_id IS NULL)",
            name=op.f("ck_web_sessions_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.member_id"],
            name=op.f("fk_web_sessions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_username"],
            ["staff_accounts.username"],
            name=op.f("fk_web_sessions_staff_username_staff_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_web_sessions")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_member_id"), ["member_id"])
        batch_op.create_index(batch_op.f("ix_web_sessions_staff_username"), ["staff_username"])


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_staff_username"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_member_id"))
    op.drop_table("web_sessions")
