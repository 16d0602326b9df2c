"""The language switch: a cookie the pages read before Accept-Language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from consentgate.i18n import LANGUAGES
from consentgate.web.errors import NotFoundError
from consentgate.web.forms import safe_next
from consentgate.web.language import LANGUAGE_COOKIE
from consentgate.web.schemas import Text

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.get("/language/{code}")
def switch_language(
    request: Request, code: Annotated[Text, Path(max_length=8)], next: Text | None = None
) -> Response:
    if code not in LANGUAGES:
        raise NotFoundError(f"no language {code!r} here (one of: {', '.join(LANGUAGES)})")
    response = RedirectResponse(safe_next(next, "/"), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=YEAR, samesite="lax", path="/")
    return response
