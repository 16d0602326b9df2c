"""The workspace: one directory that holds the database, datasets and models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from consentgate.errors import ConfigError

if TYPE_CHECKING:
    import typer
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

DEFAULT_HOME = Path("consentgate-home")
HOME_ENV = "CONSENTGATE_HOME"
DATABASE_URL_ENV = "CONSENTGATE_DATABASE_URL"


@dataclass
class Workspace:
    """A consentgate home: `db.sqlite` (unless a database URL says otherwise), datasets, models."""

    home: Path
    database_url: str
    explicit: bool = False
    _engine: Engine | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, home: Path | str | None = None, database_url: str | None = None) -> Workspace:
        """Resolve the home from the argument, then CONSENTGATE_HOME, then ./consentgate-home."""
        explicit = home is not None or HOME_ENV in os.environ
        resolved = Path(home or os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser()
        if resolved.exists() and not resolved.is_dir():
            raise ConfigError(f"{resolved}: workspace home exists and is not a directory")
        url = database_url or os.environ.get(DATABASE_URL_ENV)
        if not url:
            url = f"sqlite:///{(resolved / 'db.sqlite').resolve()}"
        return cls(home=resolved, database_url=url, explicit=explicit)

    @property
    def datasets_dir(self) -> Path:
        return self.home / "datasets"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def engine(self) -> Engine:
        """The database engine, created (and the schema migrated) on first use."""
        if self._engine is None:
            from consentgate.db import create_engine_for, upgrade_schema

            self.home.mkdir(parents=True, exist_ok=True)
            self._engine = create_engine_for(self.database_url)
            upgrade_schema(self._engine)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        from sqlalchemy.orm import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def exists(self) -> bool:
        """Whether the workspace was made already: its SQLite file is there, or a database
        URL names a server."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return True
        return Path(self.database_url[len(prefix) :]).exists()

    def member_names(self) -> list[str]:
        """Every member's full name, for the member-name recogniser."""
        from sqlalchemy import select

        from consentgate.network.models import Member

        with self.session() as session:
            return [name for (name,) in session.execute(select(Member.name)) if name]

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def workspace_from_context(ctx: typer.Context) -> Workspace:
    """The workspace the root CLI callback opened."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Workspace):
        return Workspace.open()
    return obj
