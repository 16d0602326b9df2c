"""Webhooks of the consent feed: signed deliveries (checked by a receiver written from the
Standard Webhooks specification), retries, dead letters and replay, the address allow-list,
a worker killed and restarted, a slow receiver beside the members' API."""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from feed_receiver import Receiver, running
from sqlalchemy import func, select
from web_helpers import FR, MINOR, OTHER, US, bearer, login_dpo

from consentgate.ledger.choices import set_choice
from consentgate.models import ConsentOutbox, WebhookDelivery
from consentgate.policy import load_policy
from consentgate.settings import FeedSettings
from consentgate.workflows.deliver import Worker, run_round
from consentgate.workflows.feed import scan_changes
from consentgate.workflows.webhooks import register_webhook
from consentgate.workspace import Workspace

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)
POLICY = load_policy("linkedin-2025")


def fast(**overrides: object) -> FeedSettings:
    values: dict[str, object] = {"allow_networks": LOOPBACK, "backoff_base_s": 0.01}
    values.update(overrides)
    return FeedSettings(**values)  # type: ignore[arg-type]


def subscribe(ws: Workspace, receiver: Receiver) -> str:
    with ws.session() as session:
        hook, secret = register_webhook(session, receiver.url, ["ai_training_setting"], LOOPBACK)
        session.commit()
    receiver.secret = secret
    return hook.webhook_id


def rounds_until(ws: Workspace, settings: FeedSettings, done: Callable[[], bool]) -> None:
    with ThreadPoolExecutor(4) as pool:
        worker = Worker(ws, POLICY, settings, pool=pool)
        for _ in range(200):
            run_round(worker)
            if done():
                return
            time.sleep(0.02)
    raise AssertionError("deliveries did not finish")


def choose(ws: Workspace, member_id: str, value: bool) -> None:
    with ws.session() as session:
        set_choice(session, member_id, value, "web")
        session.commit()


def test_500_then_200_same_id_signed(web_ws: Workspace) -> None:
    with running(Receiver(answers=[500])) as receiver:
        subscribe(web_ws, receiver)
        choose(web_ws, US.member_id, False)
        rounds_until(web_ws, fast(), lambda: len(receiver.received) == 1)
    assert receiver.bad_signatures == 0
    assert len(receiver.ids) == 2 and receiver.ids[0] == receiver.ids[1]  # the idempotency key
    entry = receiver.received[0]
    assert (entry["member_id"], entry["may_train"], entry["reason"]) == (
        US.member_id,
        False,
        "said_no",
    )
    with web_ws.session() as session:
        delivery = session.scalars(select(WebhookDelivery)).one()
        assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_dead_letter_on_the_board_and_replay(web_ws: Workspace, client: TestClient) -> None:
    with running(Receiver(answers=[500, 503])) as receiver:
        subscribe(web_ws, receiver)
        choose(web_ws, OTHER.member_id, False)
        settings = fast(max_attempts=2)

        def dead() -> bool:
            with web_ws.session() as session:
                return session.scalar(select(WebhookDelivery.status)) == "dead"

        rounds_until(web_ws, settings, dead)
        assert receiver.received == []
        login_dpo(client)
        board = client.get("/dpo/feed")
        assert board.status_code == 200 and OTHER.member_id in board.text
        assert "HTTP 503" in board.text
        dpo = bearer(client, None, username="dpo")
        letters = client.get("/api/v1/dpo/feed/dead-letters", headers=dpo).json()
        assert len(letters) == 1 and letters[0]["member_id"] == OTHER.member_id
        replayed = client.post(
            f"/api/v1/dpo/feed/dead-letters/{letters[0]['delivery_id']}/replay", headers=dpo
        )
        assert replayed.status_code == 202
        assert (
            client.post(
                f"/api/v1/dpo/feed/dead-letters/{letters[0]['delivery_id']}/replay", headers=dpo
            ).status_code
            == 404
        )
        rounds_until(web_ws, settings, lambda: len(receiver.received) == 1)
        assert len(set(receiver.ids)) == 1 and receiver.bad_signatures == 0
    assert client.get("/api/v1/dpo/feed/dead-letters", headers=dpo).json() == []


def test_targets_pass_the_allow_list(client: TestClient) -> None:
    dpo = bearer(client, None, username="dpo")
    for url in (
        "http://127.0.0.1:9/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "ftp://example.com/x",
        "http://user:pw@example.com/",
        "nonsense",
    ):
        answer = client.post("/api/v1/dpo/feed/webhooks", json={"url": url}, headers=dpo)
        assert answer.status_code == 422, (url, answer.text)
    answer = client.post(
        "/api/v1/dpo/feed/webhooks",
        json={"url": "http://93.184.215.14/h", "kinds": ["nope"]},
        headers=dpo,
    )
    assert answer.status_code == 422 and "unknown" in answer.text
    made = client.post(
        "/api/v1/dpo/feed/webhooks", json={"url": "http://93.184.215.14/h"}, headers=dpo
    )
    assert made.status_code == 201 and made.json()["secret"].startswith("whsec_")


def _worker(ws: Workspace) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CONSENTGATE_HOME": str(ws.home),
        "CONSENTGATE_DATABASE_URL": ws.database_url,
        "CONSENTGATE_FEED_ALLOW_NETWORKS": "127.0.0.1/32",
        "CONSENTGATE_FEED_POLL_S": "0.02",
        "CONSENTGATE_FEED_BACKOFF_BASE_S": "0.05",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "consentgate", "deliver"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_worker_killed_and_restarted_delivers_all_in_order(web_ws: Workspace) -> None:
    members = [FR.member_id, US.member_id, OTHER.member_id, MINOR.member_id]
    with running(Receiver(delay_s=0.01, answers=[500, 200, 500])) as receiver:
        subscribe(web_ws, receiver)
        for round_ in range(6):
            for member in members:
                choose(web_ws, member, round_ % 2 == 1 and member != MINOR.member_id)
        with web_ws.session() as session:
            expected = session.scalar(
                select(func.count())
                .select_from(ConsentOutbox)
                .where(ConsentOutbox.kind == "ai_training_setting")
            )
        worker = _worker(web_ws)
        deadline = time.monotonic() + 30
        while len(receiver.received) < expected // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)  # mid-way: some sent, some not yet marked
        worker.wait()
        assert 0 < len(receiver.received) < expected
        worker = _worker(web_ws)
        try:
            while time.monotonic() < deadline:
                if {e["cursor"] for e in receiver.received} and len(
                    {e["cursor"] for e in receiver.received}
                ) == expected:
                    break
                time.sleep(0.05)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    assert receiver.bad_signatures == 0
    assert len({e["cursor"] for e in receiver.received}) == expected  # every change, once or more
    for member in members:
        cursors = [int(str(e["cursor"])) for e in receiver.received if e["member_id"] == member]
        assert cursors == sorted(cursors), member  # never out of order for a member


def test_a_slow_receiver_does_not_slow_the_members_api(
    web_ws: Workspace, client: TestClient
) -> None:
    with web_ws.session() as session:
        scan_changes(session, POLICY)
    with running(Receiver(delay_s=4.0)) as receiver:
        subscribe(web_ws, receiver)
        worker = _worker(web_ws)
        try:
            headers = {p.member_id: bearer(client, p) for p in (FR, US, OTHER)}
            first = client.put(
                "/api/v1/me/ai-training-setting",
                json={"enabled": False},
                headers=headers[FR.member_id],
            )
            assert first.status_code == 200
            deadline = time.monotonic() + 20
            while receiver.arrived == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert receiver.arrived >= 1  # the worker now waits on the receiver for 4 s
            times = []
            for i in range(10):
                person = (FR, US, OTHER)[i % 3]
                start = time.perf_counter()
                answer = client.put(
                    "/api/v1/me/ai-training-setting",
                    json={"enabled": i % 2 == 0},
                    headers=headers[person.member_id],
                )
                times.append(time.perf_counter() - start)
                assert answer.status_code == 200
                time.sleep(0.1)
            assert receiver.received == []  # still held: every PUT above ran beside it
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    assert max(times) < 1.5, times  # the receiver holds each delivery for 3 s
