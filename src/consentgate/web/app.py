"""The FastAPI application: member pages, DPO dashboard, JSON API, errors mapped at the edge."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    nullcontext,
)
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from consentgate.errors import ConflictError, ConsentgateError, RequestError, UnknownMemberError
from consentgate.policy import load_policy
from consentgate.web.config import Settings, load_settings
from consentgate.web.deps import AppContext
from consentgate.web.errors import (
    CsrfError,
    ForbiddenError,
    InvalidInputError,
    NotAuthenticatedError,
    NotFoundError,
    RateLimitedError,
    WriteFailedError,
)
from consentgate.web.rendering import STATIC_DIR, render
from consentgate.web.routes import api, dpo, pages
from consentgate.web.security import LoginRateLimiter, Signer, WriteGate
from consentgate.web.writer import ChoiceWriter

if TYPE_CHECKING:
    from consentgate.workspace import Workspace

STATUS = (
    (NotAuthenticatedError, 401),
    (CsrfError, 403),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (UnknownMemberError, 404),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (RequestError, 422),
    (RateLimitedError, 429),
    (WriteFailedError, 503),
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
]


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def status_for(exc: ConsentgateError) -> int:
    for cls, code in STATUS:
        if isinstance(exc, cls):
            return code
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    """A ConsentgateError becomes an HTTP status with its one-line message."""
    assert isinstance(exc, ConsentgateError)
    code = status_for(exc)
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if code == 401 else {}
        if isinstance(exc, RateLimitedError):
            headers["Retry-After"] = str(exc.retry_after)
        return JSONResponse({"detail": str(exc)}, status_code=code, headers=headers)
    if code == 401:
        login = "/dpo/login" if request.url.path.startswith("/dpo") else "/login"
        return RedirectResponse(f"{login}?next={request.url.path}", status_code=303)
    return render(request, "error.html", {"message": str(exc), "code": code}, status_code=code)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Bad input: the API keeps FastAPI's field list, pages show one clear line."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in err['loc'] if p not in ('body', 'query', 'path'))}: "
        f"{err['msg']}"
        for err in exc.errors()
    ]
    if _is_api(request):
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
    return render(
        request, "error.html", {"message": "; ".join(problems), "code": 422}, status_code=422
    )


def _lifespan(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # As many request threads as pooled DB connections: more threads than the pool holds
        # made SQLAlchemy open and discard overflow connections on every request.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        # The objects of the loaded app (modules, tables, templates, compiled statements) live
        # as long as the process: moved out of the collector's reach, a full collection
        # scans what requests allocate only. Under load those collections, each scanning
        # ~170k startup objects, stopped every thread for 100-160 ms: the p99 latency.
        gc.collect()
        gc.freeze()
        yield

    return lifespan


def _write_gate(ws: Workspace) -> AbstractContextManager[object]:
    """Queue SQLite writers (threads and worker processes); PostgreSQL queues them itself."""
    if ws.database_url.startswith("sqlite"):
        return WriteGate(ws.home / ".web-write.lock")
    return nullcontext()


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """404/405 from routing: JSON for the API, the error page for people."""
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request) or request.url.path == "/openapi.json":
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    message = "This page does not exist." if exc.status_code == 404 else str(exc.detail)
    context = {"message": message, "code": exc.status_code}
    return render(request, "error.html", context, status_code=exc.status_code)


def create_app(ws: Workspace, settings: Settings | None = None) -> FastAPI:
    """The consentgate web app for a workspace (settings from CONSENTGATE_* when not given)."""
    settings = settings or load_settings()
    policy = load_policy(settings.policy)
    _ = ws.engine  # connect and migrate now, once, not in the first requests' threads
    secret = settings.secret_key.get_secret_value()
    app = FastAPI(
        title="consentgate",
        version="1",
        summary="Member settings for AI training, notices, requests and data reports",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan(settings.threads),
    )
    write_gate = _write_gate(ws)
    app.state.ctx = AppContext(
        ws=ws,
        settings=settings,
        policy=policy,
        signer=Signer(secret, settings.session_max_age_s, settings.token_ttl_s),
        choices=ChoiceWriter.for_engine(ws.engine, write_gate),
        write_gate=write_gate,
    )
    app.state.limiter = LoginRateLimiter(
        settings.login_max_failures, settings.login_window_s, settings.login_max_failures_per_ip
    )
    app.add_exception_handler(ConsentgateError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(pages.router)
    app.include_router(dpo.router)
    app.include_router(api.router)
    return app
