"""Authorisation, CSRF, sessions, rate limiting, settings and headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import FR, OTHER, PASSWORD, US, bearer, csrf_of, login, login_dpo, make_settings

from consentgate.errors import ConfigError
from consentgate.ledger.store import ConsentLedger
from consentgate.settings import load_settings
from consentgate.web.app import create_app
from consentgate.web.security import SESSION_COOKIE
from consentgate.workspace import Workspace

SETTING = "/mypreferences/d/settings/data-for-ai-improvement"
MEMBER_PAGES = [
    SETTING,
    "/notices",
    "/mypreferences/d/data-processing-objection",
    "/mypreferences/d/my-data-and-ai",
    "/mypreferences/d/my-data-and-ai/download",
    "/mypreferences/d/close-account",
]
MEMBER_API = [
    ("get", "/api/v1/me/ai-training-setting", None),
    ("put", "/api/v1/me/ai-training-setting", {"enabled": False}),
    ("get", "/api/v1/me/notices", None),
    ("post", "/api/v1/me/notices/linkedin-2025/response", {"response": "accept"}),
    ("post", "/api/v1/me/requests", {"kind": "objection"}),
    ("get", "/api/v1/me/requests", None),
    ("get", "/api/v1/me/data-report", None),
]
DPO_API = [
    "/api/v1/dpo/requests",
    "/api/v1/dpo/ledger/verify",
    "/api/v1/dpo/datasets",
    "/api/v1/dpo/models",
]


@pytest.mark.parametrize("path", MEMBER_PAGES + ["/dpo"])
def test_pages_redirect_anonymous_visitors_to_sign_in(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert "/login?next=" in response.headers["location"]


@pytest.mark.parametrize(("method", "path", "body"), MEMBER_API)
def test_api_refuses_missing_or_forged_tokens(
    client: TestClient, method: str, path: str, body: dict | None
) -> None:
    assert client.request(method, path, json=body).status_code == 401
    forged = {"Authorization": "Bearer eyJrIjoibWVtYmVyIiwicyI6Im0wMDAwMDQifQ.forged"}
    response = client.request(method, path, json=body, headers=forged)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_dpo_pages_and_api_refuse_members(client: TestClient) -> None:
    login(client, FR)
    assert client.get("/dpo", follow_redirects=False).status_code == 403
    headers = bearer(client, FR)
    for path in DPO_API:
        assert client.get(path, headers=headers).status_code == 403


def test_member_api_refuses_dpo_tokens(client: TestClient) -> None:
    headers = bearer(client, None, username="dpo")
    assert client.get("/api/v1/me/ai-training-setting", headers=headers).status_code == 403
    put = client.put("/api/v1/me/ai-training-setting", json={"enabled": False}, headers=headers)
    assert put.status_code == 403
    assert client.get("/api/v1/dpo/requests", headers=headers).status_code == 200


def test_a_member_cannot_see_or_change_another_members_data(
    client: TestClient, web_ws: Workspace
) -> None:
    # Paul files a request; Léa can neither read it nor act for him.
    paul = bearer(client, OTHER)
    filed = client.post("/api/v1/me/requests", json={"kind": "objection"}, headers=paul).json()
    login(client, FR)
    page = client.get(f"/mypreferences/d/requests/{filed['request_id']}")
    assert page.status_code == 404
    lea = bearer(client, FR)
    mine = client.get("/api/v1/me/requests", headers=lea).json()
    assert mine == []
    # No endpoint takes a member id: a smuggled one is refused, and only Léa's ledger changes.
    smuggled = {"enabled": False, "member_id": OTHER.member_id}
    assert (
        client.put("/api/v1/me/ai-training-setting", json=smuggled, headers=lea).status_code == 422
    )
    assert (
        client.put(
            "/api/v1/me/ai-training-setting", json={"enabled": False}, headers=lea
        ).status_code
        == 200
    )
    with web_ws.session() as session:
        paul_events = ConsentLedger(session).events_for(OTHER.member_id)
    assert [e.type for e in paul_events] == ["notice_delivered", "objection"]
    report = client.get("/api/v1/me/data-report", headers=lea).json()
    assert report["member_id"] == FR.member_id
    assert all(r["member_id"] == FR.member_id for r in report["requests"])


def test_forms_without_or_with_a_wrong_csrf_token_are_refused(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, US)
    missing = client.post(SETTING, data={"enabled": "false"})
    wrong = client.post(SETTING, data={"enabled": "false", "csrf_token": "x" * 43})
    assert missing.status_code == wrong.status_code == 403
    assert "security token" in wrong.text
    with web_ws.session() as session:
        assert ConsentLedger(session).events_for(US.member_id) == []
    token = csrf_of(client, SETTING)
    assert client.post(SETTING, data={"enabled": "false", "csrf_token": token}).status_code == 200


def test_login_form_needs_csrf_too(client: TestClient) -> None:
    response = client.post("/login", data={"email": FR.email, "password": PASSWORD})
    assert response.status_code == 403


def test_a_token_from_another_session_is_refused(client: TestClient, web_ws: Workspace) -> None:
    other = TestClient(create_app(web_ws, make_settings()))
    stolen = csrf_of(other, "/login")
    login(client, US)
    assert client.post(SETTING, data={"enabled": "false", "csrf_token": stolen}).status_code == 403


def test_session_cookie_is_signed_httponly_samesite(client: TestClient) -> None:
    response = client.get("/login")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    client.cookies.set(SESSION_COOKIE, "forged.cookie.value")
    assert client.get(SETTING, follow_redirects=False).status_code == 303


def test_login_is_rate_limited_per_address_and_account(client: TestClient) -> None:
    token = csrf_of(client)
    codes = [
        client.post(
            "/login", data={"email": FR.email, "password": "bad", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    # Even the right password waits now; another account from the same address does not.
    right = client.post(
        "/login", data={"email": FR.email, "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429
    api = client.post("/api/v1/auth/token", json={"email": FR.email, "password": PASSWORD})
    assert api.status_code == 429 and int(api.headers["retry-after"]) > 0
    login(client, US)


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient) -> None:
    a = client.post("/api/v1/auth/token", json={"email": FR.email, "password": "wrong"})
    b = client.post("/api/v1/auth/token", json={"email": "nobody@example.com", "password": "wrong"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json()


def test_next_parameter_cannot_redirect_off_site(client: TestClient) -> None:
    token = csrf_of(client)
    data = {"email": FR.email, "password": PASSWORD, "csrf_token": token, "next": "//evil.example"}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.headers["location"] == SETTING


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client, FR)
    token = csrf_of(client, SETTING)
    client.post("/logout", data={"csrf_token": token})
    assert client.get(SETTING, follow_redirects=False).status_code == 303


def test_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_dpo_signs_in_and_sees_the_dashboard(client: TestClient) -> None:
    login_dpo(client)
    page = client.get("/dpo")
    assert page.status_code == 200
    assert "Hash chain verified" in page.text
    assert "<svg" in page.text


def test_settings_refuse_the_default_key_outside_development(
    monkeypatch: pytest.MonkeyPatch, web_ws: Workspace
) -> None:
    monkeypatch.setenv("CONSENTGATE_ENV", "production")
    monkeypatch.delenv("CONSENTGATE_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="CONSENTGATE_SECRET_KEY must be set"):
        create_app(web_ws, load_settings())
    monkeypatch.setenv("CONSENTGATE_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="at least 32"):
        create_app(web_ws, load_settings())
    monkeypatch.setenv("CONSENTGATE_SECRET_KEY", "k" * 40)
    assert load_settings().web.secure_cookies is True


def test_a_malformed_setting_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSENTGATE_TRUSTED_PROXIES", "10.0.0.0/8,not-an-address")
    with pytest.raises(ConfigError, match="trusted_proxies: not an address or network"):
        load_settings()


def test_unknown_paths_answer_404_in_kind(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "This page does not exist." in page.text
    api = client.get("/api/v1/no/such")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_personal_answers_are_never_stored_by_caches(client: TestClient) -> None:
    token = client.post("/api/v1/auth/token", json={"email": FR.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    answers = [token] + [
        client.get(path, headers=headers)
        for path in ("/api/v1/me/ai-training-setting", "/api/v1/me/data-report")
    ]
    answers.append(
        client.put("/api/v1/me/ai-training-setting", json={"enabled": False}, headers=headers)
    )
    login(client, FR)
    answers += [client.get(path) for path in MEMBER_PAGES]
    assert [a.status_code for a in answers] == [200] * len(answers)
    assert all(a.headers["cache-control"] == "no-store" for a in answers)
    assert "attachment" in answers[-2].headers["content-disposition"]  # the JSON download
    static = client.get("/static/consentgate.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_hsts_in_production_only(web_ws: Workspace) -> None:
    production = make_settings(env="production", secret_key="k" * 48)
    with TestClient(create_app(web_ws, production)) as client:
        assert client.get("/login").headers["strict-transport-security"].startswith("max-age=")
        assert "strict-transport-security" in client.get("/api/v1/no/such").headers
    for env in ("development", "test"):
        with TestClient(create_app(web_ws, make_settings(env=env))) as client:
            assert "strict-transport-security" not in client.get("/login").headers


def test_api_docs_are_served_from_this_origin(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(urls) == 3 and all(url.startswith("/") and not url.startswith("//") for url in urls)
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url
    assert "<script>" not in page.text  # the CSP allows no inline script
    assert "script-src 'self'" in page.headers["content-security-policy"]
