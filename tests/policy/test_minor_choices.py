"""ER6 for minors, hand-picked: a yes made before the 18th birthday is no choice; a no always is.

Each case runs through every path that computes the rule: decide_record (row-wise), the
ledger's state_at (member_state), states_at (SQL, SQLite and PostgreSQL) + decide_batch, and
states_from_arrow (DuckDB) + decide_batch. Boundaries: the 18th birthday's UTC midnight, an
event whose local date is the birthday but whose UTC date is the day before, 29 February.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow.compute as pc
import pytest
from policy_reference import E, M, R
from policy_strategies import records_table
from test_db_properties import _store
from test_properties import _arrow_inputs

from consentgate.ledger.arrow_state import states_from_arrow
from consentgate.ledger.store import ConsentLedger
from consentgate.policy import decide_batch, decide_record, load_policy
from consentgate.workspace import Workspace

UTC = dt.UTC
T = dt.datetime(2028, 1, 1, tzinfo=UTC)  # every member below is an adult by then
CREATED = dt.datetime(2020, 1, 1, tzinfo=UTC)
LEAP = dt.date(2008, 2, 29)  # 18 on 2026-03-01
NOV = dt.date(2007, 11, 3)  # 18 on 2025-11-03


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@dataclass(frozen=True)
class Case:
    name: str
    born: dt.date
    country: str
    policy: str
    events: tuple[tuple[str, str, object, str | None], ...]  # (at, type, value, policy_version)
    choice: bool | None  # the state's choice column (None: the default decides)
    reason: str | None  # the profile record's exclusion reason at T


SETTING = "ai_training_setting"
ACCEPT = ("notice_response", "accept", "privacy-by-default")
CASES = [
    Case(
        "yes-1us-before-leap-18th",
        LEAP,
        "US",
        "privacy-by-default",
        (("2026-02-28T23:59:59.999999+00:00", SETTING, True, None),),
        None,
        "said_no",
    ),
    Case(
        "yes-on-leap-18th",
        LEAP,
        "US",
        "privacy-by-default",
        (("2026-03-01T00:00:00+00:00", SETTING, True, None),),
        True,
        None,
    ),
    Case(
        "yes-local-1-march-utc-28-feb",
        LEAP,
        "US",
        "privacy-by-default",
        (("2026-03-01T00:30:00+01:00", SETTING, True, None),),
        None,
        "said_no",
    ),
    Case(
        "yes-local-28-feb-utc-1-march",
        LEAP,
        "US",
        "privacy-by-default",
        (("2026-02-28T23:30:00-01:00", SETTING, True, None),),
        True,
        None,
    ),
    Case(
        "accept-before-18th",
        NOV,
        "US",
        "privacy-by-default",
        (("2025-11-02T23:00:00+00:00", *ACCEPT),),
        None,
        "said_no",
    ),
    Case(
        "accept-on-18th",
        NOV,
        "US",
        "privacy-by-default",
        (("2025-11-03T00:00:00+00:00", *ACCEPT),),
        True,
        None,
    ),
    Case(
        "minor-no-then-minor-yes-keeps-no",
        NOV,
        "US",
        "privacy-by-default",
        (
            ("2023-01-01T00:00:00+00:00", SETTING, False, None),
            ("2024-01-01T00:00:00+00:00", SETTING, True, None),
        ),
        False,
        "said_no",
    ),
    Case(
        "minor-yes-then-adult-yes",
        NOV,
        "US",
        "privacy-by-default",
        (
            ("2024-01-01T00:00:00+00:00", SETTING, True, None),
            ("2026-01-01T00:00:00+00:00", SETTING, True, None),
        ),
        True,
        None,
    ),
    Case(
        "minor-no-counts-opt-out",
        NOV,
        "US",
        "linkedin-2025",
        (("2023-01-01T00:00:00+00:00", SETTING, False, None),),
        False,
        "said_no",
    ),
    Case(
        "minor-objection-counts",
        NOV,
        "US",
        "linkedin-2025",
        (("2023-01-01T00:00:00+00:00", "objection", None, None),),
        False,
        "said_no",
    ),
    Case(
        "minor-refusal-counts",
        NOV,
        "FR",
        "linkedin-2025",
        (("2025-09-20T00:00:00+00:00", "notice_response", "refuse", "linkedin-2025"),),
        False,
        "said_no",
    ),
    # A notice delivered while a minor counts for ER7; the minor's accept does not, so the
    # default (yes, after the notice period) decides.
    Case(
        "minor-notice-counts-for-er7",
        NOV,
        "FR",
        "linkedin-2025",
        (
            ("2025-09-15T00:00:00+00:00", "notice_delivered", None, "linkedin-2025"),
            ("2025-09-16T00:00:00+00:00", "notice_response", "accept", "linkedin-2025"),
        ),
        None,
        None,
    ),
    Case(
        "minor-accept-without-notice",
        NOV,
        "FR",
        "linkedin-2025",
        (("2025-09-16T00:00:00+00:00", "notice_response", "accept", "linkedin-2025"),),
        None,
        "no_notice",
    ),
]


def _network(cases: list[Case]) -> tuple[list[M], list[R], list[E]]:
    members, records, events = [], [], []
    for i, case in enumerate(cases):
        mid = f"k{i:02d}"
        members.append(M(mid, case.country, case.born, CREATED))
        records.append(R(f"profile:{mid}:headline", mid, "profile", None, CREATED, True))
        for j, (when, kind, value, version) in enumerate(case.events):
            events.append(E(f"k{i}-e{j}", mid, at(when), kind, value, version))
    return members, records, events


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_row_wise_rule(case: Case) -> None:
    members, records, events = _network([case])
    reason = decide_record(records[0], members[0], events, load_policy(case.policy), T)
    assert (None if reason is None else str(reason)) == case.reason


@pytest.mark.parametrize("policy_name", ["privacy-by-default", "linkedin-2025"])
def test_every_path_agrees(workspace: Workspace, policy_name: str) -> None:
    cases = [c for c in CASES if c.policy == policy_name]
    members, records, events = _network(cases)
    policy = load_policy(policy_name)
    _store(workspace, members, events)
    with workspace.session() as session:
        ledger = ConsentLedger(session)
        sql = ledger.states_at(T, policy)
        singles = [ledger.state_at(m.member_id, T, policy) for m in members]
    sql = sql.filter(pc.starts_with(sql.column("member_id"), "k"))
    arrow = states_from_arrow(*_arrow_inputs(members, events), T, policy)
    assert sql.column("choice").to_pylist() == [c.choice for c in cases]
    assert arrow.to_pylist() == sql.to_pylist()
    for case, state in zip(cases, singles, strict=True):
        assert state.source == ("default" if case.choice is None else "event"), case.name
        if case.choice is not None:
            assert state.choice is case.choice, case.name
    want = [c.reason for c in cases]
    assert decide_batch(records_table(records), sql, policy, T).to_pylist() == want
    assert decide_batch(records_table(records), arrow, policy, T).to_pylist() == want
