"""Publishing the consent feed to RabbitMQ, for networks that run one (the [rabbitmq] extra).

The broker is one more subscriber of the feed: a webhook row `amqp` whose target is the
configured broker (`CONSENTGATE_FEED_AMQP_URL`, credentials kept in the settings, never in the
database), so its entries are queued, retried with backoff, dead-lettered and replayed as a
webhook's are, and published in order per member. Each entry is one persistent message on a
durable topic exchange (`CONSENTGATE_FEED_AMQP_EXCHANGE`), routing key `consent.<kind>`,
`message_id` the entry's `webhook-id` (the idempotency key), sent with publisher confirms
and `mandatory`: a message the broker did not confirm, or could route to no queue, is a
failed try.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.errors import MissingDependencyError
from consentgate.models import ConsentOutbox, Webhook
from consentgate.models.feed import CHANGE_KINDS
from consentgate.workflows.webhooks import Send

AMQP_WEBHOOK_ID = "amqp"
AMQP_TARGET = "amqp:"  # what the row holds; the broker's URL stays in the settings


def ensure_amqp_sink(session: Session) -> Webhook:
    """The broker's subscriber row, created at the current end of the feed; caller commits."""
    hook = session.get(Webhook, AMQP_WEBHOOK_ID)
    if hook is None:
        last = session.scalar(select(ConsentOutbox.id).order_by(ConsentOutbox.id.desc()).limit(1))
        hook = Webhook(
            webhook_id=AMQP_WEBHOOK_ID,
            url=AMQP_TARGET,
            secret="whsec_" + base64.b64encode(secrets.token_bytes(32)).decode(),
            kinds=list(CHANGE_KINDS),
            created_at=dt.datetime.now(dt.UTC),
            cursor=last or 0,
            active=True,
        )
        session.add(hook)
        session.flush()
    return hook


class AmqpPublisher:
    """One connection and channel (pika's are not thread-safe: publishes take a lock),
    reconnected after a failure."""

    def __init__(self, url: str, exchange: str) -> None:
        try:
            import pika
        except ImportError:
            raise MissingDependencyError("pika", "rabbitmq") from None
        self._pika = pika
        self.url, self.exchange = url, exchange
        self._lock = threading.Lock()
        self._connection: Any = None
        self._channel: Any = None

    def _open(self) -> Any:
        if self._channel is None or not self._channel.is_open:
            pika = self._pika
            self._connection = pika.BlockingConnection(pika.URLParameters(self.url))
            channel = self._connection.channel()
            channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
            channel.confirm_delivery()
            self._channel = channel
        return self._channel

    def publish(self, send: Send) -> str | None:
        """Publish one entry; None once the broker confirmed it, else why not."""
        pika = self._pika
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=send.message_id,
            headers={"webhook-id": send.message_id},
        )
        with self._lock:
            try:
                self._open().basic_publish(
                    self.exchange,
                    f"consent.{send.kind}",
                    send.body,
                    properties=properties,
                    mandatory=True,
                )
            except pika.exceptions.AMQPError as exc:
                self.close()
                return f"AMQP {type(exc).__name__}: {exc}"[:200]
        return None

    def close(self) -> None:
        try:
            if self._connection is not None and self._connection.is_open:
                self._connection.close()
        except self._pika.exceptions.AMQPError:
            pass
        self._connection = self._channel = None
