"""The request's language, chosen before any handler runs: the member's switch (the `lang`
cookie), else the best match of Accept-Language. Set as `consentgate.i18n`'s context
variable, which the handler's thread inherits, so what services phrase is translated too."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from starlette.types import ASGIApp, Receive, Scope, Send

from consentgate import i18n

LANGUAGE_COOKIE = "lang"


def choose_language(cookie_header: str | None, accept_language: str | None) -> str:
    if cookie_header:
        try:
            jar = SimpleCookie(cookie_header)
        except CookieError:
            jar = SimpleCookie()
        chosen = jar.get(LANGUAGE_COOKIE)
        if chosen is not None and chosen.value in i18n.LANGUAGES:
            return chosen.value
    return i18n.negotiate(accept_language)


class LanguageMiddleware:
    """Sets the language for the request (pages; the API's messages stay as they are)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api/"):
            headers = dict(scope.get("headers", []))
            cookie = headers.get(b"cookie", b"").decode("latin-1") or None
            accept = headers.get(b"accept-language", b"").decode("latin-1") or None
            with i18n.language(choose_language(cookie, accept)):
                await self.app(scope, receive, send)
            return
        await self.app(scope, receive, send)
