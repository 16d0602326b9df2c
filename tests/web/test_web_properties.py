"""Invariants of the setting through the API, over random sequences of choices (Hypothesis):
the last accepted choice wins, each is one event, a minor's "on" is refused and recorded nowhere."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_helpers import MINOR, PEOPLE, api_token, make_settings, populate

from consentgate.ledger.store import ConsentLedger
from consentgate.web.app import create_app
from consentgate.workspace import Workspace

SETTING_API = "/api/v1/me/ai-training-setting"
choices = st.lists(
    st.tuples(st.sampled_from(PEOPLE), st.booleans(), st.sampled_from(["api", "ios", "android"])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(sequence=choices)
def test_the_last_choice_wins_and_every_choice_is_one_event(
    sqlite_workspace: Workspace, sequence: list
) -> None:
    ws = sqlite_workspace
    if not getattr(ws, "_populated", False):
        populate(ws)
        ws._populated = True  # type: ignore[attr-defined]
    client = TestClient(create_app(ws, make_settings()))
    tokens = {p.member_id: api_token(ws, p.member_id) for p in PEOPLE}
    with ws.session() as session:
        before = {p.member_id: len(ConsentLedger(session).events_for(p.member_id)) for p in PEOPLE}
    last: dict[str, tuple[bool, str]] = {}
    for person, enabled, channel in sequence:
        headers = {"Authorization": f"Bearer {tokens[person.member_id]}"}
        put = client.put(
            SETTING_API, json={"enabled": enabled, "channel": channel}, headers=headers
        )
        if person == MINOR and enabled:  # a minor may turn it off, never on
            assert put.status_code == 403 and "under 18" in put.json()["detail"]
            continue
        assert put.status_code == 200 and put.json()["enabled"] is enabled
        assert put.json()["minor"] is (person == MINOR)
        last[person.member_id] = (enabled, channel)
    for member_id, (enabled, channel) in last.items():
        headers = {"Authorization": f"Bearer {tokens[member_id]}"}
        state = client.get(SETTING_API, headers=headers).json()
        assert (state["enabled"], state["channel"], state["source"]) == (enabled, channel, "event")
        assert (state["history"][0]["enabled"], state["history"][0]["channel"]) == (
            enabled,
            channel,
        )
    with ws.session() as session:
        for person in PEOPLE:
            added = (
                len(ConsentLedger(session).events_for(person.member_id)) - before[person.member_id]
            )
            accepted = [e for p, e, _ in sequence if p == person and not (p == MINOR and e)]
            assert added == len(accepted)
