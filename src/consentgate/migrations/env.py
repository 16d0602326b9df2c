"""Alembic environment: always run with a connection handed in by consentgate.db."""

from alembic import context

from consentgate.db import Base
from consentgate.ledger import models as _ledger_models  # noqa: F401
from consentgate.network import models as _network_models  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
