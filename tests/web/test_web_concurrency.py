"""Many concurrent API writes against a real uvicorn: no deadlock, no error, no lost event."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from web_helpers import PEOPLE, api_token, make_settings, populate

from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent
from consentgate.web.app import create_app
from consentgate.workspace import Workspace


@pytest.fixture
def server(workspace: Workspace) -> Iterator[str]:
    populate(workspace)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Two request threads for 40 concurrent requests: far more requests than threads/connections.
    app = create_app(workspace, make_settings(threads=2))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


async def _hammer(base: str, tokens: list[str], n: int) -> list[int]:
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:

        async def one(i: int) -> int:
            headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
            body = {"enabled": bool(i % 2)}
            response = await client.put(
                "/api/v1/me/ai-training-setting", json=body, headers=headers
            )
            if i % 3 == 0:
                await client.get("/api/v1/me/notices", headers=headers)
            return response.status_code

        return list(await asyncio.gather(*(one(i) for i in range(n))))


def test_concurrent_writes_all_land_in_the_ledger(server: str, workspace: Workspace) -> None:
    tokens = [api_token(workspace, p.member_id) for p in PEOPLE]
    statuses = asyncio.run(_hammer(server, tokens, 40))
    assert statuses == [200] * 40
    with workspace.session() as session:
        query = select(func.count()).where(ConsentEvent.type == "ai_training_setting")
        assert session.scalar(query) == 40
        assert verify_ledger(session).ok
