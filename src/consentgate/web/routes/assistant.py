""" "Write with AI": the page, and POST /api/v1/assistant/generate streaming server-sent events.

Members only: a bearer token (apps), or the page's session cookie with its CSRF token in the
`X-CSRF-Token` header. Each member may start `assistant_max_requests` generations per
`assistant_window_s`. Text reaches the browser only through assistant.stream's filter.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import Field

from consentgate.assistant.generate import output_redactor
from consentgate.assistant.prompts import prompt_use, record_prompt
from consentgate.assistant.stream import LoadedModel, StreamEvent, stream_generation
from consentgate.errors import ConflictError, ModelError
from consentgate.i18n import N_
from consentgate.training.ensemble import Ensemble
from consentgate.training.registry import latest_model
from consentgate.web.auth import bearer_hash
from consentgate.web.deps import (
    BearerCredentials,
    Ctx,
    CurrentMember,
    SessionDep,
    WebSession,
    get_api_member,
    get_current_member,
)
from consentgate.web.errors import CsrfError, RateLimitedError
from consentgate.web.rendering import render
from consentgate.web.schemas import Input
from consentgate.web.security import csrf_matches
from consentgate.workflows.services import MemberRef

router = APIRouter()
PAGE_URL = "/assistant"
KINDS = ("post", "headline", "summary", "message")
# The page's words follow the member's language; the start it suggests stays English, the
# language the models learn.
KIND_NAMES = {
    "post": N_("Post"),
    "headline": N_("Headline"),
    "summary": N_("Profile summary"),
    "message": N_("Message"),
}


class GenerateIn(Input):
    """What to write: a kind of content and its start."""

    kind: Literal["post", "headline", "summary", "message"] = "post"
    prompt: str = Field(min_length=1, max_length=500, examples=["Proud of our team"])
    max_tokens: int = Field(default=60, ge=1, le=200)
    temperature: float = Field(default=0.8, ge=0.0, le=2.0)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class AssistantRateLimited(RateLimitedError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.args = (f"too many generations: retry in {retry_after} s",)


class GenerationLimiter:
    """A sliding window of generation starts per member (in memory, per process)."""

    def __init__(self, max_requests: int, window_s: int) -> None:
        self.max_requests, self.window_s = max_requests, window_s
        self._starts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, member_id: str) -> None:
        now = time.monotonic()
        with self._lock:
            starts = self._starts.setdefault(member_id, deque())
            while starts and starts[0] <= now - self.window_s:
                starts.popleft()
            if len(starts) >= self.max_requests:
                raise AssistantRateLimited(int(starts[0] + self.window_s - now) + 1)
            starts.append(now)


class _State:
    """Per app: the limiter and the loaded current model."""

    def __init__(self, limiter: GenerationLimiter) -> None:
        self.limiter = limiter
        self.model: LoadedModel | None = None
        self.lock = threading.Lock()


def _state(request: Request, ctx: Ctx) -> _State:
    state = getattr(request.app.state, "assistant", None)
    if state is None:
        limits = ctx.settings.assistant_max_requests, ctx.settings.assistant_window_s
        state = request.app.state.assistant = _State(GenerationLimiter(*limits))
    assert isinstance(state, _State)
    return state


def _current_model(state: _State, ctx: Ctx) -> LoadedModel:
    """The newest model version, loaded once (again when a newer one appears)."""
    try:
        info = latest_model(ctx.ws)
    except ModelError:
        raise ConflictError(
            "no model has been trained yet: the assistant is not available"
        ) from None
    with state.lock:
        if state.model is None or state.model.info.version != info.version:
            state.model = LoadedModel(info, Ensemble.load(info))
        return state.model


def member_of_request(
    request: Request, creds: BearerCredentials, web: WebSession, db: SessionDep, ctx: Ctx
) -> MemberRef:
    """A bearer token's member, or the session's with the CSRF token in a header."""
    if creds is not None:
        return get_api_member(request, bearer_hash(creds.credentials), db, ctx)
    member = get_current_member(request, web, db, ctx)
    if not csrf_matches(web, request.headers.get("x-csrf-token")):
        raise CsrfError()
    return member


AssistantMember = Annotated[MemberRef, Depends(member_of_request)]


@router.get(PAGE_URL, include_in_schema=False)
def page(request: Request, member: CurrentMember, db: SessionDep, ctx: Ctx) -> Response:
    use = prompt_use(db, member.member_id, ctx.policy, dt.datetime.now(dt.UTC))
    context = {
        "kinds": KINDS,
        "kind_names": KIND_NAMES,
        "prompt_note": use.sentence(),
        "recorded": use.recorded,
    }
    return render(request, "assistant.html", context, member=member, db=db)


@router.post(
    "/api/v1/assistant/generate",
    tags=["assistant"],
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "text, replace, done"},
        401: {"description": "Not signed in"},
        409: {"description": "No model trained yet"},
        429: {"description": "Too many generations"},
    },
)
async def generate(
    body: GenerateIn, request: Request, member: AssistantMember, db: SessionDep, ctx: Ctx
) -> StreamingResponse:
    """Write with the current model: server-sent events `text` (redacted text to append),
    `replace` (the whole text, when redaction rewrote some already sent) and `done` (the
    provenance line and timings). The prompt is kept as `ai_prompt` content only if the
    member's data may be used for AI training now."""
    state = _state(request, ctx)
    state.limiter.take(member.member_id)
    model = await run_in_threadpool(_current_model, state, ctx)
    recorded = await run_in_threadpool(_record, db, ctx, member, body.prompt)
    redactor = output_redactor(ctx.ws)

    def redact(text: str) -> str:
        return str(redactor.redact(text).text)

    events = stream_generation(
        model, redact, body.kind, body.prompt, body.max_tokens, body.temperature, body.seed
    )
    return StreamingResponse(
        _sse(events, recorded),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _record(db: SessionDep, ctx: Ctx, member: MemberRef, prompt: str) -> bool:
    now = dt.datetime.now(dt.UTC)
    use = prompt_use(db, member.member_id, ctx.policy, now)
    if use.recorded:
        with ctx.writing():
            record_prompt(db, member.member_id, prompt, now)
            db.commit()
    else:
        db.commit()  # ends the read
    return use.recorded


def _sse(events: Iterator[StreamEvent], recorded: bool) -> Iterator[str]:
    for event in events:
        data = dict(event.data)
        if event.event == "done":
            data["prompt_recorded"] = recorded
        yield f"event: {event.event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
