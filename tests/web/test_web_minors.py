"""A member under 18 cannot turn AI training on (page, API batch, API with GPC): 403 with
the reason, nothing recorded; turning it off works; `minor` reads the same everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from web_helpers import MINOR, US, bearer, csrf_of, login

from consentgate.ledger.store import ConsentLedger
from consentgate.models import Member
from consentgate.workflows.services import MINOR_ON
from consentgate.workspace import Workspace

SETTING = "/mypreferences/d/settings/data-for-ai-improvement"
SETTING_API = "/api/v1/me/ai-training-setting"


def _events(ws: Workspace, member_id: str) -> list:
    with ws.session() as session:
        return ConsentLedger(session).events_for(member_id)


def test_the_page_refuses_a_minors_on(client: TestClient, web_ws: Workspace) -> None:
    login(client, MINOR)
    token = csrf_of(client, SETTING)
    refused = client.post(SETTING, data={"enabled": "true", "csrf_token": token})
    assert refused.status_code == 403 and "under 18 cannot turn on" in refused.text
    assert _events(web_ws, MINOR.member_id) == []
    off = client.post(SETTING, data={"enabled": "false", "csrf_token": token})
    assert off.status_code == 200
    assert [(e.channel, e.value) for e in _events(web_ws, MINOR.member_id)] == [("web", False)]


@pytest.mark.parametrize("gpc", [False, True], ids=["batched", "gpc"])
def test_the_api_refuses_a_minors_on(client: TestClient, web_ws: Workspace, gpc: bool) -> None:
    headers = bearer(client, MINOR)
    if gpc:
        headers["Sec-GPC"] = "1"
    refused = client.put(SETTING_API, json={"enabled": True}, headers=headers)
    assert refused.status_code == 403 and refused.json() == {"detail": MINOR_ON}
    assert _events(web_ws, MINOR.member_id) == []
    off = client.put(SETTING_API, json={"enabled": False, "channel": "ios"}, headers=headers)
    assert off.status_code == 200 and off.json()["minor"] is True
    assert client.get(SETTING_API, headers=headers).json()["minor"] is True
    recorded = [(e.channel, e.value) for e in _events(web_ws, MINOR.member_id)]
    # With the signal, its own "no" comes first (recorded once), then the member's.
    assert recorded == ([("gpc", False)] if gpc else []) + [("ios", False)]


def test_minor_is_the_same_answer_everywhere(client: TestClient, web_ws: Workspace) -> None:
    adult = bearer(client, US)
    put = client.put(SETTING_API, json={"enabled": True}, headers=adult).json()
    assert put["minor"] is False and client.get(SETTING_API, headers=adult).json()["minor"] is False
    # 18 today (UTC date): an adult, everywhere, from today on.
    today = dt.datetime.now(dt.UTC).date()
    birthday = dt.date(today.year - 18, today.month, min(today.day, 28 if today.month == 2 else 31))
    with web_ws.session() as session:
        session.execute(
            update(Member).where(Member.member_id == MINOR.member_id).values(birth_date=birthday)
        )
    headers = bearer(client, MINOR)
    put = client.put(SETTING_API, json={"enabled": True}, headers=headers)
    assert put.status_code == 200 and put.json()["minor"] is False
    assert client.get(SETTING_API, headers=headers).json()["minor"] is False
