"""The FastAPI application: member pages, DPO dashboard, JSON API, errors mapped at the edge."""

from __future__ import annotations

import gc
import importlib.resources
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    nullcontext,
)
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from consentgate.errors import (
    ArchiveError,
    ConflictError,
    ConsentgateError,
    RequestError,
    UnknownMemberError,
)
from consentgate.i18n import N_
from consentgate.policy import load_policy
from consentgate.settings import Settings
from consentgate.web.deps import AppContext, app_context
from consentgate.web.errors import (
    CsrfError,
    ForbiddenError,
    InvalidInputError,
    NotAuthenticatedError,
    NotFoundError,
    RateLimitedError,
    WriteFailedError,
)
from consentgate.web.language import LanguageMiddleware
from consentgate.web.middleware import BodyLimit, SecurityHeaders, security_headers
from consentgate.web.rendering import STATIC_DIR, render
from consentgate.web.routes import (
    api,
    assistant,
    dpo,
    dpo_actions,
    feed,
    feed_admin,
    footprint,
    language,
    pages,
    public,
)
from consentgate.web.security import LoginRateLimiter, Signer, WriteGate
from consentgate.web.writer import ChoiceWriter
from consentgate.workspace import Workspace

# Swagger UI's files as the fastapi-offline package ships them (the [web] extra).
SWAGGER_DIR = importlib.resources.files("fastapi_offline") / "static"
SWAGGER_URL = "/static/swagger-ui"

STATUS = (
    (NotAuthenticatedError, 401),
    (CsrfError, 403),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (UnknownMemberError, 404),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (ArchiveError, 422),
    (RequestError, 422),
    (RateLimitedError, 429),
    (WriteFailedError, 503),
)
logger = logging.getLogger(__name__)


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


def _printable(value: object, limit: int = 200) -> str | int:
    """A loc item or message as safe text: escaped where not valid UTF-8, cut to `limit`."""
    if isinstance(value, int):
        return value
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= limit else text[:limit] + "..."


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's field errors without the `input` they carry: a 422 never echoes the body
    back (a huge one, a password, text that cannot even be encoded)."""
    return [
        {
            "type": str(err.get("type", "")),
            "loc": [_printable(part, 64) for part in err.get("loc", ())],
            "msg": _printable(str(err.get("msg", "")).removeprefix("Value error, ")),
        }
        for err in exc.errors()
    ]


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Bad input: the API keeps FastAPI's field list (no input echoed), pages one line."""
    assert isinstance(exc, RequestValidationError)
    problems = _problems(exc)
    if _is_api(request):
        return JSONResponse({"detail": problems}, status_code=422)
    lines = [
        f"{'.'.join(str(p) for p in err['loc'] if p not in ('body', 'query', 'path'))}: "
        f"{err['msg']}"
        for err in problems
    ]
    return render(
        request, "error.html", {"message": "; ".join(lines), "code": 422}, status_code=422
    )


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """An error no handler expected: a 500 with one line, and the security headers (this
    answer is sent from outside the middleware that adds them to every other one)."""
    logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    production = app_context(request).settings.env == "production"
    response = JSONResponse({"detail": "internal error: the request was not completed"}, 500)
    response.headers["cache-control"] = "no-store"
    response.raw_headers.extend(security_headers(production))
    return response


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
    message = N_("This page does not exist.") if exc.status_code == 404 else str(exc.detail)
    context = {"message": message, "code": exc.status_code}
    return render(request, "error.html", context, status_code=exc.status_code)


async def _docs_page() -> Response:
    """Swagger UI from local files (no CDN), started by a script file: the CSP allows no
    inline script and no other origin."""
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>consentgate API</title>"
        f'<link rel="stylesheet" href="{SWAGGER_URL}/swagger-ui.css"></head>'
        '<body><div id="swagger-ui"></div>'
        f'<script src="{SWAGGER_URL}/swagger-ui-bundle.js"></script>'
        '<script src="/static/api-docs.js"></script></body></html>'
    )
    return HTMLResponse(html)


def create_app(ws: Workspace, settings: Settings | None = None) -> FastAPI:
    """The consentgate web app for a workspace (with the workspace's settings when none are
    given); a ConfigError, before anything is served, when the secret key is unsafe."""
    settings = settings or ws.settings
    web = settings.web
    web.check_secret()
    policy = load_policy(settings.policy)
    _ = ws.engine  # connect and migrate now, once, not in the first requests' threads
    secret = web.secret_key.get_secret_value()
    app = FastAPI(
        title="consentgate",
        version="1",
        summary="Member settings for AI training, notices, requests and data reports",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(web.threads),
    )
    write_gate = _write_gate(ws)
    app.state.ctx = AppContext(
        ws=ws,
        settings=web,
        policy=policy,
        signer=Signer(secret, web.session_max_age_s),
        choices=ChoiceWriter.for_engine(ws.engine, write_gate),
        limiter=LoginRateLimiter(
            web.login_max_failures,
            web.login_window_s,
            web.login_max_failures_per_ip,
        ),
        write_gate=write_gate,
    )
    app.add_exception_handler(ConsentgateError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected)
    app.add_middleware(BodyLimit, limit_for=web.body_limit)
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(SecurityHeaders, headers=security_headers(web.env == "production"))
    app.add_api_route("/api/docs", _docs_page, include_in_schema=False)
    app.mount(SWAGGER_URL, StaticFiles(directory=str(SWAGGER_DIR)), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(pages.router)
    app.include_router(footprint.router)
    app.include_router(language.router)
    app.include_router(dpo.router)
    app.include_router(dpo_actions.router)
    app.include_router(api.router)
    app.include_router(public.router)
    app.include_router(feed.router)
    app.include_router(feed_admin.router)
    app.include_router(assistant.router)
    return app
