"""Browser fixtures shared by the Chromium test modules (conftest imports them): one
Chromium per module (Playwright's event loop must end before the tests that run their own),
the app under uvicorn per test, the screenshots folder."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from web_helpers import make_settings, populate

from consentgate.web.app import create_app
from consentgate.workspace import Workspace

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(sqlite_workspace: Workspace) -> Iterator[str]:
    populate(sqlite_workspace)
    port = _free_port()
    config = uvicorn.Config(
        create_app(sqlite_workspace, make_settings()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            "browser tests need Debian's Chromium at /usr/bin/chromium: "
            "apt-get install chromium chromium-driver (make test does it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    path = Path(request.config.rootpath) / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
