"""Server-side sessions: a cookie or a token replayed after sign-out, a password change,
erasure or expiry signs in no one, reads nothing and writes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from web_helpers import FR, PASSWORD, US, bearer, csrf_of, login, login_dpo, make_settings

from consentgate.cli import main
from consentgate.models import AuthSession, ConsentEvent
from consentgate.network.sessions import token_hash
from consentgate.web.app import create_app
from consentgate.web.security import SESSION_COOKIE
from consentgate.workspace import Workspace

SETTING = "/mypreferences/d/settings/data-for-ai-improvement"
DOWNLOAD = "/mypreferences/d/my-data-and-ai/download"
PASSWORD_PAGE = "/mypreferences/d/password"
SETTING_API = "/api/v1/me/ai-training-setting"
NEW_PASSWORD = "a brand new passphrase"


def _event_count(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(ConsentEvent)) or 0)


def _logout(client: TestClient, ws: Workspace) -> None:
    client.post("/logout", data={"csrf_token": csrf_of(client, SETTING)})


def _password_page(client: TestClient, ws: Workspace) -> None:
    token = csrf_of(client, PASSWORD_PAGE)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "csrf_token": token}
    changed = client.post(PASSWORD_PAGE, data=data)
    assert changed.status_code == 200 and "Your password was changed" in changed.text
    # This browser carries on with a new session; every other one has ended.
    assert client.get(SETTING, follow_redirects=False).status_code == 200


def _password_cli(client: TestClient, ws: Workspace) -> None:
    args = ["--home", str(ws.home), "--database-url", ws.database_url]
    assert main([*args, "accounts", "set-password", FR.member_id, "--password", NEW_PASSWORD]) == 0


def _erasure_page(client: TestClient, ws: Workspace) -> None:
    token = csrf_of(client, "/mypreferences/d/close-account")
    data = {"confirm": "DELETE", "password": PASSWORD, "csrf_token": token}
    closed = client.post("/mypreferences/d/close-account", data=data, follow_redirects=False)
    assert closed.headers["location"] == "/goodbye"


def _erasure_api(client: TestClient, ws: Workspace) -> None:
    headers = bearer(client, FR)  # another token of the member, used to erase
    body = {"kind": "erasure", "password": PASSWORD}
    assert client.post("/api/v1/me/requests", json=body, headers=headers).status_code == 201


def _sign_out_api(client: TestClient, ws: Workspace) -> None:
    headers = bearer(client, FR)
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204


def _expiry(client: TestClient, ws: Workspace) -> None:
    # The cookie's signature and its own max-age are still good: only the server says no.
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with ws.session() as session:
        session.execute(
            update(AuthSession).where(AuthSession.member_id == FR.member_id).values(expires_at=past)
        )


ENDINGS: dict[str, Callable[[TestClient, Workspace], None]] = {
    "logout": _logout,
    "password-page": _password_page,
    "password-cli": _password_cli,
    "erasure-page": _erasure_page,
    "erasure-api": _erasure_api,
    "sign-out-api": _sign_out_api,
    "expiry": _expiry,
}


def _replays_are_refused(ws: Workspace, cookie: str, token: str) -> None:
    """What someone holding the old cookie and token gets: sign-in pages and 401s."""
    before = _event_count(ws)
    with TestClient(create_app(ws, make_settings())) as thief:
        thief.cookies.set(SESSION_COOKIE, cookie)
        for path in (SETTING, DOWNLOAD, PASSWORD_PAGE, "/mypreferences/d/my-data-and-ai"):
            page = thief.get(path, follow_redirects=False)
            assert page.status_code == 303 and "/login" in page.headers["location"], path
        # The old cookie still holds a valid CSRF token: the form is refused all the same.
        form_token = csrf_of(thief, "/login")
        changed = thief.post(
            SETTING, data={"enabled": "true", "csrf_token": form_token}, follow_redirects=False
        )
        assert changed.status_code == 303 and "/login" in changed.headers["location"]
        headers = {"Authorization": f"Bearer {token}"}
        gpc = {**headers, "Sec-GPC": "1"}
        answers = [
            thief.get(SETTING_API, headers=headers),
            thief.put(SETTING_API, json={"enabled": True}, headers=headers),
            thief.put(SETTING_API, json={"enabled": False}, headers=gpc),
            thief.get("/api/v1/me/data-report", headers=headers),
            thief.post("/api/v1/me/requests", json={"kind": "objection"}, headers=headers),
        ]
        assert [a.status_code for a in answers] == [401] * len(answers)
        assert all(FR.name not in a.text for a in answers)
    assert _event_count(ws) == before


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_an_ended_session_and_token_cannot_be_replayed(
    client: TestClient, web_ws: Workspace, ending: str
) -> None:
    login(client, FR)
    cookie = client.cookies[SESSION_COOKIE]
    token = bearer(client, FR)["Authorization"].removeprefix("Bearer ")
    other = bearer(client, US)
    # Both work before.
    assert client.get(SETTING, follow_redirects=False).status_code == 200
    assert client.get(SETTING_API, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    ENDINGS[ending](client, web_ws)
    _replays_are_refused(web_ws, cookie, token)
    # Another member's token is not touched.
    assert client.get(SETTING_API, headers=other).status_code == 200


def test_after_a_password_change_only_the_new_password_signs_in(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, FR)
    _password_page(client, web_ws)
    old = client.post("/api/v1/auth/token", json={"email": FR.email, "password": PASSWORD})
    new = client.post("/api/v1/auth/token", json={"email": FR.email, "password": NEW_PASSWORD})
    assert (old.status_code, new.status_code) == (401, 200)
    wrong = csrf_of(client, PASSWORD_PAGE)
    data = {"current_password": "not it at all", "new_password": "x" * 12, "csrf_token": wrong}
    refused = client.post(PASSWORD_PAGE, data=data)
    assert refused.status_code == 422 and "not your password" in refused.text


def test_a_dpo_session_ends_at_sign_out_and_password_reset(
    client: TestClient, web_ws: Workspace
) -> None:
    login_dpo(client)
    cookie = client.cookies[SESSION_COOKIE]
    token = bearer(client, None, username="dpo")
    args = ["--home", str(web_ws.home), "--database-url", web_ws.database_url]
    assert main([*args, "accounts", "create-dpo", "dpo", "--password", NEW_PASSWORD]) == 0
    with TestClient(create_app(web_ws, make_settings())) as thief:
        thief.cookies.set(SESSION_COOKIE, cookie)
        assert thief.get("/dpo", follow_redirects=False).status_code == 303
        assert thief.get("/api/v1/dpo/requests", headers=token).status_code == 401


def test_the_table_holds_hashes_never_secrets(client: TestClient, web_ws: Workspace) -> None:
    login(client, FR)
    token = bearer(client, FR)["Authorization"].removeprefix("Bearer ")
    with web_ws.session() as session:
        rows = session.execute(select(AuthSession.token_hash, AuthSession.purpose)).all()
    assert sorted(purpose for _, purpose in rows) == ["bearer", "cookie"]
    assert token_hash(token) in {h for h, _ in rows} and token not in str(rows)


def test_expired_rows_go_at_the_accounts_next_sign_in(
    client: TestClient, web_ws: Workspace
) -> None:
    bearer(client, FR)
    _expiry(client, web_ws)
    bearer(client, FR)
    with web_ws.session() as session:
        rows = session.execute(
            select(AuthSession.expires_at).where(AuthSession.member_id == FR.member_id)
        ).all()
    assert len(rows) == 1  # the expired token went, the new one stays
