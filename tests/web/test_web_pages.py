"""Member pages end to end through TestClient: the setting, notices, objection, my data, close."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import FR, MINOR, NOTICE, PASSWORD, US, csrf_of, login

from consentgate.ledger.store import ConsentLedger
from consentgate.models import Member
from consentgate.workspace import Workspace

SETTING = "/mypreferences/d/settings/data-for-ai-improvement"


def _events(ws: Workspace, member_id: str, type_: str) -> list:
    with ws.session() as session:
        return [e for e in ConsentLedger(session).events_for(member_id) if e.type == type_]


def test_setting_page_shows_default_then_records_a_web_choice(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, US)
    page = client.get(SETTING)
    assert page.status_code == 200
    assert "Use my data for training content creation AI models" in page.text
    assert "Default of your region (US) under the policy of 3 November 2025" in page.text
    assert 'aria-checked="true"' in page.text
    assert "Private messages" in page.text  # never used
    token = csrf_of(client, SETTING)
    done = client.post(SETTING, data={"enabled": "false", "csrf_token": token})
    assert done.status_code == 200 and "Your choice was saved" in done.text
    assert 'aria-checked="false"' in done.text
    assert "via the website" in done.text
    events = _events(web_ws, US.member_id, "ai_training_setting")
    assert [(e.value, e.channel) for e in events] == [(False, "web")]
    assert 'data-testid="history"' in done.text


def test_minor_is_told_nothing_is_used(client: TestClient) -> None:
    login(client, MINOR)
    assert "You are under 18" in client.get(SETTING).text


def test_notice_banner_accept_and_refuse(client: TestClient, web_ws: Workspace) -> None:
    login(client, FR)
    page = client.get(SETTING)
    assert 'data-testid="notice-banner"' in page.text
    token = csrf_of(client, "/notices")
    accepted = client.post(
        f"/notices/{NOTICE}/response", data={"answer": "accept", "csrf_token": token}
    )
    assert "You accepted this notice" in accepted.text
    assert 'data-testid="notice-banner"' not in accepted.text
    client.post(f"/notices/{NOTICE}/response", data={"answer": "refuse", "csrf_token": token})
    values = [e.value for e in _events(web_ws, FR.member_id, "notice_response")]
    assert values == ["accept", "refuse"]
    assert "You refused the notice of the policy of 3 November 2025" in client.get(SETTING).text


def test_unknown_notice_is_404(client: TestClient) -> None:
    login(client, US)
    token = csrf_of(client, "/notices")
    response = client.post(
        "/notices/linkedin-2099/response", data={"answer": "accept", "csrf_token": token}
    )
    assert response.status_code == 404
    assert "no notice for policy" in response.text


def test_objection_form_confirms_with_a_one_month_due_date(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, FR)
    url = "/mypreferences/d/data-processing-objection"
    token = csrf_of(client, url)
    page = client.post(url, data={"kind": "objection", "reason": "Je refuse.", "csrf_token": token})
    assert page.status_code == 200
    assert "We received your objection request" in page.text
    assert 'data-testid="request-status">open' in page.text
    assert len(_events(web_ws, FR.member_id, "objection")) == 1
    bad = client.post(url, data={"kind": "erasure", "csrf_token": token})
    assert bad.status_code == 422


def test_my_data_page_and_download(client: TestClient) -> None:
    login(client, FR)
    page = client.get("/mypreferences/d/my-data-and-ai")
    assert "Your data is not used in any dataset yet" in page.text
    download = client.get("/mypreferences/d/my-data-and-ai/download")
    assert download.headers["content-disposition"].startswith("attachment")
    report = download.json()
    assert report["member_id"] == FR.member_id and report["datasets"] == []
    assert "password" not in download.text and "hash" not in download.text


def test_close_account_erases_and_signs_out(client: TestClient, web_ws: Workspace) -> None:
    login(client, US)
    url = "/mypreferences/d/close-account"
    token = csrf_of(client, url)
    wrong = client.post(url, data={"confirm": "DELETE", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 422
    done = client.post(url, data={"confirm": "DELETE", "password": PASSWORD, "csrf_token": token})
    assert "Your account is closed" in done.text
    with web_ws.session() as session:
        assert session.get(Member, US.member_id) is None
    assert len(_events(web_ws, US.member_id, "erasure")) == 1
    after = client.get(SETTING, follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
