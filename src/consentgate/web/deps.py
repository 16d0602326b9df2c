"""Reusable dependencies: the DB session, the web session, the signed-in member or DPO.

Every signed-in request is checked against the server-side sessions (web.auth): a cookie
or a token that was signed out, changed by a password change, erased or expired signs in
no one, whatever its signature says.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from consentgate.i18n import N_
from consentgate.models import StaffAccount
from consentgate.network.sessions import is_well_formed, token_hash
from consentgate.policy import Policy
from consentgate.settings import WebSettings
from consentgate.web.auth import Holder, bearer_hash, holder, holders
from consentgate.web.errors import ForbiddenError, NotAuthenticatedError
from consentgate.web.security import SESSION_COOKIE, LoginRateLimiter, SessionData, Signer
from consentgate.web.writer import ChoiceWriter
from consentgate.workflows.services import MemberRef, apply_gpc, now_utc
from consentgate.workspace import Workspace


@dataclass(slots=True)
class AppContext:
    """What create_app puts on app.state.ctx: workspace, settings, policy, signer, writers,
    the sign-in limits."""

    ws: Workspace
    settings: WebSettings
    policy: Policy
    signer: Signer
    choices: ChoiceWriter
    limiter: LoginRateLimiter
    write_gate: AbstractContextManager[object] = field(default_factory=nullcontext)

    def writing(self) -> AbstractContextManager[object]:
        """Hold around a ledger write and its commit.

        On SQLite, one writer at a time (security.WriteGate): writers queue on locks that
        wake at once instead of SQLite's busy handler, whose sleeps made the tail latency.
        PostgreSQL queues writers itself (the ledger's row lock), so nothing is held there.
        """
        return self.write_gate


def app_context(request: Request) -> AppContext:
    """The app's context, for code outside dependency injection (templates)."""
    ctx: AppContext = request.app.state.ctx
    return ctx


async def get_ctx(request: Request) -> AppContext:
    """The app's context. `async`: a plain `def` dependency costs a worker-thread round trip."""
    return app_context(request)


Ctx = Annotated[AppContext, Depends(get_ctx)]


async def get_db(ctx: Ctx) -> AsyncIterator[Session]:
    """One database session per request; handlers that write commit before answering.

    Closed on the event loop, not in a worker thread: a connection is never held by a
    request waiting for a thread while every thread waits for a connection (a deadlock
    once concurrent requests exceed the pool). Closing rolls back anything uncommitted.
    """
    session = Session(ctx.ws.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_db)]


async def get_web_session(request: Request, ctx: Ctx) -> SessionData:
    """The signed session cookie (anonymous visitors get one too, for the CSRF token).

    `async`: checking a signature needs no thread, and a thread hop costs more than it.
    Who is signed in is read from the server-side session by `resolve_session`.
    """
    cached = getattr(request.state, "web_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = ctx.signer.load_session(request.cookies.get(SESSION_COOKIE))
    request.state.web_session = data
    return data


WebSession = Annotated[SessionData, Depends(get_web_session)]


def resolve_session(db: Session, web: SessionData) -> Holder | None:
    """The account the cookie's server-side session signs in, or None (anonymous, signed
    out, expired, revoked). A dead session's secret is dropped from the cookie."""
    found = None
    if web.secret is not None:
        digest = token_hash(web.secret) if is_well_formed(web.secret) else ""
        found = holders(db, [digest], "cookie", now_utc()).get(digest)
        if found is None:
            web.secret, web.dirty = None, True
    web.kind = found.kind if found else None
    web.subject = found.subject if found else None
    web.resolved = True
    return found


def sends_gpc(request: Request) -> bool:
    """The request carries the Global Privacy Control signal (`Sec-GPC: 1`)."""
    return request.headers.get("sec-gpc", "").strip() == "1"


def _honour_gpc(request: Request, db: Session, member: MemberRef, ctx: AppContext) -> None:
    if sends_gpc(request):
        with ctx.writing():
            apply_gpc(db, member, ctx.policy)
            db.commit()
    else:
        db.commit()  # ends the read: the connection goes back to the pool before the handler


def get_current_member(request: Request, web: WebSession, db: SessionDep, ctx: Ctx) -> MemberRef:
    """The member signed in through the cookie session (pages)."""
    found = resolve_session(db, web)
    if found is None or found.member is None:
        raise NotAuthenticatedError("please sign in")
    _honour_gpc(request, db, found.member, ctx)
    return found.member


def get_current_dpo(web: WebSession, db: SessionDep) -> StaffAccount:
    """The DPO signed in through the cookie session; a signed-in member is refused."""
    found = resolve_session(db, web)
    if found is not None and found.kind == "member":
        raise ForbiddenError(N_("this page is for the data protection officer"))
    if found is None:
        raise NotAuthenticatedError("please sign in as staff")
    staff = _staff(db, found.staff_username)
    db.commit()  # ends the read: the connection goes back to the pool before the handler
    return staff


def _staff(db: Session, username: str | None) -> StaffAccount:
    staff = db.get(StaffAccount, username) if username else None
    if staff is None:
        raise NotAuthenticatedError("your session has ended: please sign in")
    if staff.role != "dpo":
        raise ForbiddenError("this needs the DPO role")
    return staff


CurrentMember = Annotated[MemberRef, Depends(get_current_member)]
CurrentDPO = Annotated[StaffAccount, Depends(get_current_dpo)]

_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/token")
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_api_token(creds: BearerCredentials) -> str:
    """The stored hash of the request's bearer token, checked for shape only (no database).

    The API's hot path (PUT ai-training-setting) hands it to web.writer, whose batch checks
    every token of the batch in its own transaction with one SELECT.
    """
    if creds is None or creds.scheme.lower() != "bearer":
        raise NotAuthenticatedError("missing bearer token: POST /api/v1/auth/token first")
    return bearer_hash(creds.credentials)


ApiToken = Annotated[str, Depends(get_api_token)]


def get_api_account(token: ApiToken, db: SessionDep) -> Holder:
    """The account a live bearer token signs in (member or staff)."""
    return holder(db, token, "bearer", now_utc())


def get_api_member(request: Request, token: ApiToken, db: SessionDep, ctx: Ctx) -> MemberRef:
    """The member a bearer token signs in (API); staff tokens are refused."""
    member = get_api_account(token, db).require_member()
    _honour_gpc(request, db, member, ctx)
    return member


def get_api_dpo(token: ApiToken, db: SessionDep) -> StaffAccount:
    """The DPO a bearer token signs in (API); member tokens are refused."""
    account = get_api_account(token, db)
    if account.kind != "staff":
        raise ForbiddenError("this endpoint is for the data protection officer")
    staff = _staff(db, account.staff_username)
    db.commit()
    return staff


ApiAccount = Annotated[Holder, Depends(get_api_account)]
ApiMember = Annotated[MemberRef, Depends(get_api_member)]
ApiDPO = Annotated[StaffAccount, Depends(get_api_dpo)]
