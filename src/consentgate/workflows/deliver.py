"""The delivery worker (`consentgate deliver`, also started by `serve`): resolves the
outbox, queues and sends webhook deliveries, and scans for changes no event causes.

One worker per workspace: it holds an exclusive lock on `<home>/.deliver.lock` (a second
one exits with one line). No database transaction is open while it waits on a receiver:
it reads what is due, commits, sends (concurrently, one entry per member at a time), then
records the answers in a new transaction. A slow receiver delays only its own deliveries.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from consentgate.errors import ConfigError
from consentgate.policy import Policy
from consentgate.settings import FeedSettings
from consentgate.workflows.amqp import AMQP_TARGET, AmqpPublisher, ensure_amqp_sink
from consentgate.workflows.feed import resolve_pending, scan_changes
from consentgate.workflows.webhooks import (
    Send,
    due,
    enqueue,
    post,
    record_outcomes,
    target_problem,
)
from consentgate.workspace import Workspace

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)


@contextmanager
def worker_lock(ws: Workspace) -> Iterator[None]:
    """The workspace's one delivery worker; ConfigError when another holds the lock."""
    path = ws.home / ".deliver.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"another delivery worker runs for {ws.home}") from None
        yield
    finally:
        os.close(fd)


@dataclass(slots=True)
class Round:
    resolved: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0


@dataclass(slots=True)
class Worker:
    """What the rounds share: the workspace, the policy, the settings, the gate its writes
    pass (the web app's SQLite write gate, so the members' API and the worker queue
    together instead of in SQLite's busy handler), the HTTP client and the threads."""

    ws: Workspace
    policy: Policy
    settings: FeedSettings
    gate: AbstractContextManager[object] = field(default_factory=nullcontext)
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(16))
    client: httpx.Client | None = None
    amqp: AmqpPublisher | None = None

    def start_amqp(self) -> None:
        """Publish to RabbitMQ too when `CONSENTGATE_FEED_AMQP_URL` is set."""
        url = self.settings.amqp_url
        if url is None or self.amqp is not None:
            return
        self.amqp = AmqpPublisher(url.get_secret_value(), self.settings.amqp_exchange)
        with self.gate, self.ws.session() as session:
            ensure_amqp_sink(session)
            session.commit()


def run_round(worker: Worker) -> Round:
    """Resolve pending outbox rows, queue deliveries, send what is due; what it did."""
    done = Round()
    ws, policy, settings = worker.ws, worker.policy, worker.settings
    with worker.gate, ws.session() as session:
        done.resolved = resolve_pending(session, policy)
        done.queued = enqueue(session, dt.datetime.now(dt.UTC))
        session.commit()
    with ws.session() as session:
        sends = due(session, dt.datetime.now(dt.UTC))
    if not sends:
        return done
    urls = {s.url for s in sends} - {AMQP_TARGET}
    refused = {url: target_problem(url, settings) for url in urls}

    def send_one(send: Send) -> str | None:
        if send.url == AMQP_TARGET:
            return worker.amqp.publish(send) if worker.amqp else "RabbitMQ is not configured"
        return refused[send.url] or post(send, settings, worker.client)

    errors = list(worker.pool.map(send_one, sends))
    with worker.gate, ws.session() as session:
        record_outcomes(
            session, [(s.delivery_id, e) for s, e in zip(sends, errors, strict=True)], settings
        )
        session.commit()
    for send, error in zip(sends, errors, strict=True):
        if error is not None:
            logger.warning("webhook %s: %s", send.webhook_id, error)
    done.sent = sum(e is None for e in errors)
    done.failed = len(errors) - done.sent
    return done


def run_worker(worker: Worker, keep_going: Callable[[], bool] = lambda: True) -> None:
    """Rounds until `keep_going` says stop; a scan every `scan_every_s` (the first at once).
    A round that fails (the database away) is logged and retried after `poll_s`."""
    import httpx  # the [web] extra

    next_scan = 0.0
    settings = worker.settings
    with worker_lock(worker.ws), worker.pool, httpx.Client() as client:
        worker.client = client
        worker.start_amqp()
        while keep_going():
            try:
                if time.monotonic() >= next_scan:
                    with worker.gate, worker.ws.session() as session:
                        scan_changes(session, worker.policy)
                    next_scan = time.monotonic() + settings.scan_every_s
                busy = run_round(worker)
            except Exception:
                logger.exception("delivery round failed; retrying")
                busy = Round()
            if not (busy.resolved or busy.queued or busy.sent or busy.failed):
                time.sleep(settings.poll_s)
