"""The consent feed's service clients: client credentials created and revoked by the DPO, and
the bearer tokens they exchange them for, scoped to the feed.

As for the web sessions (network/sessions.py), only SHA-256 hashes of the random secrets
are stored; revoking a client deletes its tokens at once (and its row keeps `revoked_at`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consentgate.errors import NotFoundError
from consentgate.models import FeedClient, FeedToken
from consentgate.network.sessions import is_well_formed, token_hash, utc

FEED_SCOPE = "consent-feed"


def create_client(session: Session, name: str, created_by: str) -> tuple[str, str]:
    """A new client: its id and its secret (shown once, never stored); flushed."""
    client_id = "fc_" + secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    session.add(
        FeedClient(
            client_id=client_id,
            name=name,
            secret_hash=token_hash(secret),
            created_at=dt.datetime.now(dt.UTC),
            created_by=created_by,
        )
    )
    session.flush()
    return client_id, secret


def revoke_client(session: Session, client_id: str) -> None:
    """Revoke a client: its tokens end now, its credentials stop working."""
    client = session.get(FeedClient, client_id)
    if client is None:
        raise NotFoundError(f"no feed client {client_id!r}")
    client.revoked_at = client.revoked_at or dt.datetime.now(dt.UTC)
    session.execute(delete(FeedToken).where(FeedToken.client_id == client_id))
    session.flush()


def list_clients(session: Session) -> list[FeedClient]:
    return list(session.scalars(select(FeedClient).order_by(FeedClient.created_at)))


def issue_client_token(session: Session, client_id: str, secret: str, ttl_s: int) -> str | None:
    """A feed token for valid, unrevoked client credentials; None otherwise (the caller
    answers 401 without saying which part was wrong)."""
    client = session.get(FeedClient, client_id) if len(client_id) <= 64 else None
    presented = token_hash(secret) if is_well_formed(secret) else ""
    expected = client.secret_hash if client is not None else token_hash("-" * 43)
    if not hmac.compare_digest(presented, expected) or client is None or client.revoked_at:
        return None
    now = dt.datetime.now(dt.UTC)
    session.execute(
        delete(FeedToken).where(FeedToken.client_id == client_id, FeedToken.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        FeedToken(
            token_hash=token_hash(token),
            client_id=client_id,
            scope=FEED_SCOPE,
            created_at=now,
            expires_at=now + dt.timedelta(seconds=ttl_s),
        )
    )
    session.flush()
    return token


def client_of_token(session: Session, hashed: str, now: dt.datetime) -> str | None:
    """The client a live feed token (its hash) belongs to; None when it is no such token."""
    row = session.get(FeedToken, hashed)
    if row is None or utc(row.expires_at) <= now or row.scope != FEED_SCOPE:
        return None
    return row.client_id
