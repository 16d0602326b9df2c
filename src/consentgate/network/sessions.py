"""Server-side sign-in sessions and API tokens: issue, look up, revoke.

A session or token is a random secret handed to the browser (inside the signed cookie) or
to the app (the bearer token); the `web_sessions` table keeps only its SHA-256. Deleting
the row ends it at once, whatever copies of the cookie or token exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Literal

from sqlalchemy import delete
from sqlalchemy.orm import Session

from consentgate.models import AuthSession

Purpose = Literal["cookie", "bearer"]
Kind = Literal["member", "staff"]
# secrets.token_urlsafe(32): 43 URL-safe characters, 256 random bits.
_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def token_hash(secret: str) -> str:
    """What the table stores for a secret (hex SHA-256; the secret has 256 random bits)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def is_well_formed(secret: str) -> bool:
    """Whether a presented secret can be one of ours (checked before any database work)."""
    return _SECRET.fullmatch(secret) is not None


def utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC datetime (SQLite gives back naive ones; everything stored is UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def is_live(expires_at: dt.datetime, now: dt.datetime) -> bool:
    return utc(expires_at) > now


def issue(
    session: Session,
    purpose: Purpose,
    kind: Kind,
    subject: str,
    ttl_s: int,
    now: dt.datetime | None = None,
) -> str:
    """A new session or token for the account; returns its secret (shown once, never stored).

    The account's expired rows go at the same time, so the table holds live sessions only.
    """
    moment = now or dt.datetime.now(dt.UTC)
    column = AuthSession.member_id if kind == "member" else AuthSession.staff_username
    session.execute(delete(AuthSession).where(column == subject, AuthSession.expires_at <= moment))
    secret = secrets.token_urlsafe(32)
    session.add(
        AuthSession(
            token_hash=token_hash(secret),
            purpose=purpose,
            kind=kind,
            member_id=subject if kind == "member" else None,
            staff_username=subject if kind == "staff" else None,
            created_at=moment,
            expires_at=moment + dt.timedelta(seconds=ttl_s),
        )
    )
    session.flush()
    return secret


def revoke_member_sessions(session: Session, member_id: str) -> int:
    """End every session and API token of a member (sign-out, password change, erasure).

    Erasure needs no call to be safe: the rows cascade with the member's row. Calling it
    makes the end explicit and immediate within the caller's transaction. Rows deleted.
    """
    result = session.execute(delete(AuthSession).where(AuthSession.member_id == member_id))
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_staff_sessions(session: Session, username: str) -> int:
    """End every session and API token of a staff account (sign-out, password change)."""
    result = session.execute(delete(AuthSession).where(AuthSession.staff_username == username))
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_account_sessions(session: Session, kind: Kind, subject: str) -> int:
    """End every session and token of the account a session signs in."""
    if kind == "member":
        return revoke_member_sessions(session, subject)
    return revoke_staff_sessions(session, subject)
