"""The consent feed's API: client-credentials tokens, the pull feed, and the DPO's clients,
webhooks and dead letters (workflows/feed.py and workflows/webhooks.py do the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import select

from consentgate.models import FeedClient, Webhook
from consentgate.network.clients import (
    client_of_token,
    create_client,
    issue_client_token,
    list_clients,
    revoke_client,
)
from consentgate.network.sessions import utc
from consentgate.web.auth import holders
from consentgate.web.deps import ApiDPO, ApiToken, Ctx, SessionDep
from consentgate.web.errors import ForbiddenError, InvalidInputError, NotAuthenticatedError
from consentgate.web.feed_schemas import (
    ClientCreatedOut,
    ClientIn,
    ClientOut,
    ClientTokenIn,
    ClientTokenOut,
    DeadLetterOut,
    FeedEntryOut,
    FeedPageOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
)
from consentgate.workflows.feed import read_feed, resolve_pending
from consentgate.workflows.services import now_utc
from consentgate.workflows.webhooks import dead_letters, register_webhook, replay

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"description": "Missing, expired, revoked or invalid token or credentials"},
    403: {"description": "A token without this scope or role"},
    413: {"description": "Request body too large"},
}
NOT_FOUND: dict[int | str, dict[str, object]] = {404: {"description": "No such item"}}
router = APIRouter(prefix="/api/v1", responses=ERRORS)
Cursor = Annotated[str, Query(max_length=18, pattern=r"^[0-9]+$", description="A cursor")]
Limit = Annotated[int, Query(ge=1, le=1000)]


def get_feed_client(token: ApiToken, db: SessionDep) -> str:
    """The client a feed token belongs to; a member's or staff token is refused (403)."""
    now = now_utc()
    client = client_of_token(db, token, now)
    if client is not None:
        return client
    if holders(db, [token], "bearer", now):
        raise ForbiddenError("this token is not scoped to the consent feed")
    raise NotAuthenticatedError("the access token is not valid: POST /api/v1/auth/client-token")


FeedClientId = Annotated[str, Depends(get_feed_client)]


@router.post("/auth/client-token", tags=["consent feed"])
def client_token(body: ClientTokenIn, db: SessionDep, ctx: Ctx) -> ClientTokenOut:
    """Exchange a feed client's credentials (made by the DPO) for a bearer token scoped to
    the consent feed; it ends when it expires or the DPO revokes the client."""
    ttl = ctx.ws.settings.feed.client_token_ttl_s
    with ctx.writing():
        token = issue_client_token(db, body.client_id, body.client_secret, ttl)
        db.commit()
    if token is None:
        raise NotAuthenticatedError("unknown or revoked client, or a wrong secret")
    return ClientTokenOut(access_token=token, expires_in=ttl)


@router.get("/consent-changes", tags=["consent feed"])
def consent_changes(
    client: FeedClientId, db: SessionDep, ctx: Ctx, after: Cursor = "0", limit: Limit = 100
) -> FeedPageOut:
    """Changes of members' AI-training answer in order, after the cursor `after` (0: from
    the start). Each names the member by id only; pass `next_cursor` as `after` next time:
    the cursor is stable, a page never skips an entry."""
    with ctx.writing():
        resolve_pending(db, ctx.policy, limit)
        db.commit()
    page = read_feed(db, int(after), limit)
    entries = [FeedEntryOut(**entry.to_json()) for entry in page.entries]  # type: ignore[arg-type]
    return FeedPageOut(entries=entries, next_cursor=page.next_cursor)


def _client_out(client: FeedClient) -> ClientOut:
    return ClientOut(
        client_id=client.client_id,
        name=client.name,
        created_at=utc(client.created_at),
        revoked_at=utc(client.revoked_at) if client.revoked_at else None,
    )


@router.post("/dpo/feed/clients", tags=["dpo"], status_code=status.HTTP_201_CREATED)
def new_client(body: ClientIn, dpo: ApiDPO, db: SessionDep, ctx: Ctx) -> ClientCreatedOut:
    """A new feed client; its secret is in this answer only."""
    with ctx.writing():
        client_id, secret = create_client(db, body.name, dpo.username)
        db.commit()
    client = db.get(FeedClient, client_id)
    assert client is not None
    return ClientCreatedOut(**_client_out(client).model_dump(), client_secret=secret)


@router.get("/dpo/feed/clients", tags=["dpo"])
def clients(dpo: ApiDPO, db: SessionDep) -> list[ClientOut]:
    return [_client_out(c) for c in list_clients(db)]


@router.delete(
    "/dpo/feed/clients/{client_id}",
    tags=["dpo"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
)
def revoke(
    client_id: Annotated[str, Path(max_length=64)], dpo: ApiDPO, db: SessionDep, ctx: Ctx
) -> None:
    """Revoke a client: its tokens stop working at once."""
    with ctx.writing():
        revoke_client(db, client_id)
        db.commit()


def _webhook_out(hook: Webhook) -> WebhookOut:
    return WebhookOut(
        webhook_id=hook.webhook_id, url=hook.url, kinds=hook.kinds, created_at=utc(hook.created_at)
    )


@router.post("/dpo/feed/webhooks", tags=["dpo"], status_code=status.HTTP_201_CREATED)
def new_webhook(body: WebhookIn, dpo: ApiDPO, db: SessionDep, ctx: Ctx) -> WebhookCreatedOut:
    """Register a webhook for the given change kinds; the URL must pass the allow-list (no
    private or loopback address unless configured). The signing secret is in this answer."""
    allow = ctx.ws.settings.feed.allow_networks
    try:
        with ctx.writing():
            hook, secret = register_webhook(db, body.url, body.kinds, allow)
            db.commit()
    except InvalidInputError as exc:  # a 422 of the same shape as FastAPI's field errors
        field = "kinds" if str(exc).startswith("kinds") else "url"
        problem = {"type": "value_error", "loc": ("body", field), "msg": str(exc)}
        raise RequestValidationError([problem]) from None
    return WebhookCreatedOut(**_webhook_out(hook).model_dump(), secret=secret)


@router.get("/dpo/feed/webhooks", tags=["dpo"])
def webhooks(dpo: ApiDPO, db: SessionDep) -> list[WebhookOut]:
    return [_webhook_out(h) for h in db.scalars(select(Webhook).order_by(Webhook.created_at))]


@router.get("/dpo/feed/dead-letters", tags=["dpo"])
def dead_letter_list(dpo: ApiDPO, db: SessionDep) -> list[DeadLetterOut]:
    """Deliveries that failed every try."""
    return [
        DeadLetterOut(
            delivery_id=d.id,
            webhook_id=d.webhook_id,
            cursor=str(d.outbox_id),
            member_id=d.member_id,
            attempts=d.attempts,
            last_error=d.last_error,
        )
        for d in dead_letters(db)
    ]


@router.post(
    "/dpo/feed/dead-letters/{delivery_id}/replay",
    tags=["dpo"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=NOT_FOUND,
)
def replay_dead_letter(
    delivery_id: Annotated[int, Path(ge=1, le=2**63 - 1)], dpo: ApiDPO, db: SessionDep, ctx: Ctx
) -> None:
    """Queue a dead letter again (the worker sends it with the same webhook-id)."""
    with ctx.writing():
        replay(db, delivery_id)
        db.commit()
