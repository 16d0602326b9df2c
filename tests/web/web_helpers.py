"""Helpers for the web tests: the people, populating a workspace, signing in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from consentgate.ledger.choices import deliver_notice
from consentgate.network.models import Member
from consentgate.web.accounts import create_staff, set_member_password
from consentgate.web.config import Settings
from consentgate.web.security import password_hasher
from consentgate.workspace import Workspace

PASSWORD = "correct horse battery"
SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
NOTICE = "linkedin-2025"


@dataclass(frozen=True)
class Person:
    member_id: str
    name: str
    email: str
    country: str
    birth_date: dt.date


FR = Person("m000001", "Léa Moreau", "lea.moreau@exemple.fr", "FR", dt.date(1990, 4, 2))
US = Person("m000002", "Sam Carter", "sam.carter@example.com", "US", dt.date(1985, 7, 9))
MINOR = Person("m000003", "Jo Young", "jo.young@example.com", "US", dt.date(2010, 1, 5))
OTHER = Person("m000004", "Paul Martin", "paul.martin@exemple.fr", "FR", dt.date(1979, 11, 30))
PEOPLE = (FR, US, MINOR, OTHER)


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"env": "test", "secret_key": SECRET}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def populate(ws: Workspace) -> None:
    """Four members with passwords, a DPO, and the linkedin-2025 notice delivered to FR."""
    cheap = password_hasher(cheap=True)
    created = dt.datetime(2021, 3, 4, 10, tzinfo=dt.UTC)
    with ws.session() as session:
        for p in PEOPLE:
            session.add(
                Member(
                    member_id=p.member_id,
                    name=p.name,
                    email=p.email,
                    birth_date=p.birth_date,
                    country=p.country,
                    created_at=created,
                    positions=[],
                    education=[],
                    skills=[],
                )
            )
        session.flush()
        for p in PEOPLE:
            set_member_password(session, p.member_id, PASSWORD, hasher=cheap)
        create_staff(session, "dpo", PASSWORD, hasher=cheap)
        delivered = dt.datetime(2025, 9, 18, 9, tzinfo=dt.UTC)
        deliver_notice(session, [FR.member_id, OTHER.member_id], NOTICE, "web", at=delivered)


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of the form on a page (the session cookie comes with it)."""
    page = client.get(path)
    match = CSRF_RE.search(page.text)
    assert match, f"no csrf token on {path} ({page.status_code})"
    return match.group(1)


def login(client: TestClient, person: Person = FR, password: str = PASSWORD) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"email": person.email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def login_dpo(client: TestClient) -> None:
    token = csrf_of(client, "/dpo/login")
    response = client.post(
        "/dpo/login",
        data={"username": "dpo", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def bearer(
    client: TestClient, person: Person | None = FR, username: str | None = None
) -> dict[str, str]:
    body = (
        {"username": username, "password": PASSWORD}
        if username
        else {"email": person.email, "password": PASSWORD}
    )  # type: ignore[union-attr]
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
