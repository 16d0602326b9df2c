"""Fixtures of the golden tests (golden_helpers.py says what they pin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from golden_helpers import (
    AS_OF,
    LEDGER_KEY,
    MEMBERS,
    POLICY,
    SEED,
    SHARD_KEY,
    SHARDS,
    SUPPRESSION_KEY,
    Golden,
    GoldenBuild,
)

from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import build_dataset
from consentgate.workspace import Workspace


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture(scope="session")
def golden_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GoldenBuild]:
    """A SQLite workspace holding the synthetic network, and its dataset version."""
    root = tmp_path_factory.mktemp("golden")
    home = root / "home"
    for name, key in (("shard.key", SHARD_KEY), ("suppression.key", SUPPRESSION_KEY)):
        (home / "pipeline").mkdir(parents=True, exist_ok=True)
        (home / "pipeline" / name).write_text(key + "\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CONSENTGATE_LEDGER_KEY", LEDGER_KEY)
        env.setenv("XDG_CONFIG_HOME", str(root / "config"))
        env.delenv("CONSENTGATE_DATABASE_URL", raising=False)
        ws = Workspace.open(home)
        generate_network(MEMBERS, SEED).write_interchange(root / "network")
        import_directory(ws, root / "network")
        info = build_dataset(ws, as_of=AS_OF, policy=POLICY, shards=SHARDS)
    yield GoldenBuild(ws, info.version, info.path)
    ws.close()
