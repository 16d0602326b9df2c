"""The consent feed published to RabbitMQ, against the real broker (skipped without pika or a
broker at CONSENTGATE_TEST_AMQP_URL, default amqp://guest:guest@127.0.0.1:5672/%2F)."""

from __future__ import annotations

import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from web_helpers import OTHER, US

from consentgate.ledger.choices import set_choice
from consentgate.models import WebhookDelivery
from consentgate.policy import load_policy
from consentgate.settings import FeedSettings
from consentgate.workflows.deliver import Worker, run_round
from consentgate.workspace import Workspace

pika = pytest.importorskip("pika")
URL = os.environ.get("CONSENTGATE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def _broker() -> object:
    try:
        return pika.BlockingConnection(pika.URLParameters(URL))
    except pika.exceptions.AMQPError:
        pytest.skip(f"no RabbitMQ broker at {URL}")


def _rounds(worker: Worker, done: object) -> None:
    for _ in range(200):
        run_round(worker)
        if done():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("not delivered")


def test_entries_are_published_in_order_and_confirmed(web_ws: Workspace) -> None:
    connection = _broker()
    channel = connection.channel()  # type: ignore[attr-defined]
    exchange = f"cg-test-{uuid.uuid4().hex[:8]}"
    channel.exchange_declare(exchange, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, exchange, routing_key="consent.ai_training_setting")
    settings = FeedSettings(amqp_url=SecretStr(URL), amqp_exchange=exchange, backoff_base_s=0.01)
    with ThreadPoolExecutor(4) as pool:
        worker = Worker(web_ws, load_policy("linkedin-2025"), settings, pool=pool)
        worker.start_amqp()
        for value in (False, True, False):
            with web_ws.session() as session:
                set_choice(session, US.member_id, value, "web")
                set_choice(session, OTHER.member_id, not value, "web")
                session.commit()

        def delivered() -> bool:
            with web_ws.session() as session:
                statuses = set(session.scalars(select(WebhookDelivery.status)))
                return statuses == {"delivered"}

        _rounds(worker, delivered)
        assert worker.amqp is not None
        worker.amqp.close()
    messages = []
    for _ in range(6):
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        assert method is not None
        messages.append((properties.message_id, method.routing_key, json.loads(body)["data"]))
    channel.exchange_delete(exchange)
    connection.close()  # type: ignore[attr-defined]
    assert all(key == "consent.ai_training_setting" for _, key, _ in messages)
    assert all(mid == f"msg_{entry['cursor']}" for mid, _, entry in messages)
    mine = [e for _, _, e in messages if e["member_id"] == US.member_id]
    assert [e["may_train"] for e in mine] == [False, True, False]
    assert [int(e["cursor"]) for e in mine] == sorted(int(e["cursor"]) for e in mine)


def test_a_broker_away_is_a_failed_try(web_ws: Workspace) -> None:
    settings = FeedSettings(amqp_url=SecretStr("amqp://guest:guest@127.0.0.1:1/%2F"))
    with ThreadPoolExecutor(2) as pool:
        worker = Worker(web_ws, load_policy("linkedin-2025"), settings, pool=pool)
        worker.start_amqp()
        with web_ws.session() as session:
            set_choice(session, US.member_id, False, "web")
            session.commit()
        run_round(worker)
        run_round(worker)
    with web_ws.session() as session:
        delivery = session.scalars(select(WebhookDelivery)).one()
        assert delivery.status == "pending" and delivery.attempts == 1
        assert delivery.last_error is not None and delivery.last_error.startswith("AMQP")
