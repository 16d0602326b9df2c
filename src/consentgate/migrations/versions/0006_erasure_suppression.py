"""erasure suppression list: keyed hashes of erased members' name keys, never the names

Revision ID: 0006
Revises: 0005

Redaction keeps recognising an erased member's name in other members' texts from these
hashes (see redact/recognizers/suppressed.py and docs/policy.md, "Suppression list").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "erasure_suppression",
        sa.Column("id", big, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("first_hash", sa.String(length=64), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_suppression")),
        sa.UniqueConstraint("event_id", "key_hash", name=op.f("uq_erasure_suppression_event_id")),
    )
    op.create_index(op.f("ix_erasure_suppression_event_id"), "erasure_suppression", ["event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_erasure_suppression_event_id"), table_name="erasure_suppression")
    op.drop_table("erasure_suppression")
