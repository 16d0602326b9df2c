"""change journal: which members' inputs changed, written by triggers on every write path

Revision ID: 0003
Revises: 0002

Incremental dataset builds ask "whose records, profile or ledger events changed since the
parent's snapshot?". Triggers on `members`, `content` and `consent_events` append the member
id of every inserted, updated or deleted row to `change_journal`, so no write path (import,
erasure, the web app, a manual SQL fix) can bypass it.

- SQLite serialises writers and a reader sees a prefix of the commits, so the journal's
  AUTOINCREMENT `seq` is a sufficient watermark.
- PostgreSQL assigns sequence numbers before commit, so a change with a lower `seq` can
  commit after a snapshot that saw a higher one. Each row therefore also keeps the writing
  transaction's id (`xid`), and a build records its snapshot (`pg_current_snapshot()`); the
  next build asks for the rows that snapshot could not see. Statement-level triggers with
  transition tables keep COPY imports fast (one INSERT ... SELECT per statement).

A later SQLite "batch" migration that recreates one of these tables drops its triggers:
builds check that all nine exist and otherwise decide the whole network again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLES = ("members", "content", "consent_events")


def _sqlite_triggers() -> list[str]:
    out = []
    for table in TABLES:
        out += [
            f"CREATE TRIGGER cg_journal_{table}_ins AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO change_journal (member_id) VALUES (NEW.member_id); END",
            f"CREATE TRIGGER cg_journal_{table}_del AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO change_journal (member_id) VALUES (OLD.member_id); END",
            f"CREATE TRIGGER cg_journal_{table}_upd AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO change_journal (member_id) VALUES (OLD.member_id); "
            f"INSERT INTO change_journal (member_id) SELECT NEW.member_id "
            f"WHERE NEW.member_id IS NOT OLD.member_id; END",
        ]
    return out


_PG_FUNCTIONS = {
    "ins": "INSERT INTO change_journal (member_id) SELECT DISTINCT member_id FROM new_rows",
    "del": "INSERT INTO change_journal (member_id) SELECT DISTINCT member_id FROM old_rows",
    "upd": (
        "INSERT INTO change_journal (member_id) SELECT member_id FROM old_rows "
        "UNION SELECT member_id FROM new_rows"
    ),
}
_PG_EVENTS = {
    "ins": ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    "del": ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    "upd": ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
}


def _postgres_triggers() -> list[str]:
    out = [
        f"CREATE FUNCTION cg_journal_{op_}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {body}; RETURN NULL; END $$"
        for op_, body in _PG_FUNCTIONS.items()
    ]
    for table in TABLES:
        for op_, (event, referencing) in _PG_EVENTS.items():
            out.append(
                f"CREATE TRIGGER cg_journal_{table}_{op_} AFTER {event} ON {table} "
                f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION cg_journal_{op_}()"
            )
    return out


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    columns: list[sa.schema.SchemaItem] = [
        sa.Column("seq", big, autoincrement=True, nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_journal")),
    ]
    op.create_table("change_journal", *columns, sqlite_autoincrement=True)
    if dialect == "postgresql":
        op.execute(
            "ALTER TABLE change_journal ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()"
        )
        op.execute("CREATE INDEX ix_change_journal_xid ON change_journal (xid)")
        statements = _postgres_triggers()
    else:
        statements = _sqlite_triggers()
    for statement in statements:
        op.execute(statement)
    # Time-dependent change detection reads content by created_at (ER1 between two as-ofs).
    with op.batch_alter_table("content", schema=None) as batch_op:
        batch_op.create_index("ix_content_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("content", schema=None) as batch_op:
        batch_op.drop_index("ix_content_created_at")
    for table in TABLES:
        for op_ in ("ins", "del", "upd"):
            suffix = f" ON {table}" if dialect == "postgresql" else ""
            op.execute(f"DROP TRIGGER IF EXISTS cg_journal_{table}_{op_}{suffix}")
    if dialect == "postgresql":
        for op_ in _PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS cg_journal_{op_}()")
    op.drop_table("change_journal")
