"""Through the database: the ledger's states_at (and state_at) + decide_batch equal the reference.

Runs on SQLite and PostgreSQL (the `workspace` fixture). Each example writes its own members
and events under a fresh id prefix, so examples share the test's database without cleanup.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, given, settings
from policy_reference import E, M, R
from policy_strategies import Scenario, records_table, scenarios
from test_properties import expected, reference_states

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.models import Member
from consentgate.policy import decide_batch
from consentgate.workspace import Workspace

_prefixes = itertools.count()


def _prefixed(scenario: Scenario, p: str) -> Scenario:
    members, records, events, policy, T = scenario
    return (
        [M(p + m.member_id, m.country, m.birth_date, m.created_at) for m in members],
        [
            R(p + r.record_id, p + r.member_id, r.kind, r.visibility, r.created_at, r.is_profile)
            for r in records
        ],
        [
            E(p + e.event_id, p + e.member_id, e.at, e.type, e.value, e.policy_version)
            for e in events
        ],
        policy,
        T,
    )


def _store(ws: Workspace, members: list[M], events: list[E]) -> None:
    with ws.session() as session:
        for m in members:
            session.add(
                Member(
                    member_id=m.member_id,
                    name=m.member_id,
                    birth_date=m.birth_date,
                    country=m.country,
                    created_at=m.created_at,
                    positions=[],
                    education=[],
                    skills=[],
                )
            )
        session.flush()
        ConsentLedger(session).append_many(
            [
                LedgerEvent(
                    e.event_id, e.member_id, e.at, e.type, "import", e.value, e.policy_version
                )
                for e in events
            ]
        )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios(max_members=5))
def test_states_at_and_decide_batch_match_reference(
    workspace: Workspace, scenario: Scenario
) -> None:
    prefix = f"x{next(_prefixes)}-"
    members, records, events, policy, T = _prefixed(scenario, prefix)
    _store(workspace, members, events)
    with workspace.session() as session:
        ledger = ConsentLedger(session)
        everyone = ledger.states_at(T, policy)
        singles = {m.member_id: ledger.state_at(m.member_id, T, policy) for m in members}
    mine = everyone.filter(pc.starts_with(everyone.column("member_id"), prefix))
    want = reference_states(members, events, policy, T)
    assert mine.schema.equals(want.schema)
    assert mine.to_pylist() == want.sort_by("member_id").to_pylist()
    for row in want.to_pylist():
        state = singles[row["member_id"]]
        if row["choice"] is None:
            assert state.source in ("default", "none") and state.deciding_event is None
        else:
            assert (state.source, state.choice, state.since) == (
                "event",
                row["choice"],
                row["choice_at"],
            )
        assert (state.restricted, state.erased) == (row["restricted"], row["erased"])
        assert state.notice_delivered_at == row["notice_delivered_at"]
    got = decide_batch(records_table(records), mine, policy, T)
    assert got.to_pylist() == expected(members, records, events, policy, T)


def test_reasons_reach_every_code_through_the_db(workspace: Workspace) -> None:
    """A fixed network where each exclusion reason occurs at least once (guards the generator)."""
    import datetime as dt

    from consentgate.policy import load_policy

    utc = dt.UTC
    T = dt.datetime(2025, 12, 10, tzinfo=utc)
    old = dt.datetime(2024, 1, 1, tzinfo=utc)
    adult = dt.date(1980, 1, 1)
    members = [
        M("ok", "US", adult, old),
        M("kid", "US", dt.date(2008, 1, 1), old),
        M("ch", "CH", adult, old),
        M("no", "US", adult, old),
        M("fr", "FR", adult, old),
        M("res", "US", adult, old),
        M("gone", "US", adult, old),
    ]
    events = [
        E("e1", "no", old, "ai_training_setting", False),
        E("e2", "res", old, "restriction"),
        E("e3", "gone", T + dt.timedelta(days=9), "erasure"),
    ]
    records = [
        R("r1", "ok", "post", "public", old),
        R("r2", "ok", "post", "public", T + dt.timedelta(seconds=1)),
        R("r3", "ok", "recruiter_message", "private", old),
        R("r4", "ok", "post", "connections", old),
        R("r5", "kid", "post", "public", old),
        R("r6", "ch", "post", "public", old),
        R("r7", "no", "post", "public", old),
        R("r8", "fr", "post", "public", old),
        R("r9", "res", "post", "public", old),
        R("r10", "gone", "post", "public", old),
    ]
    _store(workspace, members, events)
    early = dt.datetime(2025, 6, 1, tzinfo=utc)
    got: Counter[str | None] = Counter()
    for name, at in (("privacy-by-default", T), ("linkedin-2025", T), ("linkedin-2025", early)):
        policy = load_policy(name)
        with workspace.session() as session:
            states = ConsentLedger(session).states_at(at, policy)
        reasons = decide_batch(records_table(records), states, policy, at)
        assert reasons.to_pylist() == expected(members, records, events, policy, at)
        got.update(reasons.to_pylist())
    assert set(got) == {
        None,
        "not_yet_created",
        "kind_excluded",
        "not_public",
        "minor",
        "said_no",
        "no_notice",
        "not_yet_effective",
        "restricted",
        "erased",
    }
    with workspace.session() as session:
        states = ConsentLedger(session).states_at(T, load_policy("linkedin-2024"))
    uncovered = decide_batch(records_table(records[7:8]), states, load_policy("linkedin-2024"), T)
    assert uncovered == pa.array(["region_not_covered"])
