"""The JSON API: token, the setting, notices, requests, data report, DPO endpoints, GPC."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from web_helpers import FR, MINOR, NOTICE, OTHER, PASSWORD, US, bearer, csrf_of, login

from consentgate.ledger.store import ConsentLedger
from consentgate.models import MemberRequest
from consentgate.workspace import Workspace

SETTING_API = "/api/v1/me/ai-training-setting"
SETTING = "/mypreferences/d/settings/data-for-ai-improvement"


def _events(ws: Workspace, member_id: str) -> list:
    with ws.session() as session:
        return ConsentLedger(session).events_for(member_id)


def test_token_then_read_and_set_the_setting(client: TestClient, web_ws: Workspace) -> None:
    issued = client.post(
        "/api/v1/auth/token", json={"email": US.email.upper(), "password": PASSWORD}
    )
    assert issued.status_code == 200
    body = issued.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    before = client.get(SETTING_API, headers=headers).json()
    assert before["enabled"] is True and before["source"] == "default"
    assert before["region"] == "US" and before["policy"] == "linkedin-2025"
    assert "Private messages" in before["never_used"]
    put = client.put(SETTING_API, json={"enabled": False, "channel": "ios"}, headers=headers)
    assert put.status_code == 200
    assert put.json()["enabled"] is False and put.json()["channel"] == "ios"
    after = client.get(SETTING_API, headers=headers).json()
    assert after["enabled"] is False and after["source"] == "event"
    assert [h["channel"] for h in after["history"]] == ["ios"]
    assert [(e.type, e.value, e.channel) for e in _events(web_ws, US.member_id)] == [
        ("ai_training_setting", False, "ios")
    ]


def test_setting_input_is_validated(client: TestClient) -> None:
    headers = bearer(client, US)
    for body in (
        {},
        {"enabled": "maybe"},
        {"enabled": True, "channel": "gpc"},
        {"enabled": True, "x": 1},
    ):
        response = client.put(SETTING_API, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"]


def test_notices_list_and_answer(client: TestClient, web_ws: Workspace) -> None:
    headers = bearer(client, FR)
    notices = client.get("/api/v1/me/notices", headers=headers).json()
    assert [(n["policy_version"], n["status"]) for n in notices] == [(NOTICE, "pending")]
    answer = client.post(
        f"/api/v1/me/notices/{NOTICE}/response", json={"response": "refuse"}, headers=headers
    )
    assert answer.status_code == 200 and answer.json()["status"] == "refused"
    missing = client.post(
        "/api/v1/me/notices/linkedin-2099/response", json={"response": "accept"}, headers=headers
    )
    assert missing.status_code == 404
    setting = client.get(SETTING_API, headers=headers).json()
    assert setting["enabled"] is False and "refused the notice" in setting["explanation"]


def test_requests_have_a_one_month_due_date(client: TestClient, web_ws: Workspace) -> None:
    headers = bearer(client, FR)
    filed = client.post(
        "/api/v1/me/requests",
        json={"kind": "restriction", "reason": "  pending review  "},
        headers=headers,
    )
    assert filed.status_code == 201
    body = filed.json()
    received = dt.datetime.fromisoformat(body["received_at"])
    due = dt.datetime.fromisoformat(body["due_at"])
    assert 28 <= (due - received).days <= 31
    assert body["status"] == "open" and body["reason"] == "pending review"
    too_long = client.post(
        "/api/v1/me/requests", json={"kind": "objection", "reason": "x" * 2001}, headers=headers
    )
    assert too_long.status_code == 422
    dpo = bearer(client, None, username="dpo")
    listed = client.get("/api/v1/dpo/requests", headers=dpo).json()
    assert [r["request_id"] for r in listed] == [body["request_id"]]
    assert client.get("/api/v1/dpo/requests?overdue=true", headers=dpo).json() == []


def test_overdue_requests_show_red_on_the_dashboard(client: TestClient, web_ws: Workspace) -> None:
    headers = bearer(client, FR)
    filed = client.post("/api/v1/me/requests", json={"kind": "objection"}, headers=headers).json()
    with web_ws.session() as session:
        row = session.get(MemberRequest, filed["request_id"])
        assert row is not None
        row.due_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    dpo = bearer(client, None, username="dpo")
    overdue = client.get("/api/v1/dpo/requests?overdue=true", headers=dpo).json()
    assert [r["overdue"] for r in overdue] == [True]
    from web_helpers import login_dpo

    login_dpo(client)
    assert 'class="overdue"' in client.get("/dpo").text


def test_erasure_through_the_api_revokes_access(client: TestClient, web_ws: Workspace) -> None:
    headers = bearer(client, OTHER)
    body = {"kind": "erasure", "password": PASSWORD}
    assert client.post("/api/v1/me/requests", json=body, headers=headers).status_code == 201
    assert client.get(SETTING_API, headers=headers).status_code == 401
    # The write path reads the member inside its own transaction: same answer, no event.
    put = client.put(SETTING_API, json={"enabled": True}, headers=headers)
    assert put.status_code == 401 and put.headers["www-authenticate"] == "Bearer"
    assert [e.type for e in _events(web_ws, OTHER.member_id)][-1] == "erasure"
    gone = client.post("/api/v1/auth/token", json={"email": OTHER.email, "password": PASSWORD})
    assert gone.status_code == 401


def test_data_report_has_no_secrets(client: TestClient) -> None:
    report = client.get("/api/v1/me/data-report", headers=bearer(client, FR))
    assert report.status_code == 200
    body = report.json()
    assert body["datasets"] == [] and body["receipts"] == []
    assert [e["type"] for e in body["consent_events"]] == ["notice_delivered"]
    assert "argon2" not in report.text and "password" not in report.text


def test_ledger_verification_for_the_dpo(client: TestClient) -> None:
    verify = client.get("/api/v1/dpo/ledger/verify", headers=bearer(client, None, username="dpo"))
    body = verify.json()
    assert (body["ok"], body["count"], body["first_bad_event_id"], body["problem"]) == (
        True, 2, None, None,
    )  # fmt: skip
    assert body["findings"] == [] and body["heads_checked"] >= 1 and body["key_id"]


def test_gpc_records_one_no_for_an_opt_out_region(client: TestClient, web_ws: Workspace) -> None:
    headers = {**bearer(client, US), "Sec-GPC": "1"}
    for _ in range(3):
        setting = client.get(SETTING_API, headers=headers).json()
    assert setting["enabled"] is False and setting["channel"] == "gpc"
    gpc = [e for e in _events(web_ws, US.member_id) if e.channel == "gpc"]
    assert [(e.type, e.value) for e in gpc] == [("ai_training_setting", False)]
    # The member turns it back on explicitly: GPC is not applied a second time.
    client.put(SETTING_API, json={"enabled": True}, headers=headers)
    assert client.get(SETTING_API, headers=headers).json()["enabled"] is True
    assert len([e for e in _events(web_ws, US.member_id) if e.channel == "gpc"]) == 1


def test_gpc_on_a_write_comes_before_the_explicit_choice(
    client: TestClient, web_ws: Workspace
) -> None:
    headers = {**bearer(client, US), "Sec-GPC": "1"}
    put = client.put(SETTING_API, json={"enabled": True, "channel": "android"}, headers=headers)
    assert put.status_code == 200 and put.json()["region"] == "US"
    assert [(e.channel, e.value) for e in _events(web_ws, US.member_id)] == [
        ("gpc", False),
        ("android", True),
    ]
    client.put(SETTING_API, json={"enabled": True}, headers=headers)
    assert len([e for e in _events(web_ws, US.member_id) if e.channel == "gpc"]) == 1


def test_gpc_on_pages_and_not_without_the_header(client: TestClient, web_ws: Workspace) -> None:
    login(client, FR)
    client.get(SETTING)
    assert _events(web_ws, FR.member_id)[-1].type == "notice_delivered"
    page = client.get(SETTING, headers={"Sec-GPC": "1"})
    assert "Global Privacy Control" in page.text
    client.get(SETTING, headers={"Sec-GPC": "1"})
    assert len([e for e in _events(web_ws, FR.member_id) if e.channel == "gpc"]) == 1


def test_gpc_not_recorded_when_already_no(client: TestClient, web_ws: Workspace) -> None:
    login(client, MINOR)
    token = csrf_of(client, SETTING)
    client.post(SETTING, data={"enabled": "false", "csrf_token": token})
    client.get(SETTING, headers={"Sec-GPC": "1"})
    assert [e.channel for e in _events(web_ws, MINOR.member_id)] == ["web"]


def test_openapi_has_response_models_and_no_secrets(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/me/ai-training-setting", "/api/v1/me/data-report"):
        assert path in paths
    assert "/login" not in paths and "/dpo" not in paths
    schema_text = str(doc["components"]["schemas"])
    assert "password_hash" not in schema_text and "salary" not in schema_text
    put = paths["/api/v1/me/ai-training-setting"]["put"]
    assert "SettingOut" in str(put["responses"]["200"])
