"""Web fixtures: fast password hashing, a workspace with a few members and a DPO, the app
under TestClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_fixtures import browser, live_server, shots  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient
from web_helpers import make_settings, populate

from consentgate.network.passwords import PROFILE_ENV
from consentgate.web.app import create_app
from consentgate.workspace import Workspace


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2's cheapest parameters for every hash and the decoy alike (the test-only
    profile); the timing test turns it off again to measure the real parameters."""
    monkeypatch.setenv(PROFILE_ENV, "test")


@pytest.fixture
def web_ws(workspace: Workspace) -> Workspace:
    populate(workspace)
    return workspace


@pytest.fixture
def client(web_ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(web_ws, make_settings())) as test_client:
        yield test_client
