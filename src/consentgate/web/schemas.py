"""API input and output models: inputs forbid unknown fields, outputs never carry a secret.

Text rules for everything a request brings (JSON fields through `Input`, form, query and
path parameters through `Text`): no NUL character (PostgreSQL cannot store one) and no
unpaired surrogate (not Unicode text: it cannot be stored or sent back as UTF-8). Either is
a 422 that names the field, before any handler sees the value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)


def check_text(value: str) -> str:
    """The value, when it is text that can be stored and sent back; else ValueError."""
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (an unpaired surrogate was sent)") from None
    return value


def _check_texts(value: Any) -> Any:
    if isinstance(value, str):
        return check_text(value)
    if isinstance(value, list | tuple):
        for item in value:
            _check_texts(item)
    return value


# A str form, query or path parameter: `Annotated[Text, Form(max_length=...)]`.
Text = Annotated[str, AfterValidator(check_text)]


class Input(BaseModel):
    """Base of every JSON body: unknown fields refused, every string field checked as Text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _text_fields(cls, value: Any) -> Any:
        return _check_texts(value)


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
    """`minor`: under 18 today (UTC date); a minor's data never trains, whatever `enabled`."""

    enabled: bool
    source: Literal["event", "default", "none"]
    explanation: str
    since: dt.datetime | None
    channel: str | None
    region: str
    policy: str
    minor: bool


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
    """An erasure needs the member's password, as the close-account page does."""

    kind: Literal["objection", "restriction", "erasure"]
    reason: str | None = Field(default=None, max_length=2000)
    password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        validate_default=True,
        description="Your password: required for an erasure",
    )

    @field_validator("password", mode="after")
    @classmethod
    def _erasure_needs_password(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == "erasure" and not value:
            raise ValueError("an erasure needs your password")
        return value


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
