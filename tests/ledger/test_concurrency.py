"""Two processes setting the same member at once lose nothing and leave a valid chain."""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from consentgate.ledger.choices import set_choice
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent
from consentgate.workspace import Workspace

ROUNDS = 25
CHANNELS = ("web", "ios")


def _writer(home: str, url: str, worker: int, barrier: object, errors: object) -> None:
    ws = Workspace.open(Path(home), url)
    try:
        for i in range(ROUNDS):
            # Both writers start each round together, so that they contend for the lock
            # every round: with one start only, SQLite's busy wait backs off up to 100 ms
            # and one writer could finish all its rounds while the other slept.
            barrier.wait(30)  # type: ignore[attr-defined]
            with ws.session() as session:
                set_choice(session, "m1", (i + worker) % 2 == 0, CHANNELS[worker])
                time.sleep(0.003)  # hold the transaction open: the other writer must wait
            time.sleep(0.003)  # and let it in between our transactions
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"worker {worker}: {exc!r}")  # type: ignore[attr-defined]
    finally:
        ws.close()


def test_two_writers_same_member(workspace: Workspace, member_factory: Callable[..., None]) -> None:
    member_factory("m1")
    workspace.close()  # no inherited connections in the children
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(2)
    errors = ctx.Queue()
    procs = [
        ctx.Process(
            target=_writer, args=(str(workspace.home), workspace.database_url, w, barrier, errors)
        )
        for w in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert errors.empty(), errors.get()
    with workspace.session() as s:
        count = s.scalar(select(func.count()).select_from(ConsentEvent))
        report = verify_ledger(s)
        channels = s.scalars(select(ConsentEvent.channel).order_by(ConsentEvent.seq)).all()
    # The writers really interleaved (else this test proves nothing about concurrency).
    switches = sum(a != b for a, b in zip(channels, channels[1:], strict=False))
    assert switches >= 2, channels
    assert count == 2 * ROUNDS
    assert report.ok and report.count == 2 * ROUNDS
