"""Public pages (`/in/<public id>`, a page per public post) and the site-wide AI opt-out
files (`/robots.txt`, `/.well-known/tdmrep.json`, the TDM policy), decided at each request
from the ledger under the server's default policy: a change of setting shows at the next
request. web/signals.py says which signal follows which standard.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from consentgate.ledger.ai_use import ai_use, reserved_adults
from consentgate.network.public import (
    PublicProfileView,
    member_of_public_id,
    public_ids,
    public_post,
    public_posts,
    public_url,
)
from consentgate.web.deps import Ctx, SessionDep
from consentgate.web.errors import NotFoundError
from consentgate.web.rendering import render
from consentgate.web.signals import POLICY_PATH, PageSignals, robots_txt, tdm_policy, tdmrep_json
from consentgate.workflows.services import now_utc

router = APIRouter(include_in_schema=False)
PublicId = Annotated[str, Path(max_length=64)]
RecordId = Annotated[str, Path(max_length=64)]
NO_PAGE = "This page does not exist."


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _profile(db: Session, public_id: str) -> PublicProfileView:
    profile = member_of_public_id(db, public_id)
    if profile is None:
        raise NotFoundError(NO_PAGE)
    return profile


def _signals(db: Session, ctx: Ctx, member_id: str) -> PageSignals:
    use = ai_use(db, member_id, ctx.policy, now_utc())
    return PageSignals(reserved=not use.may_train, minor=not use.adult)


def _page(
    request: Request, template: str, signals: PageSignals, context: dict[str, object]
) -> Response:
    base = _base(request)
    context = {"signals": signals, "tdm_policy": base + POLICY_PATH, **context}
    response = render(request, template, context)
    response.headers.update(signals.headers(base))
    return response


@router.get("/in/{public_id}")
def public_profile(request: Request, db: SessionDep, ctx: Ctx, public_id: PublicId) -> Response:
    profile = _profile(db, public_id)
    signals = _signals(db, ctx, profile.member_id)
    posts = public_posts(db, profile.member_id)
    return _page(request, "public/profile.html", signals, {"profile": profile, "posts": posts})


@router.get("/in/{public_id}/posts/{record_id}")
def public_post_page(
    request: Request, db: SessionDep, ctx: Ctx, public_id: PublicId, record_id: RecordId
) -> Response:
    profile = _profile(db, public_id)
    post = public_post(db, profile.member_id, record_id)
    if post is None:
        raise NotFoundError(NO_PAGE)
    signals = _signals(db, ctx, profile.member_id)
    return _page(request, "public/post.html", signals, {"profile": profile, "post": post})


def _reserved_paths(db: Session, ctx: Ctx) -> list[str]:
    """The public paths of adults whose data may not train AI now, by public id."""
    members = reserved_adults(db, ctx.policy, now_utc())
    with ctx.writing():
        ids = public_ids(db, members)
        db.commit()
    return sorted(public_url(ids[m]) for m in members if m in ids)


@router.get("/robots.txt")
def robots(db: SessionDep, ctx: Ctx) -> Response:
    text, _ = robots_txt(_reserved_paths(db, ctx))
    return Response(text, media_type="text/plain; charset=utf-8")


@router.get("/.well-known/tdmrep.json")
def tdmrep(request: Request, db: SessionDep, ctx: Ctx) -> Response:
    body = tdmrep_json(_reserved_paths(db, ctx), _base(request))
    return Response(body, media_type="application/json")


@router.get(POLICY_PATH)
def policy(request: Request) -> Response:
    return Response(tdm_policy(_base(request)), media_type="application/ld+json")
