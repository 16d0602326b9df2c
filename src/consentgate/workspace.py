"""The workspace: one directory that holds the database, datasets and models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from consentgate.db import create_engine_for, upgrade_schema
from consentgate.errors import ConfigError
from consentgate.ledger.anchor import LedgerAnchor, attach_anchor
from consentgate.ledger.keys import KeySettings
from consentgate.models import Member
from consentgate.settings import DEFAULT_HOME, Settings, load_settings

SQLITE_PREFIX = "sqlite:///"


@dataclass
class Workspace:
    """A consentgate home: `db.sqlite` (unless a database URL says otherwise), datasets, models.

    `explicit`: the home was named (`--home` or CONSENTGATE_HOME), not the default.
    `settings`: everything configurable, read once (consentgate.settings).
    """

    home: Path
    database_url: str
    explicit: bool = False
    settings: Settings = field(default_factory=load_settings, repr=False, compare=False)
    _engine: Engine | None = field(default=None, repr=False, compare=False)
    _anchor: LedgerAnchor | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(
        cls,
        home: Path | str | None = None,
        database_url: str | None = None,
        *,
        settings: Settings | None = None,
    ) -> Workspace:
        """The workspace of `settings` (read from the environment when not given), its home
        and database URL replaced by the arguments given; ./consentgate-home by default."""
        if settings is None:
            settings = load_settings(home=home, database_url=database_url)
        elif home is not None or database_url is not None:
            given = {"home": Path(home) if home is not None else None, "database_url": database_url}
            settings = settings.model_copy(update={k: v for k, v in given.items() if v})
        resolved = (settings.home or DEFAULT_HOME).expanduser()
        if resolved.exists() and not resolved.is_dir():
            raise ConfigError(f"{resolved}: workspace home exists and is not a directory")
        url = settings.database_url or f"{SQLITE_PREFIX}{(resolved / 'db.sqlite').resolve()}"
        return cls(resolved, url, explicit=settings.home is not None, settings=settings)

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
    def ledger_keys_dir(self) -> Path:
        """Where the ledger's key files go unless a key or key file is set."""
        return self.settings.ledger_keys_dir

    @property
    def ledger_anchor(self) -> LedgerAnchor:
        """What the ledger keeps outside the database: key settings, heads file, key record."""
        if self._anchor is None:
            self._anchor = LedgerAnchor(
                self.ledger_heads_file, self.ledger_key_record, self.key_settings()
            )
        return self._anchor

    def key_settings(self) -> KeySettings:
        key = self.settings.ledger_key
        return KeySettings(
            key.get_secret_value() if key is not None else None,
            self.settings.ledger_key_file,
            self.settings.ledger_keys_dir,
        )

    @property
    def engine(self) -> Engine:
        """The database engine, created (and the schema migrated) on first use."""
        if self._engine is None:
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
        with self.session() as session:
            return [name for (name,) in session.execute(select(Member.name)) if name]

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
