"""Passwords (argon2), signed cookie sessions, CSRF tokens, bearer tokens, sign-in rate limit."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from consentgate.web.errors import NotAuthenticatedError, RateLimitedError

SESSION_COOKIE = "cg_session"
Kind = Literal["member", "staff"]

_HASHER = PasswordHasher()
# A hash to verify against when the account does not exist, so timing does not reveal it.
_DUMMY_HASH = _HASHER.hash("no such account")


def password_hasher(cheap: bool = False) -> PasswordHasher:
    """argon2id, library defaults; `cheap` only for tests (the parameters live in the hash)."""
    return PasswordHasher.from_parameters(CHEAPEST) if cheap else _HASHER


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """An argon2id hash of the password."""
    return (hasher or _HASHER).hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; an absent or unreadable hash never matches."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class SessionData:
    """What the signed session cookie carries: who is signed in, and the CSRF token."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    kind: Kind | None = None
    subject: str | None = None
    dirty: bool = False

    def to_dict(self) -> dict[str, str | None]:
        return {"c": self.csrf, "k": self.kind, "s": self.subject}


class Signer:
    """Signs and checks session cookies and bearer tokens with the app's secret key."""

    def __init__(self, secret_key: str, session_max_age_s: int, token_ttl_s: int) -> None:
        self._sessions = URLSafeTimedSerializer(secret_key, salt="consentgate.session")
        self._tokens = URLSafeTimedSerializer(secret_key, salt="consentgate.api-token")
        self.session_max_age_s = session_max_age_s
        self.token_ttl_s = token_ttl_s

    def load_session(self, cookie: str | None) -> SessionData:
        """The cookie's session, or a fresh anonymous one when absent, forged or expired."""
        if cookie:
            try:
                data = self._sessions.loads(cookie, max_age=self.session_max_age_s)
                kind = data.get("k")
                return SessionData(
                    csrf=str(data["c"]),
                    kind=kind if kind in ("member", "staff") else None,
                    subject=data.get("s"),
                )
            except (BadSignature, KeyError, TypeError, AttributeError):
                pass
        return SessionData(dirty=True)

    def dump_session(self, session: SessionData) -> str:
        return self._sessions.dumps(session.to_dict())

    def issue_token(self, kind: Kind, subject: str) -> str:
        """A signed bearer token naming the account; it expires after token_ttl_s."""
        return self._tokens.dumps({"k": kind, "s": subject})

    def read_token(self, token: str) -> tuple[Kind, str]:
        """The (kind, subject) a bearer token names, or NotAuthenticatedError."""
        try:
            data = self._tokens.loads(token, max_age=self.token_ttl_s)
        except SignatureExpired:
            raise NotAuthenticatedError("the access token has expired") from None
        except BadSignature:
            raise NotAuthenticatedError("the access token is not valid") from None
        kind, subject = data.get("k"), data.get("s")
        if kind not in ("member", "staff") or not isinstance(subject, str):
            raise NotAuthenticatedError("the access token is not valid")
        return kind, subject


def csrf_matches(session: SessionData, submitted: str | None) -> bool:
    """Constant-time comparison of the form's token with the session's."""
    return bool(submitted) and hmac.compare_digest(session.csrf, str(submitted))


class LoginRateLimiter:
    """Failed sign-ins per (client address, account) and per address, in a sliding window.

    In-process memory: with several workers each keeps its own window, which still bounds
    guessing to workers x limit per window; a shared store (Redis) is the multi-host answer.
    """

    def __init__(self, max_failures: int, window_s: int, max_per_ip: int) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_per_ip = max_per_ip
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def check(self, ip: str, account: str) -> None:
        """Raise RateLimitedError when this address or address+account is over its limit."""
        now = time.monotonic()
        with self._lock:
            for key, limit in (
                ((ip, account.lower()), self.max_failures),
                ((ip, ""), self.max_per_ip),
            ):
                times = self._recent(key, now)
                if len(times) >= limit:
                    raise RateLimitedError(int(times[0] + self.window_s - now) + 1)

    def failed(self, ip: str, account: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent((ip, account.lower()), now).append(now)
            self._recent((ip, ""), now).append(now)

    def succeeded(self, ip: str, account: str) -> None:
        with self._lock:
            self._failures.pop((ip, account.lower()), None)


class WriteGate:
    """One SQLite writer at a time, across threads and worker processes, without polling.

    SQLite's busy handler sleeps (1 ms growing to 100 ms) while another connection holds
    the write lock; under load those sleeps were the tail latency. Writers queue here on a
    thread lock, then on an flock() of a file beside the database, which wakes the next
    process as soon as the lock is free. Where fcntl is missing only the thread lock applies.
    """

    def __init__(self, lock_path: Path) -> None:
        self._thread_lock = threading.Lock()
        self._path = lock_path
        self._fd: int | None = None

    def __enter__(self) -> WriteGate:
        self._thread_lock.acquire()
        try:
            if fcntl is not None:
                if self._fd is None:
                    self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if fcntl is not None and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()
