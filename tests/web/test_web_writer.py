"""Group commit of choices: concurrent requests share a transaction, lose nothing, fail together."""

from __future__ import annotations

import asyncio
from contextlib import nullcontext

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from web_helpers import FR, MINOR, OTHER, PEOPLE, US, api_token_hash

from consentgate.ledger.requests import file_request
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent
from consentgate.web.errors import ForbiddenError, NotAuthenticatedError, WriteFailedError
from consentgate.web.writer import ChoiceRequest, ChoiceWriter, write_batch
from consentgate.workspace import Workspace


def _choice_events(ws: Workspace) -> int:
    with ws.session() as session:
        query = select(func.count()).where(ConsentEvent.type == "ai_training_setting")
        return int(session.scalar(query) or 0)


class CountingWriter(ChoiceWriter):
    """Records the size of each batch it writes."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(lambda: Session(ws.engine, expire_on_commit=False), nullcontext())
        self.batches: list[int] = []

    def _write(self, batch: list[ChoiceRequest]) -> list:  # type: ignore[type-arg]
        self.batches.append(len(batch))
        return super()._write(batch)


@pytest.fixture
def tokens(web_ws: Workspace) -> dict[str, str]:
    """Each person's bearer token, as its stored hash (what a batch's request carries)."""
    return {p.member_id: api_token_hash(web_ws, p.member_id) for p in PEOPLE}


def test_concurrent_choices_share_batches_and_all_land(
    web_ws: Workspace, tokens: dict[str, str]
) -> None:
    writer = CountingWriter(web_ws)

    async def main() -> list:  # type: ignore[type-arg]
        calls = [
            writer.record(tokens[PEOPLE[i % len(PEOPLE)].member_id], bool(i % 2), "api")
            for i in range(30)
        ]
        return list(await asyncio.gather(*calls))

    results = asyncio.run(main())
    assert sum(writer.batches) == 30 and len(writer.batches) < 30, writer.batches
    assert [event.value for _, event in results] == [bool(i % 2) for i in range(30)]
    assert [member.member_id for member, _ in results[:4]] == [p.member_id for p in PEOPLE]
    assert _choice_events(web_ws) == 30
    with web_ws.session() as session:
        assert verify_ledger(session).ok
        # Ledger order is request order, within a batch and across batches.
        ids = [event.event_id for _, event in results]
        stored = session.scalars(
            select(ConsentEvent.event_id)
            .where(ConsentEvent.type == "ai_training_setting")
            .order_by(ConsentEvent.seq)
        ).all()
        assert stored == ids


def test_an_erased_member_in_a_batch_fails_alone(web_ws: Workspace, tokens: dict[str, str]) -> None:
    with web_ws.session() as session:
        file_request(session, OTHER.member_id, "erasure", channel="api")
    with web_ws.session() as session:
        batch = [
            ChoiceRequest(tokens[FR.member_id], False, "ios"),
            ChoiceRequest(tokens[OTHER.member_id], False, "ios"),
            ChoiceRequest(tokens[US.member_id], True, "android"),
            ChoiceRequest(tokens[MINOR.member_id], True, "ios"),
            ChoiceRequest("0" * 64, False, "ios"),
        ]
        outcomes = write_batch(session, batch)
        session.commit()
    assert isinstance(outcomes[1], NotAuthenticatedError)  # the token went with the member
    assert isinstance(outcomes[3], ForbiddenError) and "under 18" in str(outcomes[3])
    assert isinstance(outcomes[4], NotAuthenticatedError)  # no such token
    assert [o[0].member_id for o in (outcomes[0], outcomes[2])] == [FR.member_id, US.member_id]
    with web_ws.session() as session:
        assert ConsentLedger(session).events_for(OTHER.member_id)[-1].type == "erasure"
        assert verify_ledger(session).ok
    assert _choice_events(web_ws) == 2


def test_a_failed_transaction_fails_every_request_and_writes_nothing(
    web_ws: Workspace, tokens: dict[str, str]
) -> None:
    class LostConnection(Session):
        def commit(self) -> None:  # the events are inserted, the commit never happens
            raise RuntimeError("connection lost")

    writer = ChoiceWriter(lambda: LostConnection(web_ws.engine), nullcontext())

    async def main() -> list[BaseException | None]:
        calls = [writer.record(tokens[p.member_id], False, "api") for p in PEOPLE]
        results = await asyncio.gather(*calls, return_exceptions=True)
        return [r if isinstance(r, BaseException) else None for r in results]

    errors = asyncio.run(main())
    assert all(isinstance(e, WriteFailedError) for e in errors), errors
    assert len({id(e) for e in errors}) == len(errors)  # one error per request
    assert _choice_events(web_ws) == 0
    with web_ws.session() as session:
        assert verify_ledger(session).ok


def test_write_failed_is_a_503_with_one_line(web_ws: Workspace) -> None:
    from fastapi.testclient import TestClient
    from web_helpers import bearer, make_settings

    from consentgate.web.app import create_app

    app = create_app(web_ws, make_settings())

    async def failing(token_hash: str, enabled: bool, channel: str) -> None:
        raise WriteFailedError.from_cause(RuntimeError("connection lost"))

    app.state.ctx.choices.record = failing
    with TestClient(app) as client:
        response = client.put(
            "/api/v1/me/ai-training-setting", json={"enabled": False}, headers=bearer(client, FR)
        )
    assert response.status_code == 503
    assert response.json() == {"detail": "your choice could not be recorded: please retry"}
    assert _choice_events(web_ws) == 0


@pytest.mark.parametrize("size", [1, 3])
def test_max_batch_bounds_a_transaction(
    web_ws: Workspace, tokens: dict[str, str], size: int
) -> None:
    writer = CountingWriter(web_ws)
    writer.max_batch = size

    async def main() -> None:
        await asyncio.gather(*(writer.record(tokens[FR.member_id], True, "api") for _ in range(7)))

    asyncio.run(main())
    assert max(writer.batches) <= size and sum(writer.batches) == 7
