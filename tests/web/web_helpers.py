"""Helpers for the web tests: the people, populating a workspace, signing in."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from consentgate.ledger.choices import deliver_notice, set_choice
from consentgate.models import Member, MemberRequest
from consentgate.network.sessions import Kind, issue, token_hash
from consentgate.settings import Settings, WebSettings
from consentgate.web.accounts import create_staff, set_member_password
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
    """The settings of the environment, the web app's test environment and `overrides`."""
    values: dict[str, object] = {"env": "test", "secret_key": SECRET}
    values.update(overrides)
    return Settings(web=WebSettings(**values))  # type: ignore[arg-type]


def populate(ws: Workspace) -> None:
    """Four members with passwords, a DPO, and the linkedin-2025 notice delivered to FR."""
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
            set_member_password(session, p.member_id, PASSWORD)
        create_staff(session, "dpo", PASSWORD)
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


def api_token(ws: Workspace, subject: str, kind: Kind = "member", ttl_s: int = 3600) -> str:
    """A bearer token of a member (or staff), issued straight into the sessions table."""
    with ws.session() as session:
        return issue(session, "bearer", kind, subject, ttl_s)


def api_token_hash(ws: Workspace, member_id: str) -> str:
    """What web.writer's batches carry for a request: the stored hash of a new token."""
    return token_hash(api_token(ws, member_id))


def write_dataset(
    ws: Workspace, version: str, created: str, rows: list[tuple[str, str, str]]
) -> None:
    path = ws.datasets_dir / version
    path.mkdir(parents=True)
    table = pa.table(
        {
            "record_id": [r[0] for r in rows],
            "member_id": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
            "text": ["..."] * len(rows),
            "shard": [0] * len(rows),
        }
    )
    pq.write_table(table, path / "shard-0000.parquet")
    pq.write_table(table.select(["record_id", "member_id", "shard"]), path / "lineage.parquet")
    manifest = {
        "version": version,
        "created_at": created,
        "policy": "linkedin-2025",
        "counts": {
            "records": len(rows) + 7,
            "used": len(rows),
            "excluded": 7,
            "excluded_by_reason": {"said_no": 4, "minor": 2, "not_public": 1},
        },
    }
    (path / "manifest.json").write_text(json.dumps(manifest))


def write_model(ws: Workspace, version: str, dataset: str, created: str) -> None:
    path = ws.models_dir / version
    path.mkdir(parents=True)
    card = {"version": version, "dataset_version": dataset, "created_at": created}
    (path / "model.json").write_text(json.dumps(card))


def populate_history(ws: Workspace, members: int = 60, seed: int = 7) -> None:
    """Members in several countries saying no or yes over the past year, a dataset, a model,
    and an overdue request: enough for a dashboard worth looking at."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    countries = ["FR", "US", "DE", "GB", "IN", "CA", "BR"]
    with ws.session() as session:
        for i in range(members):
            session.add(
                Member(
                    member_id=f"h{i:05d}",
                    name=f"Member {i}",
                    email=f"h{i}@example.com",
                    birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                    country=countries[i % len(countries)],
                    created_at=now - dt.timedelta(days=400),
                    positions=[],
                    education=[],
                    skills=[],
                )
            )
        session.flush()
        for i in range(members):
            if rng.random() < 0.6:
                at = now - dt.timedelta(days=rng.randint(1, 330))
                set_choice(session, f"h{i:05d}", rng.random() < 0.25, "web", at=at)
        session.add(
            MemberRequest(
                request_id="req-overdue-demo",
                member_id="h00001",
                kind="objection",
                reason=None,
                status="open",
                received_at=now - dt.timedelta(days=45),
                due_at=now - dt.timedelta(days=14),
            )
        )
    rows = [(f"c{i}", f"h{i % members:05d}", "post") for i in range(120)]
    write_dataset(ws, "2025-11-10-a1b2", (now - dt.timedelta(days=20)).isoformat(), rows)
    write_model(ws, "mdl-2025-11-11", "2025-11-10-a1b2", (now - dt.timedelta(days=19)).isoformat())
