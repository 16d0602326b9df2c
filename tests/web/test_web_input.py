"""Bad input under attack: huge bodies (413 before reading, the server stays up and small),
422s that never echo the body, NUL bytes and unpaired surrogates in every kind of field
(422 naming the field, with the security headers, on SQLite and PostgreSQL), and a 500
that still carries the security headers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from web_helpers import FR, PASSWORD, csrf_of, login, make_settings, populate

from consentgate.web.app import create_app
from consentgate.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
HUGE = 200 * MIB
TOKEN = "/api/v1/auth/token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def server(sqlite_workspace: Workspace) -> Iterator[tuple[str, int]]:
    """uvicorn in a process of its own (its memory measured apart from the test's)."""
    populate(sqlite_workspace)
    port = _free_port()
    env = {
        **os.environ,
        "CONSENTGATE_ENV": "test",
        "CONSENTGATE_SECRET_KEY": "s" * 48,
        "CONSENTGATE_HOME": str(sqlite_workspace.home),
        "CONSENTGATE_DATABASE_URL": sqlite_workspace.database_url,
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [
        sys.executable, "-m", "uvicorn", "consentgate.web.asgi:app", "--host", "127.0.0.1",
        "--port", str(port), "--no-proxy-headers", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            assert process.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.2)
    try:
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(30)


def _send_huge(port: int, head: bytes, chunks: Iterator[bytes]) -> bytes:
    """Send a request head then a generated body from a thread (never all in memory), read
    the answer meanwhile; the server may answer and close before the body is through."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)

    def send_body() -> None:
        try:
            sock.sendall(head)
            for chunk in chunks:
                sock.sendall(chunk)
        except OSError:
            pass  # the server closed the connection: it was not going to read the rest

    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        answer += sock.recv(65536) if b'"detail"' not in answer else b""
    finally:
        sender.join(60)
        sock.close()
    return answer


def _zeros(total: int, size: int = MIB) -> Iterator[bytes]:
    block = b"0" * size
    for _ in range(total // size):
        yield block


def _chunked(total: int, size: int = MIB) -> Iterator[bytes]:
    for block in _zeros(total, size):
        yield f"{len(block):x}\r\n".encode() + block + b"\r\n"
    yield b"0\r\n\r\n"


def test_a_200_mb_body_is_refused_before_it_is_read(server: tuple[str, int]) -> None:
    base, pid = server
    port = int(base.rsplit(":", 1)[1])
    httpx.post(f"{base}{TOKEN}", json={"email": FR.email, "password": PASSWORD}, timeout=30)
    before = _rss_mib(pid)
    declared = (
        f"POST {TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {HUGE}\r\n\r\n"
    ).encode()
    answer = _send_huge(port, declared, _zeros(HUGE))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"x-content-type-options: nosniff" in answer.lower()
    chunked = (
        f"POST {TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    answer = _send_huge(port, chunked, _chunked(HUGE))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"at most 1048576 bytes" in answer
    grown = _rss_mib(pid) - before
    assert grown < 50, f"the server grew by {grown:.0f} MiB"
    after = httpx.post(f"{base}{TOKEN}", json={"email": FR.email, "password": PASSWORD})
    assert after.status_code == 200 and after.json()["token_type"] == "bearer"


def test_limits_are_set_per_route(web_ws: Workspace) -> None:
    settings = make_settings(max_body_bytes=600, body_limits={"/api/v1/auth/": 4000})
    with TestClient(create_app(web_ws, settings)) as client:
        padded = {"email": FR.email, "password": "p" * 1000}
        assert client.post(TOKEN, json=padded).status_code == 401  # 1 kB: the route allows 4
        big = client.post(TOKEN, json={**padded, "password": "p" * 5000})
        assert big.status_code == 413 and "at most 4000 bytes" in big.json()["detail"]
        token = client.post(TOKEN, json={"email": FR.email, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        reason = {"kind": "objection", "reason": "r" * 1000}
        too_big = client.post("/api/v1/me/requests", json=reason, headers=headers)
        assert too_big.status_code == 413  # the default 600 bytes elsewhere
        page = client.post("/login", data={"email": "e" * 700, "password": "x"})
        assert page.status_code == 413 and page.headers["x-frame-options"] == "DENY"


def test_a_422_never_echoes_the_body(client: TestClient) -> None:
    secret_and_huge = "s3cr3t-" + "x" * 900_000
    answer = client.post(TOKEN, json={"email": secret_and_huge, "password": "pw"})
    assert answer.status_code == 422
    assert len(answer.content) < 2000 and "s3cr3t" not in answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "email"]
    for raw, named in (
        (b'{"email": "a@b.c", "password": "x", "\\udc80": 1}', "body"),
        (b'{"email": "a@b.c", "password": "x", "k\\u0000y": 1}', "k\\x00y"),
    ):
        odd = client.post(TOKEN, content=raw, headers={"content-type": "application/json"})
        assert odd.status_code == 422 and odd.json()["detail"][0]["loc"][-1] == named


NUL, LONE = "\\u0000", "\\udc80"  # as JSON escapes, sent raw


def _api_cases() -> list[tuple[str, str, str, str]]:
    """(path, JSON body with a bad string, the field named, who is signed in)."""
    requests, notice = "/api/v1/me/requests", "/api/v1/me/notices/linkedin-2025/response"
    cases = []
    for bad in (NUL, LONE):
        cases += [
            (TOKEN, f'{{"email": "lea{bad}@x.fr", "password": "pw"}}', "email", ""),
            (TOKEN, f'{{"username": "dp{bad}o", "password": "pw"}}', "username", ""),
            (TOKEN, f'{{"email": "a@b.c", "password": "p{bad}w"}}', "password", ""),
            (requests, f'{{"kind": "objection", "reason": "r{bad}"}}', "reason", FR.email),
            (requests, f'{{"kind": "erasure", "password": "p{bad}"}}', "password", FR.email),
            (requests, f'{{"kind": "objection{bad}"}}', "kind", FR.email),
            (notice, f'{{"response": "acc{bad}ept"}}', "response", FR.email),
        ]
    return cases


@pytest.mark.parametrize(("path", "body", "field", "who"), _api_cases())
def test_nul_and_unpaired_surrogates_in_json_are_a_422_naming_the_field(
    client: TestClient, path: str, body: str, field: str, who: str
) -> None:
    headers = {"content-type": "application/json"}
    if who:
        token = client.post(TOKEN, json={"email": who, "password": PASSWORD}).json()
        headers["Authorization"] = f"Bearer {token['access_token']}"
    answer = client.post(path, content=body.encode(), headers=headers)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["detail"][0]["loc"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"


def test_nul_in_forms_query_and_path_is_a_422_naming_the_field(client: TestClient) -> None:
    token = csrf_of(client)
    login_form = client.post(
        "/login", data={"email": "a\x00@x.fr", "password": "pw", "csrf_token": token}
    )
    assert login_form.status_code == 422 and "email: must not contain a NUL" in login_form.text
    dpo = client.post(
        "/dpo/login", data={"username": "dp\x00o", "password": "pw", "csrf_token": token}
    )
    assert dpo.status_code == 422 and "username" in dpo.text
    query = client.get("/login?next=/x%00y")
    assert query.status_code == 422 and "next" in query.text
    login(client, FR)
    token = csrf_of(client, "/mypreferences/d/data-processing-objection")
    reason = client.post(
        "/mypreferences/d/data-processing-objection",
        data={"kind": "objection", "reason": "why\x00", "csrf_token": token},
    )
    assert reason.status_code == 422 and "reason" in reason.text
    path = client.post(
        "/notices/linked%00in/response", data={"answer": "accept", "csrf_token": token}
    )
    assert path.status_code == 422 and "policy_version" in path.text
    for answer in (login_form, dpo, query, reason, path):
        assert answer.headers["content-security-policy"].startswith("default-src 'self'")


def test_an_unexpected_error_is_a_500_with_the_security_headers(web_ws: Workspace) -> None:
    app = create_app(web_ws, make_settings(env="production", secret_key="k" * 48))

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/broken")
    assert answer.status_code == 500
    assert answer.json() == {"detail": "internal error: the request was not completed"}
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["strict-transport-security"].startswith("max-age=")
    assert "a bug" not in answer.text


def test_odd_bytes_in_headers_never_reach_a_query(server: tuple[str, int]) -> None:
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    for value, status in ((b"Bearer a\x00b", b"400"), (b"Bearer \xed\xb2\x80" + b"a" * 40, b"401")):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(
                b"GET /api/v1/me/ai-training-setting HTTP/1.1\r\nHost: x\r\n"
                b"Authorization: " + value + b"\r\nConnection: close\r\n\r\n"
            )
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 " + status), answer[:100]
