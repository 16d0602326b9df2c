"""Form helpers: the CSRF check every POSTed form goes through, safe `next` targets, and
the client address that the sign-in limits count."""

from __future__ import annotations

import ipaddress
import re

from fastapi import Depends, Request

from consentgate.settings import Network
from consentgate.web.deps import WebSession, app_context
from consentgate.web.errors import CsrfError
from consentgate.web.security import csrf_matches


async def csrf_protect(request: Request, web: WebSession) -> None:
    """Refuse a form whose csrf_token field does not match the session's token."""
    form = await request.form()
    token = form.get("csrf_token")
    if not isinstance(token, str) or not csrf_matches(web, token):
        raise CsrfError()


CsrfProtected = Depends(csrf_protect)


# A same-site path in printable ASCII: no scheme, no "//host", no backslash, no control
# character that could split the Location header.
_SAFE_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go to after sign-in; anything else (//evil, https://) is ignored."""
    if target and _SAFE_PATH.fullmatch(target) and "\\" not in target:
        return target
    return default


def _is_trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip(request: Request) -> str:
    """The client's address: the peer's, unless the peer is a configured proxy.

    Behind trusted proxies (settings.trusted_proxies) the client is the nearest address of
    X-Forwarded-For, read from the right, that is not itself a trusted proxy: what a client
    writes into the header itself stands to the left of it and is never reached. From any
    other peer the header is ignored, so a client cannot choose the address it is counted as.
    """
    peer = request.client.host if request.client else "unknown"
    proxies = app_context(request).settings.trusted_proxies
    if not proxies or not _is_trusted(peer, proxies):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
    ]
    for hop in reversed(hops):
        if hop and not _is_trusted(hop, proxies):
            return hop[:64]
    return peer
