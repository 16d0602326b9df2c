"""Form helpers: the CSRF check every POSTed form goes through, safe `next` targets."""

from __future__ import annotations

from fastapi import Depends, Request

from consentgate.web.deps import WebSession
from consentgate.web.errors import CsrfError
from consentgate.web.security import csrf_matches


async def csrf_protect(request: Request, web: WebSession) -> None:
    """Refuse a form whose csrf_token field does not match the session's token."""
    form = await request.form()
    token = form.get("csrf_token")
    if not isinstance(token, str) or not csrf_matches(web, token):
        raise CsrfError()


CsrfProtected = Depends(csrf_protect)


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go to after sign-in; anything else (//evil, https://) is ignored."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
