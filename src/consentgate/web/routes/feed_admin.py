"""The DPO board's consent-feed page: feed clients (create, revoke), webhooks (register),
the dead-letter list and its replay."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from consentgate.errors import InvalidInputError
from consentgate.models import ConsentOutbox, Webhook, WebhookDelivery
from consentgate.models.feed import CHANGE_KINDS
from consentgate.network.clients import create_client, list_clients, revoke_client
from consentgate.web.deps import Ctx, CurrentDPO, SessionDep
from consentgate.web.forms import CsrfProtected
from consentgate.web.rendering import redirect, render
from consentgate.web.schemas import Text
from consentgate.workflows.webhooks import dead_letters, register_webhook, replay

router = APIRouter(prefix="/dpo/feed", include_in_schema=False)
FEED_URL = "/dpo/feed"


def _board(request: Request, db: SessionDep, extra: dict[str, object] | None = None) -> Response:
    rows = db.execute(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status))
    counts = {str(status): int(n) for status, n in rows}
    context = {
        "clients": list_clients(db),
        "webhooks": list(db.scalars(select(Webhook).order_by(Webhook.created_at))),
        "dead": dead_letters(db),
        "counts": counts,
        "entries": db.scalar(select(func.count()).select_from(ConsentOutbox)) or 0,
        "kinds": CHANGE_KINDS,
        "error": None,
        "created": None,
        **(extra or {}),
    }
    return render(request, "dpo/feed.html", context)


@router.get("")
def feed_board(request: Request, dpo: CurrentDPO, db: SessionDep) -> Response:
    return _board(request, db)


@router.post("/clients", dependencies=[CsrfProtected])
def add_client(
    request: Request,
    dpo: CurrentDPO,
    db: SessionDep,
    ctx: Ctx,
    name: Annotated[Text, Form(min_length=1, max_length=200)],
) -> Response:
    with ctx.writing():
        client_id, secret = create_client(db, name, dpo.username)
        db.commit()
    created = {"what": "client", "id": client_id, "secret": secret}
    return _board(request, db, {"created": created})


@router.post("/clients/{client_id}/revoke", dependencies=[CsrfProtected])
def revoke(
    request: Request,
    dpo: CurrentDPO,
    db: SessionDep,
    ctx: Ctx,
    client_id: Annotated[Text, Path(max_length=64)],
) -> Response:
    with ctx.writing():
        revoke_client(db, client_id)
        db.commit()
    return redirect(request, FEED_URL)


@router.post("/webhooks", dependencies=[CsrfProtected])
def add_webhook(
    request: Request,
    dpo: CurrentDPO,
    db: SessionDep,
    ctx: Ctx,
    url: Annotated[Text, Form(min_length=1, max_length=2000)],
    kinds: Annotated[list[Text] | None, Form(max_length=32)] = None,
) -> Response:
    try:
        with ctx.writing():
            hook, secret = register_webhook(
                db, url, kinds or list(CHANGE_KINDS), ctx.ws.settings.feed.allow_networks
            )
            db.commit()
    except InvalidInputError as exc:
        db.rollback()
        return _board(request, db, {"error": str(exc)})
    created = {"what": "webhook", "id": hook.webhook_id, "secret": secret}
    return _board(request, db, {"created": created})


@router.post("/dead-letters/{delivery_id}/replay", dependencies=[CsrfProtected])
def replay_dead(
    request: Request,
    dpo: CurrentDPO,
    db: SessionDep,
    ctx: Ctx,
    delivery_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
) -> Response:
    with ctx.writing():
        replay(db, delivery_id)
        db.commit()
    return redirect(request, FEED_URL)
