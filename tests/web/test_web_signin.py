"""Sign-in under attack: limits per normalised identity and per address, taken before the
password check (concurrent guesses included), X-Forwarded-For only from trusted proxies,
timing that does not tell accounts apart, and erasure through the API needing the password."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from web_helpers import FR, OTHER, PASSWORD, US, bearer, make_settings, populate

from consentgate.cli import main
from consentgate.models import Member
from consentgate.network import passwords
from consentgate.web import accounts
from consentgate.web.app import create_app
from consentgate.web.security import normalise_identity
from consentgate.workspace import Workspace

TOKEN = "/api/v1/auth/token"


def _token(client: TestClient, email: str, password: str = "wrong password") -> int:
    return client.post(TOKEN, json={"email": email, "password": password}).status_code


def test_an_identity_typed_differently_is_the_same_identity(client: TestClient) -> None:
    typed = [" LEA.MOREAU@exemple.fr", "lea.moreau@exemple.fr ", "Ｌéa.moreau@exemple.fr"]
    assert len({normalise_identity(t) for t in typed} | {normalise_identity(FR.email)}) == 2
    variants = [" Lea.Moreau@Exemple.FR", "lea.moreau@exemple.fr\t", "ＬＥＡ.moreau@exemple.fr"]
    variants += ["LEA.MOREAU@EXEMPLE.FR", "\u3000lea.moreau@exemple.fr"]
    assert [_token(client, v) for v in variants] == [401] * 5
    # The five tries are spent whatever the spelling; even the right password waits.
    assert _token(client, FR.email.upper(), PASSWORD) == 429
    assert _token(client, US.email, PASSWORD) == 200


def test_staff_usernames_are_normalised_too(client: TestClient) -> None:
    for name in (" DPO", "dpo ", "Dpo", "ＤＰＯ", "dPo"):
        answer = client.post(TOKEN, json={"username": name, "password": "wrong password"})
        assert answer.status_code == 401
    right = client.post(TOKEN, json={"username": "dpo", "password": PASSWORD})
    assert right.status_code == 429


def test_one_address_gets_a_bounded_number_of_tries_over_all_identities(
    web_ws: Workspace,
) -> None:
    app = create_app(web_ws, make_settings(login_max_failures_per_ip=4))
    with TestClient(app) as client:
        codes = [_token(client, f"nobody{i}@example.com") for i in range(5)]
        assert codes == [401] * 4 + [429]


def test_a_success_gives_its_attempt_back(client: TestClient) -> None:
    for _ in range(12):
        assert _token(client, FR.email, PASSWORD) == 200
    assert [_token(client, FR.email) for _ in range(5)] == [401] * 5


@pytest.fixture
def counted_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every password check the sign-in code makes (the real argon2id verify, counted)."""
    calls: list[int] = []
    lock = threading.Lock()
    real = accounts.verify_password

    def counting(stored: str | None, password: str) -> bool:
        with lock:
            calls.append(1)
        return real(stored, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return calls


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(app: object) -> Iterator[str]:
    """The app under uvicorn in a thread, configured as `consentgate serve` runs it."""
    port = _free_port()
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host="127.0.0.1",
        port=port,
        log_level="warning",
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


async def _many(base: str, bodies: list[dict[str, str]], headers: list[dict[str, str]]) -> list:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        calls = [
            client.post(TOKEN, json=b, headers=h) for b, h in zip(bodies, headers, strict=True)
        ]
        return [r.status_code for r in await asyncio.gather(*calls)]


def test_sixty_concurrent_guesses_get_at_most_five_password_checks(
    web_ws: Workspace, counted_checks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(passwords.PROFILE_ENV)  # the real parameters: each check takes time
    app = create_app(web_ws, make_settings(threads=16, login_max_failures_per_ip=1000))
    bodies = [{"email": FR.email, "password": f"guess {i}"} for i in range(60)]
    with _serve(app) as base:
        statuses = asyncio.run(_many(base, bodies, [{}] * 60))
    assert len(counted_checks) <= 5
    assert sorted(statuses) == [401] * len(counted_checks) + [429] * (60 - len(counted_checks))


def test_a_forged_forwarded_for_does_not_change_the_address(web_ws: Workspace) -> None:
    app = create_app(web_ws, make_settings(login_max_failures_per_ip=3))
    bodies = [{"email": f"nobody{i}@example.com", "password": "wrong"} for i in range(6)]
    forged = [{"X-Forwarded-For": f"203.0.113.{i}"} for i in range(6)]
    with _serve(app) as base:
        statuses = asyncio.run(_many(base, bodies, forged))
    assert sorted(statuses) == [401] * 3 + [429] * 3


def test_a_trusted_proxy_is_believed_only_for_its_own_hop(web_ws: Workspace) -> None:
    settings = make_settings(login_max_failures_per_ip=3, trusted_proxies="127.0.0.1")
    app = create_app(web_ws, settings)
    bodies = [{"email": f"nobody{i}@example.com", "password": "wrong"} for i in range(4)]
    # Four clients behind the proxy: each is counted as itself.
    distinct = [{"X-Forwarded-For": f"198.51.100.{i}"} for i in range(4)]
    # One client writing addresses of its own to the left of what the proxy appended.
    spoofing = [{"X-Forwarded-For": f"203.0.113.{i}, 192.0.2.7"} for i in range(4)]
    with _serve(app) as base:
        assert asyncio.run(_many(base, bodies, distinct)) == [401] * 4
        assert sorted(asyncio.run(_many(base, bodies, spoofing))) == [401] * 3 + [429]


def _imported_member(tmp_path: Path, ws: Workspace) -> str:
    """A member created by `consentgate import` with a clear password; their e-mail."""
    row = {
        "member_id": "m000900",
        "name": "Imogen Porter",
        "email": "imogen.porter@example.com",
        "phone": None,
        "birth_date": "1988-02-03",
        "country": "GB",
        "created_at": "2022-01-01T00:00:00+00:00",
        "headline": None,
        "summary": None,
        "location": None,
        "positions": [],
        "education": [],
        "skills": [],
        "password": "imported password 1",
    }
    folder = tmp_path / "interchange"
    folder.mkdir()
    (folder / "members.jsonl").write_text(json.dumps(row) + "\n")
    for name in ("content.jsonl", "events.jsonl"):
        (folder / name).write_text("")
    args = ["--home", str(ws.home), "--database-url", ws.database_url]
    assert main([*args, "import", str(folder)]) == 0
    return str(row["email"])


def test_timing_does_not_tell_accounts_apart(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Median sign-in times, real argon2id parameters: an unknown e-mail, an imported
    account and one whose password `accounts set-password` set, each with a wrong password.

    The app runs in this process (TestClient), so its CPU time per sign-in is measured
    along with the wall time: on a shared machine the wall time also measures the
    neighbours, the CPU time only what the sign-in does. The CPU medians must be within
    20% of each other, the wall medians (noisier) within 50%.
    """
    monkeypatch.delenv(passwords.PROFILE_ENV)
    populate(workspace)
    imported = _imported_member(tmp_path, workspace)
    args = ["--home", str(workspace.home), "--database-url", workspace.database_url]
    assert (
        main([*args, "accounts", "set-password", US.member_id, "--password", "set by cli 1"]) == 0
    )
    emails = {"unknown": "nobody.here@example.com", "imported": imported, "cli": US.email}
    cpu: dict[str, list[float]] = {kind: [] for kind in emails}
    wall: dict[str, list[float]] = {kind: [] for kind in emails}
    settings = make_settings(login_max_failures=1000, login_max_failures_per_ip=1000)
    rounds = random.Random(18)
    with TestClient(create_app(workspace, settings)) as client:
        _token(client, "warm.up@example.com")
        for _ in range(15):
            order = list(emails)
            rounds.shuffle(order)  # interleaved, in no fixed order: drift hits all alike
            for kind in order:
                started, started_cpu = time.perf_counter(), time.process_time()
                assert _token(client, emails[kind]) == 401
                cpu[kind].append(time.process_time() - started_cpu)
                wall[kind].append(time.perf_counter() - started)
    cpu_medians = {kind: statistics.median(values) for kind, values in cpu.items()}
    wall_medians = {kind: statistics.median(values) for kind, values in wall.items()}
    assert max(cpu_medians.values()) <= 1.2 * min(cpu_medians.values()), cpu_medians
    assert max(wall_medians.values()) <= 1.5 * min(wall_medians.values()), wall_medians


def test_erasure_through_the_api_needs_the_password(client: TestClient, web_ws: Workspace) -> None:
    headers = bearer(client, OTHER)
    missing = client.post("/api/v1/me/requests", json={"kind": "erasure"}, headers=headers)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "password"]
    assert "needs your password" in missing.json()["detail"][0]["msg"]
    wrong = {"kind": "erasure", "password": "not my password"}
    answers = [client.post("/api/v1/me/requests", json=wrong, headers=headers) for _ in range(5)]
    assert {a.status_code for a in answers} == {403}
    assert answers[0].json() == {"detail": "password: this is not your password"}
    # The sign-in limit counts these guesses: the right password now waits too.
    right = {"kind": "erasure", "password": PASSWORD}
    assert client.post("/api/v1/me/requests", json=right, headers=headers).status_code == 429
    assert _token(client, OTHER.email, PASSWORD) == 429
    with web_ws.session() as session:
        assert session.get(Member, OTHER.member_id) is not None  # nothing was erased
