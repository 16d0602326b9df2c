"""Shared fixtures: a throwaway workspace per test, on SQLite and on PostgreSQL.

PostgreSQL runs when CONSENTGATE_TEST_POSTGRES_URL is set (make test sets it) or when a
server answers at 127.0.0.1:5432; each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from consentgate.workspace import Workspace

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str | None:
    url = os.environ.get("CONSENTGATE_TEST_POSTGRES_URL")
    if url == "":
        return None
    candidate = url or DEFAULT_PG_URL
    try:
        import psycopg

        conninfo = candidate.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo, connect_timeout=2):
            return candidate
    except Exception:
        if url:
            raise
        return None


POSTGRES_URL = _postgres_url()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files of tests/golden/data from this tree's output "
        "(commit them with the reason the output changed)",
    )


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def ledger_config_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config directory of the test session, standing in for ~/.config."""
    return tmp_path_factory.mktemp("config-home")


@pytest.fixture(scope="session", autouse=True)
def _session_bases_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Pre-trained base models go to one cache of the test session (each config's base is
    pre-trained once per session, then shared by every workspace), never to the user's."""
    cache = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        patch.delenv("CONSENTGATE_BASES_DIR", raising=False)
        yield cache


@pytest.fixture(autouse=True)
def _hermetic_ledger_keys(monkeypatch: pytest.MonkeyPatch, ledger_config_home: Path) -> None:
    """Ledger signing keys go to the session's config directory, never to the user's (CLI
    subprocesses inherit it); no key from the environment leaks in."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ledger_config_home))
    monkeypatch.delenv("CONSENTGATE_LEDGER_KEY", raising=False)
    monkeypatch.delenv("CONSENTGATE_LEDGER_KEY_FILE", raising=False)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite'}"
        return
    if POSTGRES_URL is None:
        pytest.skip("no PostgreSQL server (set CONSENTGATE_TEST_POSTGRES_URL)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    conninfo = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def workspace(tmp_path: Path, database_url: str) -> Iterator[Workspace]:
    """An empty, migrated workspace on the parametrised backend."""
    ws = Workspace.open(tmp_path / "home", database_url)
    _ = ws.engine
    yield ws
    ws.close()


@pytest.fixture
def sqlite_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """An empty SQLite workspace, for tests whose subject is not the database."""
    ws = Workspace.open(tmp_path / "home")
    _ = ws.engine
    yield ws
    ws.close()
