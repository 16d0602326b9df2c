"""A synthetic network imported through the interchange: states_at + decide_batch agree with
decide_record row by row, for every preset, at instants around the presets' dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import select

from consentgate.ledger.store import ConsentLedger
from consentgate.models import ContentRecord, Member
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.policy import PRESETS, Record, decide_batch, decide_record, load_policy
from consentgate.workspace import Workspace

UTC = dt.UTC
INSTANTS = [
    dt.datetime(2024, 9, 18, tzinfo=UTC),
    dt.datetime(2025, 11, 3, tzinfo=UTC),
    dt.datetime(2025, 12, 3, 0, 0, 1, tzinfo=UTC),
    dt.datetime(2026, 3, 1, tzinfo=UTC),
]


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@pytest.fixture
def imported(workspace: Workspace, tmp_path: Path) -> Workspace:
    network = generate_network(120, seed=7)
    network.write_interchange(tmp_path / "net")
    import_directory(workspace, tmp_path / "net")
    return workspace


def test_batch_equals_row_wise_on_imported_network(imported: Workspace) -> None:
    with imported.session() as session:
        members = {m.member_id: m for m in session.scalars(select(Member))}
        content = list(session.scalars(select(ContentRecord)))
        ledger = ConsentLedger(session)
        events = {mid: ledger.events_for(mid) for mid in members}
        records = [
            Record(c.record_id, c.member_id, c.kind, c.visibility, _aware(c.created_at))
            for c in content
        ] + [
            Record(f"profile:{mid}:headline", mid, "profile", None, _aware(m.created_at), True)
            for mid, m in members.items()
        ]
        table = pa.table(
            {
                "record_id": [r.record_id for r in records],
                "member_id": [r.member_id for r in records],
                "kind": [r.kind for r in records],
                "visibility": [r.visibility for r in records],
                "created_at": pa.array([r.created_at for r in records], pa.timestamp("us", "UTC")),
                "is_profile": [r.is_profile for r in records],
            }
        )
        seen: set[str | None] = set()
        for name in PRESETS:
            policy = load_policy(name)
            for at in INSTANTS:
                states = ledger.states_at(at, policy)
                got = decide_batch(table, states, policy, at).to_pylist()
                want = [
                    decide_record(r, members[r.member_id], events[r.member_id], policy, at)
                    for r in records
                ]
                assert got == [None if w is None else str(w) for w in want], (name, at)
                seen.update(got)
    assert len(records) > 500
    assert {None, "kind_excluded", "said_no", "not_yet_created"} <= seen
