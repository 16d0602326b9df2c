"""Hand-picked cases of ER1..ER8: birthdays, leap days, ties, notices, rule order."""

from __future__ import annotations

import datetime as dt

import pytest
from policy_reference import E, M

from consentgate.policy import ExclusionReason as X
from consentgate.policy import Record, age_on, decide_record, is_adult_on, load_policy

UTC = dt.UTC
T = dt.datetime(2025, 12, 10, 12, tzinfo=UTC)
OLD = dt.datetime(2023, 1, 1, tzinfo=UTC)
L2025 = load_policy("linkedin-2025")


def post(created: dt.datetime = OLD, kind: str = "post", vis: str | None = "public") -> Record:
    return Record("r1", "m", kind, vis, created)


def member(country: str = "US", born: dt.date = dt.date(1980, 1, 1)) -> M:
    return M("m", country, born, OLD)


@pytest.mark.parametrize(
    ("born", "day", "adult"),
    [
        (dt.date(2007, 11, 3), dt.date(2025, 11, 3), True),  # 18th birthday counts
        (dt.date(2007, 11, 3), dt.date(2025, 11, 2), False),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), False),  # non-leap: adult on 1 March
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), True),
        (dt.date(2004, 2, 29), dt.date(2022, 2, 28), False),
        (dt.date(2006, 2, 28), dt.date(2024, 2, 28), True),
        (dt.date(2006, 3, 1), dt.date(2024, 2, 29), False),  # leap-day T, born 1 March
    ],
)
def test_adult_on(born: dt.date, day: dt.date, adult: bool) -> None:
    assert is_adult_on(born, day) is adult
    assert (age_on(born, day) >= 18) is adult


def test_birthday_on_T_and_minor_at_creation() -> None:
    t = dt.datetime(2025, 11, 3, 0, tzinfo=UTC) + dt.timedelta(days=40)
    teen = member(born=dt.date(2007, 11, 3))
    # 18 today, but the post was written at 17: never used; written on the birthday: used.
    assert (
        decide_record(post(dt.datetime(2025, 11, 2, 23, tzinfo=UTC)), teen, [], L2025, t) == X.MINOR
    )
    assert decide_record(post(dt.datetime(2025, 11, 3, 0, tzinfo=UTC)), teen, [], L2025, t) is None
    # Profile data: only "18 on T's date" applies.
    profile = Record("profile:m:headline", "m", "profile", None, OLD, True)
    assert decide_record(profile, teen, [], L2025, t) is None
    born_at_t = member(born=dt.date(2007, 12, 10))
    assert decide_record(profile, born_at_t, [], L2025, T) is None
    assert decide_record(profile, member(born=dt.date(2007, 12, 11)), [], L2025, T) == X.MINOR


def test_rule_order_first_failure_wins() -> None:
    no = [E("e1", "m", OLD, "ai_training_setting", False)]
    future = post(T + dt.timedelta(seconds=1), kind="private_message", vis="private")
    assert decide_record(future, member(), no, L2025, T) == X.NOT_YET_CREATED
    assert decide_record(post(kind="salary"), member(), no, L2025, T) == X.KIND_EXCLUDED
    assert decide_record(post(vis="connections"), member(), no, L2025, T) == X.NOT_PUBLIC
    assert (
        decide_record(post(kind="group_post", vis="public"), member(), [], L2025, T) == X.NOT_PUBLIC
    )
    assert (
        decide_record(post(kind="group_post", vis="group_public"), member(), [], L2025, T) is None
    )
    assert decide_record(post(kind="ai_prompt", vis="private"), member(), [], L2025, T) is None
    kid = member(born=dt.date(2010, 1, 1))
    assert decide_record(post(), kid, no, L2025, T) == X.MINOR
    assert (
        decide_record(post(), member("GB"), no, load_policy("linkedin-2024"), T)
        == X.REGION_NOT_COVERED
    )
    early = dt.datetime(2025, 11, 2, 23, 59, 59, tzinfo=UTC)
    assert decide_record(post(), member("FR"), no, L2025, early) == X.NOT_YET_EFFECTIVE
    assert decide_record(post(), member("FR"), no, L2025, T) == X.SAID_NO


def test_ties_are_broken_by_event_id() -> None:
    at = dt.datetime(2025, 10, 1, tzinfo=UTC)
    events = [
        E("b", "m", at, "ai_training_setting", False),
        E("a", "m", at, "notice_response", "accept", "linkedin-2025"),
    ]
    assert decide_record(post(), member(), events, L2025, T) == X.SAID_NO  # "b" > "a"
    events.append(E("c", "m", at, "notice_response", "accept", "linkedin-2024"))
    assert decide_record(post(), member(), events, L2025, T) is None  # any policy version
    events.append(E("d", "m", at, "objection"))
    assert decide_record(post(), member(), events, L2025, T) == X.SAID_NO
    later = [*events, E("0", "m", T + dt.timedelta(microseconds=1), "ai_training_setting", True)]
    assert decide_record(post(), member(), later, L2025, T) == X.SAID_NO  # after T: ignored


def test_notice_period() -> None:
    fr = member("FR")
    delivered = [E("n", "m", T - dt.timedelta(days=30), "notice_delivered", None, "linkedin-2025")]
    assert decide_record(post(), fr, delivered, L2025, T) is None  # exactly T - 30 days
    late = [E("n", "m", T - dt.timedelta(days=29), "notice_delivered", None, "linkedin-2025")]
    assert decide_record(post(), fr, late, L2025, T) == X.NO_NOTICE
    other = [E("n", "m", T - dt.timedelta(days=90), "notice_delivered", None, "linkedin-2024")]
    assert decide_record(post(), fr, other, L2025, T) == X.NO_NOTICE  # for P's id only
    said_yes = [E("y", "m", T - dt.timedelta(days=1), "ai_training_setting", True)]
    assert decide_record(post(), fr, said_yes, L2025, T) is None  # choice not from the default
    assert decide_record(post(), member("US"), [], L2025, T) is None  # no notice_days


def test_restriction_and_erasure() -> None:
    after = [E("r", "m", T + dt.timedelta(days=1), "restriction")]
    assert decide_record(post(), member(), after, L2025, T) is None
    before = [E("r", "m", T, "restriction")]
    assert decide_record(post(), member(), before, L2025, T) == X.RESTRICTED
    erased_later = [E("x", "m", T + dt.timedelta(days=400), "erasure")]
    assert decide_record(post(), member(), erased_later, L2025, T) == X.ERASED
    assert decide_record(post(), member(), before + erased_later, L2025, T) == X.RESTRICTED


def test_naive_as_of_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        decide_record(post(), member(), [], L2025, dt.datetime(2025, 1, 1))
