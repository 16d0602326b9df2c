"""Reusable dependencies: the DB session, the web session, the signed-in member or DPO."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from consentgate.ledger.models import StaffAccount
from consentgate.web.errors import ForbiddenError, NotAuthenticatedError
from consentgate.web.security import SESSION_COOKIE, SessionData, Signer
from consentgate.web.services import MemberRef, apply_gpc, load_member

if TYPE_CHECKING:
    from consentgate.policy import Policy
    from consentgate.web.config import Settings
    from consentgate.web.writer import ChoiceWriter
    from consentgate.workspace import Workspace


@dataclass(slots=True)
class AppContext:
    """What create_app puts on app.state.ctx: workspace, settings, policy, signer, writers."""

    ws: Workspace
    settings: Settings
    policy: Policy
    signer: Signer
    choices: ChoiceWriter
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
    """The signed cookie session (anonymous visitors get one too, for the CSRF token).

    `async`: checking a signature needs no thread, and a thread hop costs more than it.
    """
    cached = getattr(request.state, "web_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = ctx.signer.load_session(request.cookies.get(SESSION_COOKIE))
    request.state.web_session = data
    return data


WebSession = Annotated[SessionData, Depends(get_web_session)]


def _member(db: Session, member_id: str | None) -> MemberRef:
    member = load_member(db, member_id) if member_id else None
    if member is None:
        raise NotAuthenticatedError("your session has ended: please sign in")
    return member


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
    if web.kind != "member":
        raise NotAuthenticatedError("please sign in")
    member = _member(db, web.subject)
    _honour_gpc(request, db, member, ctx)
    return member


def get_current_dpo(web: WebSession, db: SessionDep) -> StaffAccount:
    """The DPO signed in through the cookie session; a signed-in member is refused."""
    if web.kind == "member":
        raise ForbiddenError("this page is for the data protection officer")
    if web.kind != "staff":
        raise NotAuthenticatedError("please sign in as staff")
    staff = _staff(db, web.subject)
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


def _token_subject(creds: HTTPAuthorizationCredentials | None, ctx: AppContext) -> tuple[str, str]:
    if creds is None or creds.scheme.lower() != "bearer":
        raise NotAuthenticatedError("missing bearer token: POST /api/v1/auth/token first")
    return ctx.signer.read_token(creds.credentials)


def get_api_member(
    request: Request, creds: BearerCredentials, db: SessionDep, ctx: Ctx
) -> MemberRef:
    """The member a bearer token names (API); staff tokens are refused."""
    kind, subject = _token_subject(creds, ctx)
    if kind != "member":
        raise ForbiddenError("this endpoint is for members")
    member = _member(db, subject)
    _honour_gpc(request, db, member, ctx)
    return member


async def get_api_member_id(creds: BearerCredentials, ctx: Ctx) -> str:
    """The member id a bearer token names, checked without the database (API hot path).

    For handlers that load the member themselves in their write transaction: one worker
    thread and one pooled connection per request instead of two of each. Such a handler
    must treat a member that no longer exists as NotAuthenticatedError and honour GPC.
    """
    kind, subject = _token_subject(creds, ctx)
    if kind != "member":
        raise ForbiddenError("this endpoint is for members")
    return subject


def get_api_dpo(creds: BearerCredentials, db: SessionDep, ctx: Ctx) -> StaffAccount:
    """The DPO a bearer token names (API); member tokens are refused."""
    kind, subject = _token_subject(creds, ctx)
    if kind != "staff":
        raise ForbiddenError("this endpoint is for the data protection officer")
    staff = _staff(db, subject)
    db.commit()
    return staff


ApiMember = Annotated[MemberRef, Depends(get_api_member)]
ApiMemberId = Annotated[str, Depends(get_api_member_id)]
ApiDPO = Annotated[StaffAccount, Depends(get_api_dpo)]
