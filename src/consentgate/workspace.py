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

    from consentgate.ledger.anchor import LedgerAnchor
    from consentgate.ledger.keys import KeySettings

DEFAULT_HOME = Path("consentgate-home")
HOME_ENV = "CONSENTGATE_HOME"
DATABASE_URL_ENV = "CONSENTGATE_DATABASE_URL"
# The ledger's signing key (see ledger/keys.py): the key itself, or the path of its file;
# otherwise a file per key id under the user's config directory.
LEDGER_KEY_ENV = "CONSENTGATE_LEDGER_KEY"
LEDGER_KEY_FILE_ENV = "CONSENTGATE_LEDGER_KEY_FILE"
SQLITE_PREFIX = "sqlite:///"


def default_keys_dir() -> Path:
    """Where the ledger's key files go by default: `$XDG_CONFIG_HOME` (else ~/.config)
    /consentgate/ledger-keys."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "consentgate" / "ledger-keys"


@dataclass
class Workspace:
    """A consentgate home: `db.sqlite` (unless a database URL says otherwise), datasets, models."""

    home: Path
    database_url: str
    explicit: bool = False
    ledger_key: str | None = field(default=None, repr=False, compare=False)
    ledger_key_file: Path | None = None
    ledger_keys_dir: Path = field(default_factory=default_keys_dir)
    _engine: Engine | None = field(default=None, repr=False, compare=False)
    _anchor: LedgerAnchor | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, home: Path | str | None = None, database_url: str | None = None) -> Workspace:
        """Resolve the home from the argument, then CONSENTGATE_HOME, then ./consentgate-home."""
        explicit = home is not None or HOME_ENV in os.environ
        resolved = Path(home or os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser()
        if resolved.exists() and not resolved.is_dir():
            raise ConfigError(f"{resolved}: workspace home exists and is not a directory")
        url = database_url or os.environ.get(DATABASE_URL_ENV)
        if not url:
            url = f"{SQLITE_PREFIX}{(resolved / 'db.sqlite').resolve()}"
        key_file = os.environ.get(LEDGER_KEY_FILE_ENV)
        return cls(
            home=resolved,
            database_url=url,
            explicit=explicit,
            ledger_key=os.environ.get(LEDGER_KEY_ENV) or None,
            ledger_key_file=Path(key_file).expanduser() if key_file else None,
        )

    @property
    def datasets_dir(self) -> Path:
        return self.home / "datasets"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, None for a server database."""
        if not self.database_url.startswith(SQLITE_PREFIX):
            return None
        path = self.database_url[len(SQLITE_PREFIX) :].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None

    def _ledger_file(self, suffix: str) -> Path:
        """Beside the SQLite file (`db-ledger-heads.jsonl`), else in the home."""
        sqlite = self.sqlite_path
        if sqlite is not None:
            return sqlite.with_name(f"{sqlite.stem}-ledger-{suffix}")
        return self.home / f"ledger-{suffix}"

    @property
    def ledger_heads_file(self) -> Path:
        """The append-only file of the ledger's signed tree heads."""
        return self._ledger_file("heads.jsonl")

    @property
    def ledger_key_record(self) -> Path:
        """The workspace's record of its ledger key's id and public key."""
        return self._ledger_file("key.json")

    @property
    def ledger_anchor(self) -> LedgerAnchor:
        """What the ledger keeps outside the database: key settings, heads file, key record."""
        if self._anchor is None:
            from consentgate.ledger.anchor import LedgerAnchor

            self._anchor = LedgerAnchor(
                self.ledger_heads_file, self.ledger_key_record, self.key_settings()
            )
        return self._anchor

    def key_settings(self) -> KeySettings:
        from consentgate.ledger.keys import KeySettings

        return KeySettings(self.ledger_key, self.ledger_key_file, self.ledger_keys_dir)

    @property
    def engine(self) -> Engine:
        """The database engine, created (and the schema migrated) on first use."""
        if self._engine is None:
            from consentgate.db import create_engine_for, upgrade_schema
            from consentgate.ledger.anchor import attach_anchor

            self.home.mkdir(parents=True, exist_ok=True)
            engine = create_engine_for(self.database_url)
            # Before the migrations: 0004 signs its checkpoint with the workspace's key.
            attach_anchor(engine, self.ledger_anchor)
            upgrade_schema(engine)
            self._engine = engine
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
        if not self.database_url.startswith(SQLITE_PREFIX):
            return True
        return Path(self.database_url[len(SQLITE_PREFIX) :]).exists()

    def member_names(self) -> list[str]:
        """Every member's full name, for the member-name recogniser."""
        from sqlalchemy import select

        from consentgate.models import Member

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
