"""Rendering pages and redirects with the session cookie kept in step."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from consentgate import i18n
from consentgate.network.sessions import Kind, issue, revoke_account_sessions
from consentgate.web.deps import app_context, resolve_session
from consentgate.web.security import SESSION_COOKIE, SessionData
from consentgate.workflows import services
from consentgate.workflows.services import (
    MemberRef,
    channel_label,
    history_label,
    pending_notices,
    policy_words,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
# gettext through the request's language (consentgate.i18n), `_("... %(name)s", name=x)`.
_env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
templates = Jinja2Templates(env=_env)
templates.env.filters["day"] = i18n.day
templates.env.filters["when"] = i18n.when
templates.env.filters["number"] = i18n.number
templates.env.globals["choice_label"] = history_label
templates.env.globals["channel_words"] = channel_label
templates.env.globals["policy_words"] = policy_words
templates.env.globals["language_names"] = i18n.LANGUAGE_NAMES
templates.env.globals["never_used"] = services.never_used
templates.env.globals["kind_label"] = services.kind_label
templates.env.globals["request_kind"] = partial(services.words, services.REQUEST_WORDS)
templates.env.globals["request_status"] = partial(services.words, services.STATUS_WORDS)
templates.env.globals["outcome_word"] = partial(services.words, services.OUTCOME_WORDS)
# A message made elsewhere (an error, a label): translated when the catalogue has it, never
# %-formatted (it may hold a % of the member's own).
templates.env.filters["t"] = i18n.gettext


def web_session(request: Request) -> SessionData:
    """The request's session, loaded if no dependency did it yet."""
    cached = getattr(request.state, "web_session", None)
    if isinstance(cached, SessionData):
        return cached
    ctx = app_context(request)
    data = ctx.signer.load_session(request.cookies.get(SESSION_COOKIE))
    request.state.web_session = data
    return data


def start_session(request: Request) -> SessionData:
    """A new anonymous session: a new CSRF token, so an old form stops working."""
    data = SessionData(dirty=True, resolved=True)
    request.state.web_session = data
    return data


def sign_in(request: Request, db: Session, kind: Kind, subject: str) -> SessionData:
    """Start a server-side session for the account; the cookie will carry its secret."""
    ctx = app_context(request)
    with ctx.writing():
        secret = issue(db, "cookie", kind, subject, ctx.settings.session_max_age_s)
        db.commit()
    data = start_session(request)
    data.secret, data.kind, data.subject = secret, kind, subject
    return data


def sign_out(request: Request, db: Session) -> SessionData:
    """End every session and API token of the signed-in account, then go anonymous."""
    found = resolve_session(db, web_session(request))
    if found is not None:
        with app_context(request).writing():
            revoke_account_sessions(db, found.kind, found.subject)
            db.commit()
    return start_session(request)


def persist_session(request: Request, response: Response) -> Response:
    """Write the session cookie when it changed: signed, HttpOnly, SameSite=Lax."""
    data = getattr(request.state, "web_session", None)
    if isinstance(data, SessionData) and data.dirty:
        ctx = app_context(request)
        response.set_cookie(
            SESSION_COOKIE,
            ctx.signer.dump_session(data),
            max_age=ctx.settings.session_max_age_s,
            httponly=True,
            samesite="lax",
            secure=ctx.settings.secure_cookies,
            path="/",
        )
    return response


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    member: MemberRef | None = None,
    db: Session | None = None,
    status_code: int = 200,
) -> Response:
    """A page from a template, with the CSRF token, the signed-in account and notice banner."""
    data = web_session(request)
    lang = i18n.current_language()  # chosen by web.language's middleware
    values: dict[str, Any] = {
        "lang": lang,
        "csrf_token": data.csrf,
        "signed_in": data.kind if data.resolved else None,
        "member": member,
        "pending": pending_notices(db, member.member_id) if member and db else [],
        "policy_id": app_context(request).policy.id,
    }
    values.update(context or {})
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    return persist_session(request, response)


def redirect(request: Request, url: str) -> Response:
    """A 303 redirect (after a POST) that carries the session cookie if it changed."""
    return persist_session(request, RedirectResponse(url, status_code=303))
