"""Signed session cookies, CSRF tokens, the sign-in limits, and the SQLite write gate."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from itsdangerous import BadSignature, URLSafeTimedSerializer

from consentgate.network.sessions import Kind
from consentgate.web.errors import RateLimitedError

SESSION_COOKIE = "cg_session"


@dataclass
class SessionData:
    """The browser's session: its CSRF token and, once signed in, its server-side secret.

    The cookie carries only the CSRF token and the secret; who is signed in (`kind`,
    `subject`) comes from the server-side row, filled in when a page resolves it.
    """

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    secret: str | None = None
    kind: Kind | None = None
    subject: str | None = None
    dirty: bool = False
    resolved: bool = False

    def to_dict(self) -> dict[str, str | None]:
        return {"c": self.csrf, "t": self.secret}


class Signer:
    """Signs and checks session cookies with the app's secret key."""

    def __init__(self, secret_key: str, session_max_age_s: int) -> None:
        self._sessions = URLSafeTimedSerializer(secret_key, salt="consentgate.session")
        self.session_max_age_s = session_max_age_s

    def load_session(self, cookie: str | None) -> SessionData:
        """The cookie's session, or a fresh anonymous one when absent, forged or expired."""
        if cookie:
            try:
                data = self._sessions.loads(cookie, max_age=self.session_max_age_s)
                secret = data.get("t")
                return SessionData(
                    csrf=str(data["c"]), secret=secret if isinstance(secret, str) else None
                )
            except (BadSignature, KeyError, TypeError, AttributeError):
                pass
        return SessionData(dirty=True)

    def dump_session(self, session: SessionData) -> str:
        return self._sessions.dumps(session.to_dict())


def csrf_matches(session: SessionData, submitted: str | None) -> bool:
    """Constant-time comparison of the form's token with the session's."""
    return bool(submitted) and hmac.compare_digest(session.csrf, str(submitted))


def normalise_identity(identity: str) -> str:
    """The account a sign-in names, as the limits count it: NFKC, trimmed, case-folded.

    " User@X", "user@x" and "ＵＳＥＲ@Ｘ" are one identity, so retyping it differently
    buys no extra tries.
    """
    return unicodedata.normalize("NFKC", identity).strip().casefold()


@dataclass(frozen=True, slots=True)
class Attempt:
    """One counted sign-in attempt: the limits' keys it was counted under, and when."""

    keys: tuple[tuple[str, str], ...]
    at: float


class LoginRateLimiter:
    """Sign-in attempts per identity and per client address, in a sliding window.

    An attempt is counted before its password is checked, under one lock, so concurrent
    guesses can never run more checks than the limit; a successful sign-in gives its
    attempt back. In-process memory: with several workers each keeps its own window, which
    still bounds guessing to workers x limit per window; a shared store (Redis) is the
    multi-host answer.
    """

    def __init__(self, max_per_identity: int, window_s: int, max_per_address: int) -> None:
        self.max_per_identity = max_per_identity
        self.window_s = window_s
        self.max_per_address = max_per_address
        self._attempts: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._attempts.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def _sweep(self, now: float) -> None:
        """Forget keys with no attempt in the window (bounded memory under a spray)."""
        for key in [k for k, t in self._attempts.items() if not t or t[-1] <= now - self.window_s]:
            del self._attempts[key]

    def take(self, address: str, identity: str) -> Attempt:
        """Count one attempt for the identity and the address, or raise RateLimitedError
        (counting nothing) when either is at its limit."""
        now = time.monotonic()
        limits = (
            (("identity", normalise_identity(identity)), self.max_per_identity),
            (("address", address), self.max_per_address),
        )
        with self._lock:
            if len(self._attempts) > 100_000:
                self._sweep(now)
            for key, limit in limits:
                times = self._recent(key, now)
                if len(times) >= limit:
                    raise RateLimitedError(int(times[0] + self.window_s - now) + 1)
            for key, _ in limits:
                self._attempts[key].append(now)
        return Attempt(tuple(key for key, _ in limits), now)

    def give_back(self, attempt: Attempt) -> None:
        """Uncount an attempt that succeeded: the right password uses up no tries."""
        with self._lock:
            for key in attempt.keys:
                times = self._attempts.get(key)
                if times is not None and attempt.at in times:
                    times.remove(attempt.at)


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
