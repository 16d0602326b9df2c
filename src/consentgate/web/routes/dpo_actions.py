"""What the DPO does from the dashboard: close a request with its outcome, start forgetting
the pending withdrawals and follow it, download the evidence pack. Each action is recorded
in the ledger with the DPO's username (ledger/actions.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from consentgate.ledger.actions import close_with_outcome
from consentgate.web.dashboard import newest_models, pending_forgets
from consentgate.web.deps import Ctx, CurrentDPO, SessionDep
from consentgate.web.forms import CsrfProtected
from consentgate.web.rendering import redirect, render
from consentgate.web.schemas import Text
from consentgate.workflows.dpo import evidence_pack, read_progress, start_forgetting
from consentgate.workflows.services import now_utc

router = APIRouter(prefix="/dpo", include_in_schema=False)


@router.post("/requests/{request_id}/close", dependencies=[CsrfProtected])
def close_request_page(
    request: Request,
    request_id: Annotated[Text, Path(max_length=64)],
    dpo: CurrentDPO,
    db: SessionDep,
    ctx: Ctx,
    outcome: Annotated[Literal["granted", "refused"], Form()],
    reason: Annotated[Text | None, Form(max_length=2000)] = None,
) -> Response:
    with ctx.writing():
        close_with_outcome(db, request_id, outcome, dpo.username, reason)
        db.commit()
    return redirect(request, f"/dpo?closed={request_id}#requests")


@router.post("/forget", dependencies=[CsrfProtected])
def forget_start(request: Request, dpo: CurrentDPO, db: SessionDep, ctx: Ctx) -> Response:
    models = newest_models(ctx.ws)
    pending = pending_forgets(db, models[0] if models else None)
    db.commit()
    with ctx.writing():
        start_forgetting(
            ctx.ws, [p.member_id for p in pending], dpo.username,
            models[0].version if models else None,
        )  # fmt: skip
    return redirect(request, "/dpo/forget")


@router.get("/forget")
def forget_progress(request: Request, dpo: CurrentDPO, ctx: Ctx) -> Response:
    progress = read_progress(ctx.ws)
    return render(request, "dpo/forget.html", {"progress": progress, "staff": dpo})


@router.get("/evidence.zip")
def evidence(dpo: CurrentDPO, ctx: Ctx) -> Response:
    now = now_utc()
    data = evidence_pack(ctx.ws, now)
    name = f"evidence-pack-{now:%Y%m%dT%H%M%SZ}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
