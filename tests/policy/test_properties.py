"""decide_record and decide_batch agree with the row-by-row reference on random networks."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_reference import (
    E,
    M,
    R,
    eighteenth_birthday,
    reference_choice,
    reference_decide,
    said_yes,
)
from policy_strategies import Scenario, records_table, scenarios

from consentgate.ledger.arrow_state import states_from_arrow
from consentgate.ledger.state import STATE_SCHEMA
from consentgate.policy import ExclusionReason, Policy, decide_batch, decide_record

UTC = dt.UTC

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expected(
    members: list[M], records: list[R], events: list[E], policy: Policy, T: dt.datetime
) -> list[str | None]:
    by_id = {m.member_id: m for m in members}
    return [
        reference_decide(
            r, by_id[r.member_id], [e for e in events if e.member_id == r.member_id], policy, T
        )
        for r in records
    ]


def reference_states(members: list[M], events: list[E], policy: Policy, T: dt.datetime) -> pa.Table:
    """The member-state table the ledger's states_at must produce, computed row by row."""
    rows = []
    for m in members:
        mine = [e for e in events if e.member_id == m.member_id]
        decider = reference_choice(mine, T, m.birth_date)
        notices = [
            e.at
            for e in mine
            if e.type == "notice_delivered" and e.policy_version == policy.id and e.at <= T
        ]
        rows.append(
            {
                "member_id": m.member_id,
                "country": m.country,
                "birth_date": m.birth_date,
                "created_at": m.created_at,
                "choice": None if decider is None else said_yes(decider),
                "choice_at": None if decider is None else decider.at,
                "restricted": any(e.type == "restriction" and e.at <= T for e in mine),
                "erased": any(e.type == "erasure" for e in mine),
                "notice_delivered_at": min(notices, default=None),
            }
        )
    schema = STATE_SCHEMA
    return pa.Table.from_pylist(rows, schema=schema)


@SETTINGS
@given(scenarios())
def test_decide_record_matches_reference(scenario: Scenario) -> None:
    members, records, events, policy, T = scenario
    by_id = {m.member_id: m for m in members}
    got = [
        decide_record(
            r, by_id[r.member_id], [e for e in events if e.member_id == r.member_id], policy, T
        )
        for r in records
    ]
    assert [None if g is None else str(g) for g in got] == expected(
        members, records, events, policy, T
    )


@SETTINGS
@given(scenarios(max_members=6))
def test_decide_batch_matches_reference(scenario: Scenario) -> None:
    members, records, events, policy, T = scenario
    got = decide_batch(
        records_table(records), reference_states(members, events, policy, T), policy, T
    )
    assert got.type == pa.string()
    assert got.to_pylist() == expected(members, records, events, policy, T)


def _arrow_inputs(members: list[M], events: list[E]) -> tuple[pa.Table, pa.Table]:
    ts = pa.timestamp("us", "UTC")
    member_table = pa.table(
        {
            "member_id": pa.array([m.member_id for m in members], pa.string()),
            "country": pa.array([m.country for m in members], pa.string()),
            "birth_date": pa.array([m.birth_date for m in members], pa.date32()),
            "created_at": pa.array([m.created_at for m in members], ts),
        }
    )
    event_table = pa.table(
        {
            "event_id": pa.array([e.event_id for e in events], pa.string()),
            "member_id": pa.array([e.member_id for e in events], pa.string()),
            "at": pa.array([e.at for e in events], ts),
            "type": pa.array([e.type for e in events], pa.string()),
            "value": pa.array(
                [None if e.value is None else str(e.value).lower() for e in events], pa.string()
            ),
            "policy_version": pa.array([e.policy_version for e in events], pa.string()),
        }
    )
    return member_table, event_table


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_members=6))
def test_states_from_arrow_match_reference(scenario: Scenario) -> None:
    members, _records, events, policy, T = scenario
    member_table, event_table = _arrow_inputs(members, events)
    got = states_from_arrow(member_table, event_table, T, policy)
    want = reference_states(members, events, policy, T).sort_by("member_id")
    assert got.to_pylist() == want.to_pylist()


def _minor_instants(born: dt.date) -> list[dt.datetime]:
    """Instants before the 18th birthday's UTC midnight: just before it, and further back."""
    adult = dt.datetime.combine(eighteenth_birthday(born), dt.time(), UTC)
    gaps = [dt.timedelta(microseconds=1), dt.timedelta(hours=1), dt.timedelta(days=200)]
    return [adult - gap for gap in gaps]


@SETTINGS
@given(scenarios(max_members=3), st.data())
def test_a_yes_made_by_a_minor_changes_nothing(scenario: Scenario, data: st.DataObject) -> None:
    """ER6: adding a yes dated before a member's 18th birthday leaves every decision as it was.

    The added event wins every tie (its id sorts last), so only the rule can make it lose.
    """
    members, records, events, policy, T = scenario
    m = data.draw(st.sampled_from(members))
    at = data.draw(st.sampled_from(_minor_instants(m.birth_date)))
    yes = data.draw(
        st.sampled_from(
            [
                E("~yes", m.member_id, at, "ai_training_setting", True),
                E("~yes", m.member_id, at, "notice_response", "accept", policy.id),
            ]
        )
    )
    by_id = {x.member_id: x for x in members}

    def decisions(evs: list[E]) -> list[ExclusionReason | None]:
        return [
            decide_record(
                r, by_id[r.member_id], [e for e in evs if e.member_id == r.member_id], policy, T
            )
            for r in records
        ]

    assert decisions([*events, yes]) == decisions(events)
    member_table, _ = _arrow_inputs(members, events)
    before = states_from_arrow(member_table, _arrow_inputs(members, events)[1], T, policy)
    after = states_from_arrow(member_table, _arrow_inputs(members, [*events, yes])[1], T, policy)
    assert after.to_pylist() == before.to_pylist()
