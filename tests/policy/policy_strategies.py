"""Hypothesis strategies: small networks, event sequences and policies around key instants."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import strategies as st
from policy_reference import E, M, R

from consentgate.policy import PRESETS, USABLE_KINDS, Policy, RegionRule, load_policy

UTC = dt.UTC
COUNTRIES = ["FR", "DE", "NO", "LI", "CH", "GB", "CA", "HK", "US", "IN", "BR"]
KINDS = [*USABLE_KINDS, "private_message", "salary"]
VISIBILITIES = ["public", "connections", "group_public", "group_private", "private", None]
# Instants where the presets change: effective dates, notice periods, a leap day.
ANCHORS = [
    dt.datetime(2024, 9, 18, tzinfo=UTC),
    dt.datetime(2025, 1, 1, tzinfo=UTC),
    dt.datetime(2025, 10, 4, tzinfo=UTC),
    dt.datetime(2025, 11, 3, tzinfo=UTC),
    dt.datetime(2025, 12, 3, tzinfo=UTC),
    dt.datetime(2026, 2, 28, 12, tzinfo=UTC),
    dt.datetime(2026, 3, 1, tzinfo=UTC),
]
OFFSETS = [dt.timedelta(0), dt.timedelta(microseconds=1), -dt.timedelta(microseconds=1)]
OFFSETS += [dt.timedelta(days=d) for d in (-31, -30, -29, -1, 1, 29, 30, 31, -400)]
OFFSETS += [dt.timedelta(hours=h) for h in (-23, -5, 5, 23)]

instants = st.builds(lambda a, o: a + o, st.sampled_from(ANCHORS), st.sampled_from(OFFSETS))


@st.composite
def births(draw: st.DrawFn, around: dt.datetime) -> dt.date:
    """Birth dates near the 18-years-before line of an instant (so birthdays fall on it)."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return dt.date(1985, 6, 15)
    if choice == 1:
        return dt.date(draw(st.sampled_from([2004, 2007 + 1])), 2, 29)
    day = around.astimezone(UTC).date()
    leap_day = (day.month, day.day) == (2, 29)
    base = dt.date(day.year - 18, 3, 1) if leap_day else day.replace(year=day.year - 18)
    return base + dt.timedelta(days=draw(st.integers(-3, 3)) * draw(st.sampled_from([1, 200])))


def near(T: dt.datetime) -> st.SearchStrategy[dt.datetime]:
    """Instants around T: mostly before it (so most records exist), sometimes exactly T or after."""
    before = st.builds(lambda d: T - dt.timedelta(days=d), st.sampled_from([0, 1, 29, 30, 31, 400]))
    return st.one_of(before, st.just(T), instants)


@st.composite
def networks(
    draw: st.DrawFn, T: dt.datetime, max_members: int = 4
) -> tuple[list[M], list[R], list[E]]:
    """Members, their records and their events; times cluster so ties and boundaries happen."""
    members: list[M] = []
    records: list[R] = []
    events: list[E] = []
    for i in range(draw(st.integers(1, max_members))):
        mid = f"m{i}"
        times = draw(st.lists(near(T), max_size=3))
        # 18th birthdays around T, a preset's anchor, or one of the member's event times
        # (ER6 ignores a yes made before the 18th birthday).
        at_events = [st.sampled_from(times)] * 2 if times else []
        around = st.one_of(st.just(T), instants, *at_events)
        born = draw(births(draw(around)))
        member = M(mid, draw(st.sampled_from(COUNTRIES)), born, draw(near(T)))
        members.append(member)
        records.append(R(f"profile:{mid}:headline", mid, "profile", None, member.created_at, True))
        for j in range(draw(st.integers(0, 4))):
            created = draw(st.one_of(near(T), st.just(member.created_at)))
            kind = draw(st.sampled_from(KINDS))
            records.append(R(f"r{i}-{j}", mid, kind, draw(st.sampled_from(VISIBILITIES)), created))
        for j in range(draw(st.integers(0, 6))):
            at = draw(st.sampled_from(times)) if times and draw(st.booleans()) else draw(near(T))
            event_id = f"e{draw(st.integers(0, 99)):02d}-{i}-{j}"
            events.append(draw(event_of(event_id, mid, at)))
    return members, records, events


Scenario = tuple[list[M], list[R], list[E], "Policy", dt.datetime]


@st.composite
def scenarios(draw: st.DrawFn, max_members: int = 4) -> Scenario:
    """A network, a policy and a build instant T."""
    T = draw(instants)
    members, records, events = draw(networks(T, max_members))
    return members, records, events, draw(policies), T


def event_of(event_id: str, member_id: str, at: dt.datetime) -> st.SearchStrategy[E]:
    return st.one_of(
        st.builds(
            E,
            st.just(event_id),
            st.just(member_id),
            st.just(at),
            st.just("ai_training_setting"),
            st.booleans(),
        ),
        st.builds(
            E,
            st.just(event_id),
            st.just(member_id),
            st.just(at),
            st.just("notice_delivered"),
            st.none(),
            st.sampled_from(list(PRESETS) + ["x"]),
        ),
        st.builds(
            E,
            st.just(event_id),
            st.just(member_id),
            st.just(at),
            st.just("notice_response"),
            st.sampled_from(["accept", "refuse"]),
            st.sampled_from(list(PRESETS)),
        ),
        st.builds(E, st.just(event_id), st.just(member_id), st.just(at), st.just("objection")),
        st.builds(E, st.just(event_id), st.just(member_id), st.just(at), st.just("restriction")),
        st.builds(E, st.just(event_id), st.just(member_id), st.just(at), st.just("erasure")),
    )


@st.composite
def random_policies(draw: st.DrawFn) -> Policy:
    """Policies with random kinds and disjoint region rules (maybe a `*`, maybe not_covered)."""
    kinds = frozenset(draw(st.lists(st.sampled_from(USABLE_KINDS), max_size=8, unique=True)))
    pool = draw(st.permutations([*COUNTRIES, "*"]))
    cuts = sorted(draw(st.lists(st.integers(0, len(pool)), min_size=2, max_size=4)))
    groups = [pool[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if pool[a:b]]
    rules = []
    for group in groups[:-1] if len(groups) > 1 else groups:
        rules.append(
            RegionRule(
                frozenset(group),
                draw(instants),
                draw(st.booleans()),
                draw(st.sampled_from([None, 0, 1, 30])),
            )
        )
    not_covered = frozenset(c for c in groups[-1] if c != "*") if len(groups) > 1 else frozenset()
    return Policy(
        draw(st.sampled_from(list(PRESETS) + ["custom-1"])), kinds, tuple(rules), not_covered
    )


policies = st.one_of(st.sampled_from([load_policy(p) for p in PRESETS]), random_policies())


def records_table(records: list[R]) -> pa.Table:
    return pa.table(
        {
            "record_id": pa.array([r.record_id for r in records], pa.string()),
            "member_id": pa.array([r.member_id for r in records], pa.string()),
            "kind": pa.array([r.kind for r in records], pa.string()),
            "visibility": pa.array([r.visibility for r in records], pa.string()),
            "created_at": pa.array([r.created_at for r in records], pa.timestamp("us", "UTC")),
            "is_profile": pa.array([r.is_profile for r in records], pa.bool_()),
        }
    )
