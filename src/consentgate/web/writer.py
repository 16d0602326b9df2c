"""Group commit of members' choices: concurrent API requests share one ledger transaction.

Every append holds the ledger lock (the head row) from its first statement to its commit,
so one append at a time is the ledger's ceiling: on PostgreSQL about four round trips per
choice, a few milliseconds on a busy machine. Here the requests that arrive while a batch is
being written wait on the event loop, then go together in the next batch: one lock, one
member SELECT, one INSERT, one head UPDATE and one commit for all of them. Each request is
answered only after the commit that holds its event, so an answered choice is never lost;
if that transaction fails, every request of the batch gets an error and nothing of it is
written. The batch runs in a worker thread, one at a time per process; worker processes
queue on the ledger lock as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from consentgate.ledger.choices import new_event
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.web.errors import NotAuthenticatedError, WriteFailedError
from consentgate.web.services import MemberRef, load_members

Outcome = tuple[MemberRef, LedgerEvent] | Exception
logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ChoiceRequest:
    """One member's new setting, waiting for its batch."""

    member_id: str
    enabled: bool
    channel: str


def write_batch(session: Session, batch: list[ChoiceRequest]) -> list[Outcome]:
    """Append the batch's choices in one transaction (committed by the caller), in order.

    The lock comes first, then the members' rows: a member who no longer exists (erased
    since their token was issued) gets NotAuthenticatedError and no event; the others
    are appended.
    """
    ledger = ConsentLedger(session)
    ledger.lock()
    members = load_members(session, {r.member_id for r in batch})
    outcomes: list[Outcome] = []
    events = []
    for request in batch:
        member = members.get(request.member_id)
        if member is None:
            outcomes.append(NotAuthenticatedError("your session has ended: please sign in"))
            continue
        event = new_event(
            member.member_id, "ai_training_setting", request.channel, value=request.enabled
        )
        events.append(event)
        outcomes.append((member, event))
    ledger.append_many(events)
    return outcomes


class ChoiceWriter:
    """Batches `record` calls of one process (event loop side) into `write_batch` calls."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        write_gate: AbstractContextManager[object],
        max_batch: int = 200,
    ) -> None:
        self._session_factory = session_factory
        self._write_gate = write_gate
        self.max_batch = max_batch
        self._queue: list[tuple[ChoiceRequest, asyncio.Future[tuple[MemberRef, LedgerEvent]]]]
        self._queue = []
        self._drainer: asyncio.Task[None] | None = None

    @classmethod
    def for_engine(cls, engine: Engine, write_gate: AbstractContextManager[object]) -> ChoiceWriter:
        """A writer whose batches each run in a new session of `engine`, inside `write_gate`."""
        return cls(lambda: Session(engine, expire_on_commit=False), write_gate)

    async def record(
        self, member_id: str, enabled: bool, channel: str
    ) -> tuple[MemberRef, LedgerEvent]:
        """Record the member's choice; returns once it is committed in the ledger."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[MemberRef, LedgerEvent]] = loop.create_future()
        self._queue.append((ChoiceRequest(member_id, enabled, channel), future))
        drainer = self._drainer
        if drainer is None or drainer.done() or drainer.get_loop() is not loop:
            # A task of its own: a request that is cancelled (client gone) must not cancel
            # the batch that carries other members' choices. (Another loop's drainer: a test
            # client runs each request in an event loop of its own.)
            self._drainer = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            taken = self._queue[: self.max_batch]
            del self._queue[: self.max_batch]
            batch = [request for request, _ in taken]
            try:
                outcomes = await anyio.to_thread.run_sync(self._write, batch)
            except Exception as exc:  # the whole transaction failed: nothing of it was written
                logger.exception("a batch of %d choices could not be written", len(batch))
                outcomes = [WriteFailedError.from_cause(exc) for _ in batch]
            for (_, future), outcome in zip(taken, outcomes, strict=True):
                if future.done() or future.get_loop().is_closed():
                    continue  # the request was cancelled; its event stands if written
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _write(self, batch: list[ChoiceRequest]) -> list[Outcome]:
        with self._write_gate, self._session_factory() as session:
            outcomes = write_batch(session, batch)
            session.commit()
        return outcomes
