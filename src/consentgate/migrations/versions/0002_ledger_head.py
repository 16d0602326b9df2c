"""ledger head: the last event and the event count, so deleting the last event shows

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", big, nullable=True),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.Column("count", big, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_head")),
    )
    # Start the head at the chain as it stands (events appended before this migration).
    op.execute(
        "INSERT INTO ledger_head (id, seq, event_id, hash, count) "
        "SELECT 1, e.seq, e.event_id, e.hash, (SELECT COUNT(*) FROM consent_events) "
        "FROM (SELECT 1 AS one) AS d LEFT JOIN consent_events AS e "
        "ON e.seq = (SELECT MAX(seq) FROM consent_events)"
    )


def downgrade() -> None:
    op.drop_table("ledger_head")
