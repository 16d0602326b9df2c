"""Group commit of members' choices: concurrent API requests share one ledger transaction.

Every append holds the ledger lock (the head row) from its first statement to its commit,
so one append at a time is the ledger's ceiling: on PostgreSQL about four round trips per
choice, a few milliseconds on a busy machine. Here the requests that arrive while a batch is
being written wait on the event loop, then go together in the next batch: one lock, one
SELECT of their tokens (joined with the members), one INSERT, one head UPDATE and one commit
for all of them. Tokens are checked inside the transaction that writes the choices, so a
token revoked (sign-out, password change, erasure) before the batch commits writes nothing,
and checking a token costs one shared query, not one per request. Each request is
answered only after the commit that holds its event, so an answered choice is never lost;
if that transaction fails, every request of the batch gets an error and nothing of it is
written. The batch runs in a worker thread, one at a time per process; worker processes
queue on the ledger lock as before.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from consentgate.errors import ConsentgateError
from consentgate.ledger.choices import new_event
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.policy import Policy
from consentgate.web.auth import Holder, holder, holders
from consentgate.web.errors import NotAuthenticatedError, WriteFailedError
from consentgate.workflows.services import MemberRef, apply_gpc, now_utc, refuse_minor_yes

Outcome = tuple[MemberRef, LedgerEvent] | Exception
logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ChoiceRequest:
    """One member's new setting, waiting for its batch: their token's hash and the choice."""

    token_hash: str
    enabled: bool
    channel: str


def _member_choice(
    found: dict[str, Holder], request: ChoiceRequest, now: dt.datetime
) -> MemberRef | Exception:
    """The member whose choice may be written, or why not (as the request's answer)."""
    account = found.get(request.token_hash)
    if account is None:
        return NotAuthenticatedError("your session has ended: please sign in")
    try:
        member = account.require_member()
        refuse_minor_yes(member, request.enabled, now)
    except ConsentgateError as exc:
        return exc
    return member


def write_batch(session: Session, batch: list[ChoiceRequest]) -> list[Outcome]:
    """Append the batch's choices in one transaction (committed by the caller), in order.

    The lock comes first, then one SELECT of the batch's tokens and their members: a token
    revoked or expired, or whose member no longer exists, gets NotAuthenticatedError and no
    event; a staff token ForbiddenError; a minor's "on" ForbiddenError; the others are
    appended.
    """
    ledger = ConsentLedger(session)
    ledger.lock()
    now = now_utc()
    found = holders(session, {r.token_hash for r in batch}, "bearer", now)
    outcomes: list[Outcome] = []
    events = []
    for request in batch:
        member = _member_choice(found, request, now)
        if isinstance(member, Exception):
            outcomes.append(member)
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
        self, token_hash: str, enabled: bool, channel: str
    ) -> tuple[MemberRef, LedgerEvent]:
        """Record the choice of the member a bearer token (its hash) signs in; returns once
        it is committed in the ledger."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[MemberRef, LedgerEvent]] = loop.create_future()
        self._queue.append((ChoiceRequest(token_hash, enabled, channel), future))
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


def record_with_gpc(
    session: Session, token_hash: str, enabled: bool, channel: str, policy: Policy
) -> tuple[MemberRef, LedgerEvent]:
    """One choice sent with `Sec-GPC: 1`: the token check, the signal and the choice in one
    transaction of its own (rare, so not batched). The ledger lock comes first, as in a batch.
    """
    ledger = ConsentLedger(session)
    ledger.lock()
    now = now_utc()
    member = holder(session, token_hash, "bearer", now).require_member()
    refuse_minor_yes(member, enabled, now)
    apply_gpc(session, member, policy)
    event = new_event(member.member_id, "ai_training_setting", channel, value=enabled)
    ledger.append(event)
    return member, event
