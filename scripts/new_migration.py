"""Autogenerate an Alembic migration: python scripts/new_migration.py MESSAGE REV_ID."""

import sys
import tempfile

from alembic import command
from alembic.config import Config

from consentgate.db import MIGRATIONS_DIR, create_engine_for

eng = create_engine_for(f"sqlite:///{tempfile.mkdtemp()}/autogen.sqlite")
cfg = Config()
cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
with eng.begin() as conn:
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    command.revision(cfg, message=sys.argv[1], autogenerate=True, rev_id=sys.argv[2])
