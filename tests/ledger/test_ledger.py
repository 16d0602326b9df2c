"""Choices, point-in-time state, requests and erasure on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from consentgate.errors import UnknownMemberError
from consentgate.ledger.choices import deliver_notice, respond_to_notice, set_choice
from consentgate.ledger.requests import (
    close_request,
    file_request,
    list_requests,
    one_month_after,
)
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent, ContentRecord, Member, MemberSecret
from consentgate.policy import load_policy
from consentgate.workspace import Workspace

UTC = dt.UTC
T0 = dt.datetime(2025, 10, 1, tzinfo=UTC)
L2025 = load_policy("linkedin-2025")


def test_state_follows_latest_choice(
    workspace: Workspace, member_factory: Callable[..., None]
) -> None:
    member_factory("m1", country="FR")
    with workspace.session() as s:
        set_choice(s, "m1", False, "web", at=T0)
        respond_to_notice(s, "m1", "linkedin-2025", True, "ios", at=T0 + dt.timedelta(days=2))
    with workspace.session() as s:
        ledger = ConsentLedger(s)
        before = ledger.state_at("m1", T0 - dt.timedelta(seconds=1), L2025)
        at_t0 = ledger.state_at("m1", T0, L2025)
        later = ledger.state_at("m1", T0 + dt.timedelta(days=3), L2025)
    assert (before.choice, before.source, before.deciding_event) == (True, "default", None)
    assert before.region_rule is not None and before.region_rule.notice_days == 30
    assert (at_t0.choice, at_t0.source, at_t0.since) == (False, "event", T0)
    assert later.choice is True and later.deciding_event is not None
    assert later.deciding_event.type == "notice_response"


def test_state_of_uncovered_member_has_no_default(
    workspace: Workspace, member_factory: Callable[..., None]
) -> None:
    member_factory("m1", country="DE")
    with workspace.session() as s:
        state = ConsentLedger(s).state_at("m1", T0, load_policy("linkedin-2024"))
    assert (state.choice, state.source, state.region_rule) == (False, "none", None)


def test_unknown_member(workspace: Workspace) -> None:
    with (
        pytest.raises(UnknownMemberError, match="unknown member: nobody"),
        workspace.session() as s,
    ):
        set_choice(s, "nobody", True, "web")
    with pytest.raises(UnknownMemberError), workspace.session() as s:
        ConsentLedger(s).state_at("nobody", T0, L2025)


def test_states_at_table(workspace: Workspace, member_factory: Callable[..., None]) -> None:
    member_factory("a", country="FR")
    member_factory("b", country="US", birth_date=dt.date(2008, 2, 29))
    member_factory("c", country="CA")
    with workspace.session() as s:
        deliver_notice(s, ["a", "c"], "linkedin-2025", at=T0)
        deliver_notice(s, ["a"], "linkedin-2025", at=T0 + dt.timedelta(days=1))
        set_choice(s, "b", False, "android", at=T0)
        file_request(s, "c", "restriction", "why not", at=T0 + dt.timedelta(days=5))
    with workspace.session() as s:
        table = ConsentLedger(s).states_at(T0 + dt.timedelta(days=2), L2025)
    rows = {r["member_id"]: r for r in table.to_pylist()}
    assert table.column_names[:4] == ["member_id", "country", "birth_date", "created_at"]
    assert rows["a"]["notice_delivered_at"] == T0 and rows["a"]["choice"] is None
    assert rows["b"]["choice"] is False and rows["b"]["choice_at"] == T0
    assert rows["b"]["birth_date"] == dt.date(2008, 2, 29)
    assert rows["c"]["restricted"] is False  # the restriction comes after T
    assert rows["a"]["created_at"] == dt.datetime(2021, 3, 4, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.datetime(2025, 1, 31, 9, tzinfo=UTC), dt.datetime(2025, 2, 28, 9, tzinfo=UTC)),
        (dt.datetime(2024, 1, 31, 9, tzinfo=UTC), dt.datetime(2024, 2, 29, 9, tzinfo=UTC)),
        (dt.datetime(2025, 12, 15, tzinfo=UTC), dt.datetime(2026, 1, 15, tzinfo=UTC)),
        (dt.datetime(2025, 3, 31, tzinfo=UTC), dt.datetime(2025, 4, 30, tzinfo=UTC)),
    ],
)
def test_due_date_is_one_calendar_month(received: dt.datetime, due: dt.datetime) -> None:
    assert one_month_after(received) == due


def test_requests_and_overdue(workspace: Workspace, member_factory: Callable[..., None]) -> None:
    member_factory("m1")
    member_factory("m2")
    with workspace.session() as s:
        old = file_request(
            s, "m1", "objection", "no thanks", at=dt.datetime(2025, 1, 31, tzinfo=UTC)
        )
        new = file_request(s, "m2", "restriction", None, at=dt.datetime(2025, 6, 1, tzinfo=UTC))
        old_id, new_id = old.request_id, new.request_id
    now = dt.datetime(2025, 3, 1, tzinfo=UTC)
    with workspace.session() as s:
        assert [r.request_id for r in list_requests(s, overdue_only=True, now=now)] == [old_id]
        assert len(list_requests(s)) == 2
        close_request(s, old_id, at=now)
    with workspace.session() as s:
        assert list_requests(s, overdue_only=True, now=now) == []
        state = ConsentLedger(s).state_at("m1", now, L2025)
        assert state.choice is False and state.deciding_event is not None
        assert state.deciding_event.type == "objection"
        assert ConsentLedger(s).state_at("m2", now, L2025).restricted is False
        assert (
            ConsentLedger(s).state_at("m2", dt.datetime(2025, 7, 1, tzinfo=UTC), L2025).restricted
        )
        assert new_id


def test_erasure_deletes_data_keeps_tombstone(
    workspace: Workspace, member_factory: Callable[..., None]
) -> None:
    member_factory("m1", records=3)
    member_factory("m2", records=1)
    with workspace.session() as s:
        set_choice(s, "m1", True, "web", at=T0)
        request = file_request(s, "m1", "erasure", at=T0 + dt.timedelta(days=1))
        assert request.status == "done"
    with workspace.session() as s:
        assert s.get(Member, "m1") is None and s.get(MemberSecret, "m1") is None
        counts = s.execute(
            select(ContentRecord.member_id, func.count()).group_by(ContentRecord.member_id)
        ).all()
        assert dict(counts) == {"m2": 1}
        types = s.scalars(select(ConsentEvent.type).where(ConsentEvent.member_id == "m1")).all()
        assert sorted(types) == ["ai_training_setting", "erasure"]
        state = ConsentLedger(s).state_at("m1", T0, L2025)
        assert state.erased
        assert verify_ledger(s).ok
    with pytest.raises(UnknownMemberError), workspace.session() as s:
        set_choice(s, "m1", True, "web")
