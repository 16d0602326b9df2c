"""The data protection officer's pages: sign-in and the dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from consentgate.web.accounts import authenticate_staff
from consentgate.web.charts import bar_chart, line_chart
from consentgate.web.dashboard import build_dashboard
from consentgate.web.deps import Ctx, CurrentDPO, SessionDep
from consentgate.web.errors import NotAuthenticatedError
from consentgate.web.forms import CsrfProtected, client_ip, safe_next
from consentgate.web.rendering import redirect, render, sign_in
from consentgate.web.report import request_out
from consentgate.web.schemas import Text
from consentgate.workflows import services

router = APIRouter(prefix="/dpo", include_in_schema=False)


@router.get("/login")
def dpo_login_page(request: Request, next: Text | None = None) -> Response:
    return render(request, "dpo/login.html", {"next": safe_next(next, "/dpo"), "error": None})


@router.post("/login", dependencies=[CsrfProtected])
def dpo_login(
    request: Request,
    db: SessionDep,
    ctx: Ctx,
    username: Annotated[Text, Form(max_length=64)],
    password: Annotated[Text, Form(max_length=1024)],
    next: Annotated[Text | None, Form(max_length=2000)] = None,
) -> Response:
    target = safe_next(next, "/dpo")
    try:
        staff = authenticate_staff(db, username, password, client_ip(request), ctx.limiter)
    except NotAuthenticatedError as exc:
        context = {"next": target, "error": str(exc), "username": username}
        return render(request, "dpo/login.html", context, status_code=401)
    sign_in(request, db, "staff", staff.username)
    return redirect(request, target)


@router.get("")
def dashboard(request: Request, dpo: CurrentDPO, db: SessionDep, ctx: Ctx) -> Response:
    board = build_dashboard(db, ctx.ws)
    choices_svg = line_chart(
        board.choices.labels,
        board.choices.series,
        title="Members who said no to AI training, by country (% of members)",
    )
    dataset_svg = None
    if board.datasets:
        latest = board.datasets[0]
        items = [("used", latest.used)] + sorted(
            latest.excluded_by_reason.items(), key=lambda kv: kv[1], reverse=True
        )
        dataset_svg = bar_chart(
            items, title=f"Dataset {latest.version}: records used and excluded", highlight="used"
        )
    requests = [request_out(r) for r in services.open_requests(db)]
    context = {
        "board": board,
        "choices_svg": choices_svg,
        "dataset_svg": dataset_svg,
        "requests": requests,
        "staff": dpo,
    }
    return render(request, "dpo/dashboard.html", context)
