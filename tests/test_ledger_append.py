"""The ledger appends events in a hash chain on both backends: each row's hash is the Merkle
leaf hash of its encoding, which holds its position and the previous row's hash."""

import datetime as dt

from sqlalchemy import select

from consentgate.ledger.events import LedgerEvent, event_hash, leaf_fields
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentEvent
from consentgate.workspace import Workspace


def _event(i: int, value: bool) -> LedgerEvent:
    return LedgerEvent(
        event_id=f"e{i}",
        member_id="m1",
        at=dt.datetime(2025, 10, 1, i, tzinfo=dt.UTC),
        type="ai_training_setting",
        channel="web",
        value=value,
    )


def test_append_chains_and_reads_back(workspace: Workspace) -> None:
    events = [_event(1, True), _event(2, False)]
    with workspace.session() as session:
        ConsentLedger(session).append_many(events)
    with workspace.session() as session:
        ledger = ConsentLedger(session)
        assert ledger.events_for("m1") == events
        assert ledger.existing_event_ids(["e1", "e9"]) == {"e1"}
        rows = session.scalars(select(ConsentEvent).order_by(ConsentEvent.seq)).all()
    prev = None
    for position, (event, row) in enumerate(zip(events, rows, strict=True)):
        assert (row.position, row.encoding, row.prev_hash) == (position, 1, prev)
        assert row.hash == event_hash(leaf_fields(event, position, row.recorded_at, prev))
        prev = row.hash
