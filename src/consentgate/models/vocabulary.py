"""The enumerations of the data model, each written once; every list of them derives from here.

Each is a `Literal` type (what pydantic and mypy check against) and the tuple of its values
(what the code iterates over and the error messages list), in the interchange's order.
"""

from __future__ import annotations

from typing import Literal, get_args

ContentKind = Literal[
    "post",
    "article",
    "comment",
    "group_post",
    "recruiter_message",
    "private_message",
    "ai_prompt",
    "feedback",
    "salary",
]
Visibility = Literal["public", "connections", "group_public", "group_private", "private"]
EventType = Literal[
    "ai_training_setting",
    "notice_delivered",
    "notice_response",
    "objection",
    "restriction",
    "erasure",
    # The DPO's actions (value: a canonical JSON text naming the actor, ledger/actions.py).
    "request_closed",
    "forgetting_started",
]
# `dpo`: done by the data protection officer on the dashboard.
Channel = Literal["web", "ios", "android", "api", "gpc", "form", "import", "dpo"]
RequestKind = Literal["objection", "restriction", "erasure"]

CONTENT_KINDS: tuple[ContentKind, ...] = get_args(ContentKind)
VISIBILITIES: tuple[Visibility, ...] = get_args(Visibility)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
REQUEST_KINDS: tuple[RequestKind, ...] = get_args(RequestKind)
