"""Webhooks of the consent feed: registration (URL allow-list), queueing, signed deliveries
with retries, the dead-letter list and its replay.

Deliveries follow the Standard Webhooks specification (standardwebhooks.com): headers
`webhook-id` (the idempotency key: the same for every retry and replay of an entry),
`webhook-timestamp` (seconds since the epoch) and `webhook-signature` (`v1,` + base64 of
HMAC-SHA256 over `<id>.<timestamp>.<body>` with the secret's bytes, the part after `whsec_`).

At least once, in order per member: a delivery row is marked delivered only after a 2xx, so a
worker killed between the answer and the mark sends the entry again; a member's next entry
is sent only when none of their earlier ones to that webhook is still pending. A failed try
is retried after an exponential backoff with jitter; after `max_attempts` the delivery is
dead (the dead-letter list), later entries of the member go on, and a replay sends the dead
one again (a receiver keeps, per member, the entry with the highest `cursor`).

Server-side request forgery: a target's host must resolve to public addresses only (no
private, loopback, link-local, multicast or reserved one) unless it is in the configured
allow-list; checked when the webhook is registered and again in every round of sends (a
host whose address changed to a refused one gets no delivery), and redirects are not
followed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import random
import secrets
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from consentgate.errors import InvalidInputError, NotFoundError
from consentgate.models import ConsentOutbox, Webhook, WebhookDelivery
from consentgate.models.feed import CHANGE_KINDS
from consentgate.settings import FeedSettings
from consentgate.workflows.feed import FeedEntry

if TYPE_CHECKING:
    import httpx

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
EVENT_TYPE = "consent.changed"


def _address_allowed(address: str, allow: Sequence[Network]) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if any(ip in net for net in allow):
        return True
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def check_target(url: str, allow: Sequence[Network]) -> None:
    """InvalidInputError unless `url` is http(s) to a host whose every address is allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(f"webhook url {url!r}: needs http:// or https:// and a host")
    if parts.username or parts.password:
        raise InvalidInputError(f"webhook url {url!r}: no credentials in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"webhook url {url!r}: host does not resolve ({exc})") from None
    for info in infos:
        address = str(info[4][0])
        if not _address_allowed(address, allow):
            raise InvalidInputError(
                f"webhook url {url!r}: {address} is private, loopback or reserved "
                "(allow it with CONSENTGATE_FEED_ALLOW_NETWORKS)"
            )


def register_webhook(
    session: Session, url: str, kinds: Sequence[str], allow: Sequence[Network]
) -> tuple[Webhook, str]:
    """A new webhook, starting after the current end of the feed; and its secret."""
    unknown = sorted(set(kinds) - set(CHANGE_KINDS))
    if unknown or not kinds:
        raise InvalidInputError(f"kinds: unknown {unknown} (known: {', '.join(CHANGE_KINDS)})")
    check_target(url, allow)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    last = session.scalar(select(ConsentOutbox.id).order_by(ConsentOutbox.id.desc()).limit(1))
    hook = Webhook(
        webhook_id="wh_" + secrets.token_hex(8),
        url=url,
        secret=secret,
        kinds=sorted(set(kinds)),
        created_at=dt.datetime.now(dt.UTC),
        cursor=last or 0,
        active=True,
    )
    session.add(hook)
    session.flush()
    return hook, secret


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks signature header value of a body."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def enqueue(session: Session, now: dt.datetime) -> int:
    """Queue the resolved entries after each webhook's cursor (stopping at the first
    unresolved one, as the pull feed does); caller commits. How many were queued."""
    queued = 0
    for hook in session.scalars(select(Webhook).where(Webhook.active.is_(True))):
        rows = session.scalars(
            select(ConsentOutbox)
            .where(ConsentOutbox.id > hook.cursor)
            .order_by(ConsentOutbox.id)
            .limit(1000)
        ).all()
        for row in rows:
            if row.resolved_at is None:
                break
            hook.cursor = row.id
            if row.kind in hook.kinds:
                session.add(
                    WebhookDelivery(
                        webhook_id=hook.webhook_id,
                        outbox_id=row.id,
                        member_id=row.member_id,
                        status="pending",
                        attempts=0,
                        next_at=now,
                    )
                )
                queued += 1
    session.flush()
    return queued


@dataclass(frozen=True, slots=True)
class Send:
    """One delivery to make, read in a short transaction and sent outside any."""

    delivery_id: int
    webhook_id: str
    url: str
    secret: str
    message_id: str
    body: bytes
    kind: str


def due(session: Session, now: dt.datetime, limit: int = 100) -> list[Send]:
    """Pending deliveries due now whose member has no earlier pending one to that webhook."""
    earlier = aliased(WebhookDelivery)
    blocked = (
        select(earlier.id)
        .where(
            earlier.webhook_id == WebhookDelivery.webhook_id,
            earlier.member_id == WebhookDelivery.member_id,
            earlier.outbox_id < WebhookDelivery.outbox_id,
            earlier.status == "pending",
        )
        .exists()
    )
    rows = session.execute(
        select(WebhookDelivery, Webhook, ConsentOutbox)
        .join(Webhook, Webhook.webhook_id == WebhookDelivery.webhook_id)
        .join(ConsentOutbox, ConsentOutbox.id == WebhookDelivery.outbox_id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_at <= now, ~blocked)
        .order_by(WebhookDelivery.outbox_id)
        .limit(limit)
    ).all()
    sends = []
    for delivery, hook, row in rows:
        entry = FeedEntry.of(row).to_json()
        body = {"type": EVENT_TYPE, "timestamp": now.isoformat(), "data": entry}
        sends.append(
            Send(
                delivery.id,
                hook.webhook_id,
                hook.url,
                hook.secret,
                f"msg_{row.id}",
                json.dumps(body, separators=(",", ":")).encode(),
                row.kind,
            )
        )
    return sends


def target_problem(url: str, settings: FeedSettings) -> str | None:
    """Why a target may not be sent to now (its host resolves to a refused address), or None."""
    try:
        check_target(url, settings.allow_networks)
    except InvalidInputError as exc:
        return str(exc)[:200]
    return None


def post(send: Send, settings: FeedSettings, client: httpx.Client | None = None) -> str | None:
    """Send one delivery (its target checked by the caller); None on a 2xx, else why it
    failed (a status or an error)."""
    import httpx  # the [web] extra

    try:
        stamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": send.message_id,
            "webhook-timestamp": str(stamp),
            "webhook-signature": sign(send.secret, send.message_id, stamp, send.body),
        }
        sender = client or httpx
        answer = sender.post(
            send.url,
            content=send.body,
            headers=headers,
            timeout=settings.timeout_s,
            follow_redirects=False,
        )
    except (httpx.HTTPError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None if 200 <= answer.status_code < 300 else f"HTTP {answer.status_code}"


def backoff_s(attempts: int, settings: FeedSettings) -> float:
    """Exponential backoff with jitter: half of base * 2^(attempts-1) (capped) plus a random
    part up to the other half, so receivers that fail together are not retried together."""
    ceiling = min(settings.backoff_max_s, settings.backoff_base_s * 2 ** (attempts - 1))
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def record_outcomes(
    session: Session, outcomes: Sequence[tuple[int, str | None]], settings: FeedSettings
) -> None:
    """Mark deliveries delivered (one UPDATE for all), retried later, or dead; caller commits."""
    now = dt.datetime.now(dt.UTC)
    delivered = [delivery_id for delivery_id, error in outcomes if error is None]
    if delivered:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(delivered), WebhookDelivery.status == "pending")
            .values(
                status="delivered",
                delivered_at=now,
                attempts=WebhookDelivery.attempts + 1,
                last_error=None,
            )
        )
    for delivery_id, error in outcomes:
        delivery = session.get(WebhookDelivery, delivery_id) if error is not None else None
        if delivery is None or delivery.status != "pending":
            continue
        delivery.attempts += 1
        delivery.last_error = error
        if delivery.attempts >= settings.max_attempts:
            delivery.status = "dead"
        else:
            delay = backoff_s(delivery.attempts, settings)
            delivery.next_at = now + dt.timedelta(seconds=delay)


def dead_letters(session: Session) -> list[WebhookDelivery]:
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.status == "dead")
            .order_by(WebhookDelivery.outbox_id)
        )
    )


def replay(session: Session, delivery_id: int) -> None:
    """Put a dead delivery back in the queue, due now, with its tries counted afresh."""
    found = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "dead")
        .values(status="pending", attempts=0, next_at=dt.datetime.now(dt.UTC))
    )
    if not getattr(found, "rowcount", 0):
        raise NotFoundError(f"no dead letter {delivery_id}")
