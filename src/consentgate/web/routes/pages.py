"""Member pages: sign-in, the AI-training setting, notices, requests, my data, closing."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Form, Path, Request
from fastapi.responses import JSONResponse, Response

from consentgate.i18n import N_
from consentgate.web.accounts import (
    authenticate_member,
    confirm_member_password,
    set_member_password,
)
from consentgate.web.deps import Ctx, CurrentMember, SessionDep, WebSession, resolve_session
from consentgate.web.errors import InvalidInputError, NotAuthenticatedError
from consentgate.web.forms import CsrfProtected, client_ip, safe_next
from consentgate.web.rendering import redirect, render, sign_in, sign_out, start_session
from consentgate.web.report import data_report
from consentgate.web.schemas import Text
from consentgate.workflows import services

router = APIRouter(include_in_schema=False)

SETTING_URL = "/mypreferences/d/settings/data-for-ai-improvement"
OBJECTION_URL = "/mypreferences/d/data-processing-objection"
MYDATA_URL = "/mypreferences/d/my-data-and-ai"
CLOSE_URL = "/mypreferences/d/close-account"
PASSWORD_URL = "/mypreferences/d/password"


@router.get("/")
def home(web: WebSession, db: SessionDep) -> Response:
    found = resolve_session(db, web)
    if found is not None and found.kind == "staff":
        return Response(status_code=303, headers={"Location": "/dpo"})
    return Response(status_code=303, headers={"Location": SETTING_URL})


@router.get("/login")
def login_page(request: Request, next: Text | None = None) -> Response:
    return render(request, "login.html", {"next": safe_next(next, SETTING_URL), "error": None})


@router.post("/login", dependencies=[CsrfProtected])
def login(
    request: Request,
    db: SessionDep,
    ctx: Ctx,
    email: Annotated[Text, Form(max_length=320)],
    password: Annotated[Text, Form(max_length=1024)],
    next: Annotated[Text | None, Form(max_length=2000)] = None,
) -> Response:
    target = safe_next(next, SETTING_URL)
    try:
        member = authenticate_member(db, email, password, client_ip(request), ctx.limiter)
    except NotAuthenticatedError as exc:
        context = {"next": target, "error": str(exc), "email": email}
        return render(request, "login.html", context, status_code=401)
    sign_in(request, db, "member", member.member_id)
    return redirect(request, target)


@router.post("/logout", dependencies=[CsrfProtected])
def logout(request: Request, db: SessionDep) -> Response:
    """Sign out: every session and API token of the account ends, here and elsewhere."""
    sign_out(request, db)
    return redirect(request, "/login")


@router.get(SETTING_URL)
def setting_page(request: Request, member: CurrentMember, db: SessionDep, ctx: Ctx) -> Response:
    view = services.setting_view(db, member, ctx.policy)
    return render(request, "setting.html", {"view": view}, member=member, db=db)


@router.post(SETTING_URL, dependencies=[CsrfProtected])
def setting_change(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    enabled: Annotated[Literal["true", "false"], Form()],
) -> Response:
    with ctx.writing():
        services.record_choice(db, member, enabled == "true", "web")
        db.commit()
    return redirect(request, SETTING_URL + "?saved=1")


@router.get("/notices")
def notices_page(request: Request, member: CurrentMember, db: SessionDep) -> Response:
    notices = services.notices_for(db, member.member_id)
    return render(request, "notices.html", {"notices": notices}, member=member, db=db)


@router.post("/notices/{policy_version}/response", dependencies=[CsrfProtected])
def notice_answer(
    request: Request,
    policy_version: Annotated[Text, Path(max_length=64)],
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    answer: Annotated[Literal["accept", "refuse"], Form()],
) -> Response:
    with ctx.writing():
        services.answer_notice(db, member.member_id, policy_version, answer == "accept", "web")
        db.commit()
    return redirect(request, "/notices")


@router.get(OBJECTION_URL)
def objection_page(request: Request, member: CurrentMember, db: SessionDep) -> Response:
    requests = services.requests_for(db, member.member_id)
    outcomes = services.request_outcomes(db, member.member_id)
    context = {"requests": requests, "outcomes": outcomes}
    return render(request, "objection.html", context, member=member, db=db)


@router.post(OBJECTION_URL, dependencies=[CsrfProtected])
def objection_file(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    kind: Annotated[Literal["objection", "restriction"], Form()],
    reason: Annotated[Text | None, Form(max_length=services.MAX_REASON)] = None,
) -> Response:
    with ctx.writing():
        filed = services.file_member_request(db, member.member_id, kind, reason, "form")
        db.commit()
    return redirect(request, f"/mypreferences/d/requests/{filed.request_id}")


@router.get("/mypreferences/d/requests/{request_id}")
def request_page(
    request: Request,
    request_id: Annotated[Text, Path(max_length=64)],
    member: CurrentMember,
    db: SessionDep,
) -> Response:
    filed = services.request_of(db, member.member_id, request_id)
    outcome = services.request_outcomes(db, member.member_id).get(filed.event_id or "")
    context = {"req": filed, "outcome": outcome}
    return render(request, "request.html", context, member=member, db=db)


@router.get(MYDATA_URL)
def my_data_page(request: Request, member: CurrentMember, db: SessionDep, ctx: Ctx) -> Response:
    report = data_report(db, ctx.ws, member)
    return render(request, "mydata.html", {"report": report}, member=member, db=db)


@router.get(MYDATA_URL + "/download")
def my_data_download(member: CurrentMember, db: SessionDep, ctx: Ctx) -> Response:
    report = data_report(db, ctx.ws, member)
    return JSONResponse(
        report.model_dump(mode="json"),
        headers={"Content-Disposition": f'attachment; filename="my-data-{member.member_id}.json"'},
    )


@router.get(CLOSE_URL)
def close_page(request: Request, member: CurrentMember, db: SessionDep) -> Response:
    return render(request, "close.html", {"error": None}, member=member, db=db)


@router.post(CLOSE_URL, dependencies=[CsrfProtected])
def close_account(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    after: BackgroundTasks,
    password: Annotated[Text, Form(max_length=1024)],
    confirm: Annotated[Text, Form(max_length=32)] = "",
) -> Response:
    try:
        if confirm.strip().upper() != "DELETE":
            raise InvalidInputError(N_("confirm: type DELETE to confirm"))
        address = client_ip(request)
        if not confirm_member_password(db, member.member_id, password, address, ctx.limiter):
            raise InvalidInputError(N_("password: this is not your password"))
    except InvalidInputError as exc:
        context = {"error": str(exc)}
        return render(request, "close.html", context, member=member, db=db, status_code=422)
    with ctx.writing():
        filed = services.file_member_request(db, member.member_id, "erasure", None, "web", ctx.ws)
        db.commit()
    after.add_task(services.finish_request, ctx.ws, filed)  # datasets rewritten, files scrubbed
    start_session(request)
    return redirect(request, "/goodbye")


@router.get(PASSWORD_URL)
def password_page(request: Request, member: CurrentMember, db: SessionDep) -> Response:
    return render(request, "password.html", {"error": None}, member=member, db=db)


@router.post(PASSWORD_URL, dependencies=[CsrfProtected])
def password_change(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    current_password: Annotated[Text, Form(max_length=1024)],
    new_password: Annotated[Text, Form(max_length=1024)],
) -> Response:
    """Change the password: every other session and API token of the member ends, and this
    browser gets a new session."""
    try:
        address = client_ip(request)
        if not confirm_member_password(
            db, member.member_id, current_password, address, ctx.limiter
        ):
            raise InvalidInputError(N_("current_password: this is not your password"))
        with ctx.writing():
            set_member_password(db, member.member_id, new_password)
            db.commit()
    except InvalidInputError as exc:
        db.rollback()
        context = {"error": str(exc)}
        return render(request, "password.html", context, member=member, db=db, status_code=422)
    sign_in(request, db, "member", member.member_id)
    return redirect(request, PASSWORD_URL + "?saved=1")


@router.get("/goodbye")
def goodbye(request: Request) -> Response:
    return render(request, "goodbye.html")
