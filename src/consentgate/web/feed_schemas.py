"""The consent feed's API models: client credentials, feed entries and pages, webhooks."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from consentgate.models.feed import CHANGE_KINDS
from consentgate.web.schemas import Input


class ClientTokenIn(Input):
    """OAuth 2.0 client credentials (RFC 6749, 4.4) as JSON."""

    grant_type: Literal["client_credentials"] = "client_credentials"
    client_id: str = Field(min_length=1, max_length=64)
    client_secret: str = Field(min_length=1, max_length=128)


class ClientTokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    scope: Literal["consent-feed"] = "consent-feed"


class FeedEntryOut(BaseModel):
    """One change: the member id and nothing else about the member."""

    cursor: str = Field(description="Resume after this entry with ?after=<cursor>")
    member_id: str
    kind: str = Field(description=f"One of: {', '.join(CHANGE_KINDS)}")
    may_train: bool = Field(description="Whether the member's data may train AI now")
    since: dt.datetime | None = Field(description="Since when that holds (None: always)")
    reason: str | None = Field(description="The exclusion code when it may not, else None")
    policy: str = Field(description="The server's default policy the answer is under")
    ledger_seq: int | None = Field(description="The ledger event's sequence (None: no event)")
    event_id: str | None = Field(description="The ledger event's id (None: no event)")
    at: dt.datetime = Field(description="When the change was recorded")


class FeedPageOut(BaseModel):
    entries: list[FeedEntryOut]
    next_cursor: str = Field(description="Pass as ?after= for the next page")


class ClientIn(Input):
    name: str = Field(min_length=1, max_length=200)


class ClientOut(BaseModel):
    client_id: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ClientCreatedOut(ClientOut):
    client_secret: str = Field(description="Shown once; only its hash is kept")


class WebhookIn(Input):
    url: str = Field(min_length=1, max_length=2000)
    kinds: list[str] = Field(default_factory=lambda: list(CHANGE_KINDS), max_length=32)


class WebhookOut(BaseModel):
    webhook_id: str
    url: str
    kinds: list[str]
    created_at: dt.datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="Standard Webhooks signing secret (whsec_...), shown once")


class DeadLetterOut(BaseModel):
    delivery_id: int
    webhook_id: str
    cursor: str
    member_id: str
    attempts: int
    last_error: str | None
