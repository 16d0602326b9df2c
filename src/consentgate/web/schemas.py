"""API input and output models: inputs forbid unknown fields, outputs never carry a secret."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TokenIn(Input):
    """Members sign in with `email`, staff with `username`; exactly one of the two."""

    email: str | None = Field(default=None, max_length=320, examples=["lea@example.fr"])
    username: str | None = Field(default=None, max_length=64)
    password: str = Field(min_length=1, max_length=1024)

    @model_validator(mode="after")
    def _one_login(self) -> TokenIn:
        if bool(self.email) == bool(self.username):
            raise ValueError("give exactly one of email (members) or username (staff)")
        return self


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class SettingIn(Input):
    enabled: bool
    channel: Literal["api", "ios", "android"] = "api"


class SettingOut(BaseModel):
    enabled: bool
    source: Literal["event", "default", "none"]
    explanation: str
    since: dt.datetime | None
    channel: str | None
    region: str
    policy: str
    minor: bool = False


class HistoryItem(BaseModel):
    at: dt.datetime
    type: str
    enabled: bool
    channel: str


class SettingDetailOut(SettingOut):
    covered: list[str]
    never_used: list[str]
    history: list[HistoryItem]


class NoticeOut(BaseModel):
    policy_version: str
    delivered_at: dt.datetime
    status: Literal["pending", "accepted", "refused"]
    responded_at: dt.datetime | None = None


class NoticeResponseIn(Input):
    response: Literal["accept", "refuse"]


class RequestIn(Input):
    kind: Literal["objection", "restriction", "erasure"]
    reason: str | None = Field(default=None, max_length=2000)


class RequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    request_id: str
    member_id: str
    kind: str
    reason: str | None
    status: str
    received_at: dt.datetime
    due_at: dt.datetime
    closed_at: dt.datetime | None = None
    overdue: bool = False


class DatasetUse(BaseModel):
    version: str
    created_at: str | None = None
    policy: str | None = None
    records: int
    kinds: dict[str, int]
    models: list[str] = []
    forgotten_in: str | None = Field(
        default=None, description="The dataset version built without you after you withdrew"
    )


class ReceiptOut(BaseModel):
    receipt_id: str
    created_at: dt.datetime
    payload: dict[str, Any]


class ConsentEventOut(BaseModel):
    at: dt.datetime
    type: str
    value: bool | str | None
    channel: str
    policy_version: str | None = None


class DataReport(BaseModel):
    """What of a member's data the network holds, and which datasets and models hold it."""

    member_id: str
    name: str
    country: str
    generated_at: dt.datetime
    records_by_kind: dict[str, int]
    datasets: list[DatasetUse]
    receipts: list[ReceiptOut]
    requests: list[RequestOut]
    consent_events: list[ConsentEventOut]


class FindingOut(BaseModel):
    """One finding of the ledger's verification (see ledger/findings.py for the kinds)."""

    kind: str
    message: str
    event_id: str | None = None
    seq: int | None = None
    first: int | None = None
    last: int | None = None
    field: str | None = None
    source: str | None = None


class VerifyOut(BaseModel):
    ok: bool
    count: int
    first_bad_event_id: str | None = None
    problem: str | None = None
    tree_size: int | None = None
    root_hash: str | None = None
    key_id: str | None = None
    heads_checked: int = 0
    findings: list[FindingOut] = []


class DatasetOut(BaseModel):
    version: str
    created_at: str | None
    policy: str | None
    used: int
    excluded_by_reason: dict[str, int]


class ModelOut(BaseModel):
    version: str
    created_at: str | None
    dataset_version: str | None


class PendingForgetOut(BaseModel):
    member_id: str
    since: dt.datetime
    reason: str


class ModelsOut(BaseModel):
    models: list[ModelOut]
    pending_forgets: list[PendingForgetOut]
