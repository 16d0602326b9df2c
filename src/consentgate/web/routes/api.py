"""The JSON API for the mobile apps (/api/v1): bearer tokens, the setting, notices, requests."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.network.sessions import Kind, issue, revoke_account_sessions
from consentgate.policy.rules import choice_value
from consentgate.web.accounts import (
    authenticate_member,
    authenticate_staff,
    confirm_member_password,
)
from consentgate.web.dashboard import (
    ledger_verdict,
    newest_datasets,
    newest_models,
    pending_forgets,
)
from consentgate.web.deps import (
    ApiAccount,
    ApiDPO,
    ApiMember,
    ApiToken,
    AppContext,
    Ctx,
    SessionDep,
    sends_gpc,
)
from consentgate.web.errors import ForbiddenError
from consentgate.web.forms import client_ip
from consentgate.web.report import data_report, request_out
from consentgate.web.schemas import (
    DataReport,
    DatasetOut,
    FindingOut,
    HistoryItem,
    ModelOut,
    ModelsOut,
    NoticeOut,
    NoticeResponseIn,
    PendingForgetOut,
    RequestIn,
    RequestOut,
    SettingDetailOut,
    SettingIn,
    SettingOut,
    Text,
    TokenIn,
    TokenOut,
    VerifyOut,
)
from consentgate.web.writer import record_with_gpc
from consentgate.workflows import services
from consentgate.workflows.services import MemberRef

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, expired or invalid bearer token"},
    403: {"description": "Not allowed for this account"},
}
router = APIRouter(prefix="/api/v1", responses=ERRORS)
PolicyVersion = Annotated[Text, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


@router.post(
    "/auth/token",
    tags=["auth"],
    responses={
        413: {"description": "Request body too large"},
        429: {"description": "Too many sign-in attempts for this account or address"},
    },
)
def issue_token(body: TokenIn, request: Request, db: SessionDep, ctx: Ctx) -> TokenOut:
    """Exchange a member's e-mail (or a staff username) and password for a bearer token.

    The token lives `expires_in` seconds, until sign-out (here or on the website), a
    password change or the account's erasure, whichever comes first.
    """
    address = client_ip(request)
    kind: Kind
    if body.email:
        subject = authenticate_member(db, body.email, body.password, address, ctx.limiter).member_id
        kind = "member"
    else:
        staff = authenticate_staff(db, body.username or "", body.password, address, ctx.limiter)
        subject, kind = staff.username, "staff"
    with ctx.writing():
        token = issue(db, "bearer", kind, subject, ctx.settings.token_ttl_s)
        db.commit()
    return TokenOut(access_token=token, expires_in=ctx.settings.token_ttl_s)


@router.delete("/auth/token", tags=["auth"], status_code=status.HTTP_204_NO_CONTENT)
def revoke_tokens(account: ApiAccount, db: SessionDep, ctx: Ctx) -> None:
    """Sign out everywhere: this token and every other token and session of the account."""
    with ctx.writing():
        revoke_account_sessions(db, account.kind, account.subject)
        db.commit()


@router.get("/me/ai-training-setting", tags=["member"])
def get_setting(member: ApiMember, db: SessionDep, ctx: Ctx) -> SettingDetailOut:
    """The setting 'Use my data for training content creation AI models', explained."""
    view = services.setting_view(db, member, ctx.policy)
    return SettingDetailOut(
        enabled=view.enabled,
        source=view.source,  # type: ignore[arg-type]
        explanation=view.explanation,
        since=view.since,
        channel=view.channel,
        region=view.region,
        policy=view.policy_id,
        minor=view.minor,
        covered=view.covered,
        never_used=view.never_used,
        history=[
            HistoryItem(at=e.at, type=e.type, enabled=bool(choice_value(e)), channel=e.channel)
            for e in view.history
        ],
    )


@router.put(
    "/me/ai-training-setting",
    tags=["member"],
    responses={
        403: {"description": "A staff token, or a member under 18 turning training on"},
        503: {"description": "The ledger could not record the choice; retry"},
    },
)
async def put_setting(body: SettingIn, request: Request, token: ApiToken, ctx: Ctx) -> SettingOut:
    """Record the member's choice (an `ai_training_setting` event in the ledger).

    Members under 18 may turn it off, never on (403, nothing recorded).
    """
    # The mobile apps' busiest call. `async`: choices arriving together are written in one
    # ledger transaction (web.writer), tokens checked in it, answered once it is committed.
    if sends_gpc(request):  # rare: GPC and the choice in one transaction of their own
        member, event = await run_in_threadpool(_record_with_gpc, body, token, ctx)
    else:
        member, event = await ctx.choices.record(token, body.enabled, body.channel)
    return SettingOut(
        enabled=body.enabled,
        source="event",
        explanation=services.describe_choice(event),
        since=event.at,
        channel=event.channel,
        region=member.country,
        policy=ctx.policy.id,
        minor=services.is_minor(member, event.at),
    )


def _record_with_gpc(body: SettingIn, token: str, ctx: AppContext) -> tuple[MemberRef, LedgerEvent]:
    with ctx.writing(), Session(ctx.ws.engine, expire_on_commit=False) as db:
        recorded = record_with_gpc(db, token, body.enabled, body.channel, ctx.policy)
        db.commit()
    return recorded


@router.get("/me/notices", tags=["member"])
def list_notices(member: ApiMember, db: SessionDep) -> list[NoticeOut]:
    """Policy notices delivered to the member, newest first."""
    return [
        NoticeOut.model_validate(n, from_attributes=True)
        for n in services.notices_for(db, member.member_id)
    ]


@router.post(
    "/me/notices/{policy_version}/response",
    tags=["member"],
    responses={404: {"description": "No such notice was delivered to this member"}},
)
def answer_notice(
    policy_version: PolicyVersion,
    body: NoticeResponseIn,
    member: ApiMember,
    db: SessionDep,
    ctx: Ctx,
) -> NoticeOut:
    """Accept or refuse a delivered policy notice (a `notice_response` event)."""
    with ctx.writing():
        notice = services.answer_notice(
            db, member.member_id, policy_version, body.response == "accept", "api"
        )
        db.commit()
    return NoticeOut.model_validate(notice, from_attributes=True)


@router.post(
    "/me/requests",
    tags=["member"],
    status_code=status.HTTP_201_CREATED,
    responses={
        403: {"description": "Erasure: not the member's password"},
        429: {"description": "Too many password attempts for this account or address"},
    },
)
def file_request(
    body: RequestIn,
    request: Request,
    member: ApiMember,
    db: SessionDep,
    ctx: Ctx,
    after: BackgroundTasks,
) -> RequestOut:
    """File an objection, a restriction or an erasure; the legal answer is due in one month.

    An erasure needs the member's `password` (as the close-account page does), checked
    within the sign-in limits; it ends every session and token of the member.
    """
    if body.kind == "erasure" and not confirm_member_password(
        db, member.member_id, body.password or "", client_ip(request), ctx.limiter
    ):
        raise ForbiddenError("password: this is not your password")
    with ctx.writing():
        filed = services.file_member_request(
            db, member.member_id, body.kind, body.reason, "api", ctx.ws
        )
        db.commit()
    after.add_task(services.finish_request, ctx.ws, filed)  # an erasure's datasets and files
    return request_out(filed)


@router.get("/me/requests", tags=["member"])
def my_requests(member: ApiMember, db: SessionDep) -> list[RequestOut]:
    return [request_out(r) for r in services.requests_for(db, member.member_id)]


@router.get("/me/data-report", tags=["member"])
def my_data_report(member: ApiMember, db: SessionDep, ctx: Ctx) -> DataReport:
    """Which dataset and model versions hold the member's data, receipts, requests, events."""
    return data_report(db, ctx.ws, member)


@router.get("/dpo/requests", tags=["dpo"])
def dpo_requests(
    _dpo: ApiDPO, db: SessionDep, overdue: Annotated[bool, Query()] = False
) -> list[RequestOut]:
    """Open member requests with their due dates (DPO only)."""
    rows = [request_out(r) for r in services.open_requests(db)]
    return [r for r in rows if r.overdue] if overdue else rows


@router.get("/dpo/ledger/verify", tags=["dpo"])
def dpo_verify(_dpo: ApiDPO, db: SessionDep, ctx: Ctx) -> VerifyOut:
    """Re-check the consent ledger: its events, Merkle tree and every signed head (DPO only).

    The same verdict as `consentgate ledger verify`: each finding named, never an error.
    """
    report = ledger_verdict(db, ctx.ws)
    return VerifyOut(
        ok=report.ok,
        count=report.count,
        first_bad_event_id=report.first_bad_event_id,
        problem=report.problem,
        tree_size=report.tree_size,
        root_hash=report.root_hash,
        key_id=report.key_id,
        heads_checked=report.heads_checked,
        findings=[FindingOut(**f.to_dict()) for f in report.findings],
    )


@router.get("/dpo/datasets", tags=["dpo"])
def dpo_datasets(_dpo: ApiDPO, ctx: Ctx) -> list[DatasetOut]:
    """Dataset versions, newest first, with used and excluded-by-reason counts (DPO only)."""
    return [
        DatasetOut(
            version=d.version,
            created_at=d.created_at or None,
            policy=d.policy,
            used=d.used,
            excluded_by_reason=d.excluded_by_reason,
        )
        for d in newest_datasets(ctx.ws)
    ]


@router.get("/dpo/models", tags=["dpo"])
def dpo_models(_dpo: ApiDPO, db: SessionDep, ctx: Ctx) -> ModelsOut:
    """Model versions, and members who withdrew after the latest one (DPO only)."""
    models = newest_models(ctx.ws)
    pending = pending_forgets(db, models[0] if models else None)
    return ModelsOut(
        models=[
            ModelOut(
                version=m.version,
                created_at=m.created_at or None,
                dataset_version=m.dataset_version,
            )
            for m in models
        ],
        pending_forgets=[
            PendingForgetOut(member_id=p.member_id, since=p.since, reason=p.reason) for p in pending
        ],
    )
