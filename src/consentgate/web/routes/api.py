"""The JSON API for the mobile apps (/api/v1): bearer tokens, the setting, notices, requests."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.verify import verify_chain
from consentgate.policy.rules import choice_value
from consentgate.web import services
from consentgate.web.accounts import authenticate_member, authenticate_staff
from consentgate.web.artifacts import list_datasets, list_models
from consentgate.web.dashboard import pending_forgets
from consentgate.web.deps import (
    ApiDPO,
    ApiMember,
    ApiMemberId,
    AppContext,
    Ctx,
    SessionDep,
    sends_gpc,
)
from consentgate.web.forms import client_ip
from consentgate.web.report import data_report, request_out
from consentgate.web.schemas import (
    DataReport,
    DatasetOut,
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
    TokenIn,
    TokenOut,
    VerifyOut,
)
from consentgate.web.services import MemberRef

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, expired or invalid bearer token"},
    403: {"description": "Not allowed for this account"},
}
router = APIRouter(prefix="/api/v1", responses=ERRORS)
PolicyVersion = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


@router.post("/auth/token", tags=["auth"], responses={429: {"description": "Rate limited"}})
def issue_token(body: TokenIn, request: Request, db: SessionDep, ctx: Ctx) -> TokenOut:
    """Exchange a member's e-mail (or a staff username) and password for a bearer token."""
    limiter = request.app.state.limiter
    if body.email:
        member = authenticate_member(db, body.email, body.password, client_ip(request), limiter)
        token = ctx.signer.issue_token("member", member.member_id)
    else:
        staff = authenticate_staff(
            db, body.username or "", body.password, client_ip(request), limiter
        )
        token = ctx.signer.issue_token("staff", staff.username)
    return TokenOut(access_token=token, expires_in=ctx.settings.token_ttl_s)


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
    responses={503: {"description": "The ledger could not record the choice; retry"}},
)
async def put_setting(
    body: SettingIn, request: Request, member_id: ApiMemberId, ctx: Ctx
) -> SettingOut:
    """Record the member's choice (an `ai_training_setting` event in the ledger)."""
    # The mobile apps' busiest call. `async`: choices arriving together are written in one
    # ledger transaction (web.writer), answered once it is committed.
    if sends_gpc(request):  # rare: GPC and the choice in one transaction of their own
        member, event = await run_in_threadpool(_record_with_gpc, body, member_id, ctx)
    else:
        member, event = await ctx.choices.record(member_id, body.enabled, body.channel)
    return SettingOut(
        enabled=body.enabled,
        source="event",
        explanation=services.describe_choice(event),
        since=event.at,
        channel=event.channel,
        region=member.country,
        policy=ctx.policy.id,
    )


def _record_with_gpc(
    body: SettingIn, member_id: str, ctx: AppContext
) -> tuple[MemberRef, LedgerEvent]:
    with ctx.writing(), Session(ctx.ws.engine, expire_on_commit=False) as db:
        recorded = services.record_choice_with_gpc(
            db, member_id, body.enabled, body.channel, ctx.policy
        )
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


@router.post("/me/requests", tags=["member"], status_code=status.HTTP_201_CREATED)
def file_request(
    body: RequestIn, member: ApiMember, db: SessionDep, ctx: Ctx, after: BackgroundTasks
) -> RequestOut:
    """File an objection, a restriction or an erasure; the legal answer is due in one month."""
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
def dpo_verify(_dpo: ApiDPO, db: SessionDep) -> VerifyOut:
    """Re-check the consent ledger's hash chain (DPO only)."""
    report = verify_chain(db)
    return VerifyOut(
        ok=report.ok,
        count=report.count,
        first_bad_event_id=report.first_bad_event_id,
        problem=report.problem,
    )


@router.get("/dpo/datasets", tags=["dpo"])
def dpo_datasets(_dpo: ApiDPO, ctx: Ctx) -> list[DatasetOut]:
    """Dataset versions, newest first, with used and excluded-by-reason counts (DPO only)."""
    return [
        DatasetOut(
            version=d.version,
            created_at=d.created_at or None,
            policy=d.policy,
            used=d.included,
            excluded_by_reason=d.excluded,
        )
        for d in list_datasets(ctx.ws.datasets_dir)
    ]


@router.get("/dpo/models", tags=["dpo"])
def dpo_models(_dpo: ApiDPO, db: SessionDep, ctx: Ctx) -> ModelsOut:
    """Model versions, and members who withdrew after the latest one (DPO only)."""
    models = list_models(ctx.ws.models_dir)
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
