"""The ledger appends events in a hash chain on both backends."""

import datetime as dt

from consentgate.ledger.events import LedgerEvent, chain_hash
from consentgate.ledger.store import ConsentLedger
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
        from sqlalchemy import select

        from consentgate.ledger.models import ConsentEvent

        hashes = list(session.scalars(select(ConsentEvent.hash).order_by(ConsentEvent.seq)))
    first = chain_hash(None, events[0])
    assert hashes == [first, chain_hash(first, events[1])]
