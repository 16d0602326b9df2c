"""ASGI middleware of the app: security headers on every answer, and the request body limit.

Plain ASGI classes, not Starlette's BaseHTTPMiddleware: no per-request task, no copy of
the body, and the API's hot path pays a few attribute lookups.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    b"frame-ancestors 'none'; form-action 'self'"
)
HSTS = b"max-age=63072000; includeSubDomains"
NO_STORE = (b"cache-control", b"no-store")
# Files that are the same for everyone may be cached; every other answer is personal or
# may be (pages, the API, the sign-in token), so no browser or proxy keeps a copy.
CACHEABLE_PREFIXES = ("/static/",)


def security_headers(production: bool) -> list[tuple[bytes, bytes]]:
    """The headers every answer carries; HSTS only in production (served over HTTPS)."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy", CSP),
    ]
    if production:
        headers.append((b"strict-transport-security", HSTS))
    return headers


class SecurityHeaders:
    """Adds the security headers, and `Cache-Control: no-store` outside /static/."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith(CACHEABLE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not cacheable:
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append(NO_STORE)
                message["headers"] = headers + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """Refuses a request body over its route's limit with 413, before reading it.

    A declared Content-Length over the limit is answered at once, the app never runs; a
    body without one (chunked) is counted as it arrives and cut at the limit, so at most
    the limit is ever held in memory. `limit_for(path)` gives the limit of a path.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, send, limit)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # An HTTPException passes through FastAPI's body reading unchanged and
                    # becomes the app's own 413 answer (JSON for the API, a page otherwise).
                    raise HTTPException(413, too_large_message(limit))
            return message

        await self.app(scope, counted_receive, send)


def too_large_message(limit: int) -> str:
    return f"request body too large: at most {limit} bytes here"


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_message(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
