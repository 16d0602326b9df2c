"""Row models of the interchange format (DESIGN.md) and line-by-line validation of its files.

Pydantic runs at this edge only: each JSON line is validated in strict mode (no coercion of
"42" into 42, no unknown fields), then a few cross-field rules pydantic cannot express per
field (an event's `value` depends on its `type`) are checked by plain functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, StringConstraints, ValidationError

MEMBERS_FILE = "members.jsonl"
CONTENT_FILE = "content.jsonl"
EVENTS_FILE = "events.jsonl"
MAX_SHOWN_PROBLEMS = 50

# ISO 3166-1 alpha-2: phonenumbers' regions minus its non-ISO codes (AC, TA, XK), plus the
# territories without a telephone plan. A well-kept list beats one typed by hand.
_NON_ISO = {"AC", "TA", "XK"}
_NO_PHONE_PLAN = {"AQ", "BV", "GS", "HM", "PN", "TF", "UM"}


def _iso_countries() -> frozenset[str]:
    import phonenumbers

    return frozenset((set(phonenumbers.SUPPORTED_REGIONS) - _NON_ISO) | _NO_PHONE_PLAN)


ISO_COUNTRIES = _iso_countries()

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
Text = Annotated[str, StringConstraints(max_length=100_000)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Email = Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, StringConstraints(max_length=64, pattern=r"^[+(0-9][0-9 ().\-/x]{3,}$")]
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Kind = Literal[
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
]
Channel = Literal["web", "ios", "android", "api", "gpc", "form", "import"]

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


class Position(BaseModel):
    """One entry of a member's work history."""

    model_config = _STRICT
    company: ShortText
    title: ShortText
    description: Text | None = None
    started_on: YearMonth | None = None
    finished_on: YearMonth | None = None


class Education(BaseModel):
    """One school of a member."""

    model_config = _STRICT
    school: ShortText
    degree: ShortText | None = None
    field: ShortText | None = None


class Salary(BaseModel):
    """A member's declared salary: a secret, never training data."""

    model_config = _STRICT
    amount: float
    currency: Currency


class MemberIn(BaseModel):
    """One line of members.jsonl."""

    model_config = _STRICT
    member_id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    email: Email | None = None
    phone: Phone | None = None
    birth_date: dt.date
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    created_at: AwareDatetime
    headline: Text | None = None
    summary: Text | None = None
    location: ShortText | None = None
    positions: list[Position] = []
    education: list[Education] = []
    skills: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = []
    salary: Salary | None = None
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)] | None = None
    password_hash: Annotated[str, StringConstraints(pattern=r"^\$argon2(id|i|d)\$")] | None = None


class ContentIn(BaseModel):
    """One line of content.jsonl."""

    model_config = _STRICT
    record_id: Id
    member_id: Id
    kind: Kind
    text: Text
    created_at: AwareDatetime
    visibility: Visibility
    parent_id: Id | None = None
    group_id: Id | None = None


class EventIn(BaseModel):
    """One line of events.jsonl."""

    model_config = _STRICT
    event_id: Id
    member_id: Id
    at: AwareDatetime
    type: EventType
    channel: Channel
    value: bool | str | None = None
    policy_version: Id | None = None


Problem = tuple[str, str]  # (field, reason)


def member_problems(row: MemberIn) -> list[Problem]:
    """Rules across fields of a member line."""
    found: list[Problem] = []
    if row.country not in ISO_COUNTRIES:
        found.append(("country", f"{row.country!r} is not an ISO 3166-1 alpha-2 code"))
    if not dt.date(1900, 1, 1) <= row.birth_date <= dt.date.today():
        found.append(("birth_date", f"{row.birth_date} is not a plausible birth date"))
    if row.password is not None and row.password_hash is not None:
        found.append(("password", "give either password or password_hash, not both"))
    if row.salary is not None and row.salary.amount < 0:
        found.append(("salary.amount", "must not be negative"))
    return found


def content_problems(row: ContentIn) -> list[Problem]:
    """Rules across fields of a content line."""
    found: list[Problem] = []
    if row.kind == "comment" and row.parent_id is None:
        found.append(("parent_id", "required for a comment"))
    if row.visibility.startswith("group_") and row.group_id is None:
        found.append(("group_id", f"required for visibility {row.visibility}"))
    if row.kind == "group_post" and row.group_id is None:
        found.append(("group_id", "required for a group_post"))
    return found


def event_problems(row: EventIn) -> list[Problem]:
    """The value and policy_version an event needs depend on its type."""
    found: list[Problem] = []
    if row.type == "ai_training_setting":
        if not isinstance(row.value, bool):
            found.append(("value", "must be true or false for ai_training_setting"))
    elif row.type == "notice_response":
        if row.value not in ("accept", "refuse") or isinstance(row.value, bool):
            found.append(("value", 'must be "accept" or "refuse" for notice_response'))
    elif row.value is not None:
        found.append(("value", f"must be absent for {row.type}"))
    if row.type in ("notice_delivered", "notice_response") and row.policy_version is None:
        found.append(("policy_version", f"required for {row.type}"))
    return found


RowT = TypeVar("RowT", MemberIn, ContentIn, EventIn)

CHECKS: dict[type[BaseModel], Callable[[Any], list[Problem]]] = {
    MemberIn: member_problems,
    ContentIn: content_problems,
    EventIn: event_problems,
}

_REASONS = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "timezone_aware": "needs a UTC offset (e.g. 2025-11-03T00:00:00+00:00)",
}


@dataclass
class Problems:
    """Bad lines found so far: the first MAX_SHOWN_PROBLEMS in full, and how many in all."""

    shown: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, where: str, fld: str, reason: str) -> None:
        self.total += 1
        if len(self.shown) < MAX_SHOWN_PROBLEMS:
            self.shown.append(f"{where}: {fld}: {reason}")


def _describe(error: Any) -> Problem:
    """A pydantic error as (dotted field, short reason)."""
    loc = ".".join(str(part) for part in error["loc"]) or "-"
    kind = error["type"]
    if kind in _REASONS:
        return loc, _REASONS[kind]
    if kind == "json_invalid":
        return "-", f"not valid JSON ({error.get('ctx', {}).get('error', 'parse error')})"
    reason = error["msg"]
    if kind not in ("model_type",) and "input" in error:
        shown = repr(error["input"])
        reason += f" (got {shown[:60]}{'...' if len(shown) > 60 else ''})"
    return loc, reason


@dataclass(slots=True)
class Parsed(Generic[RowT]):
    """The valid rows of one file, each with its line number."""

    name: str
    rows: list[RowT] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, RowT]]:
        return zip(self.lines, self.rows, strict=True)


def parse_file(path: Path, model: type[RowT], problems: Problems) -> Parsed[RowT]:
    """Validate every line of a JSON Lines file; bad lines go to `problems`, not to the result."""
    parsed: Parsed[RowT] = Parsed(path.name)
    if not path.exists():
        return parsed
    check = CHECKS[model]
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = model.model_validate_json(raw.rstrip(b"\r\n"))
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    problems.add(where, *_describe(error))
                continue
            bad = check(row)
            if bad:
                for fld, reason in bad:
                    problems.add(where, fld, reason)
                continue
            parsed.rows.append(row)
            parsed.lines.append(number)
    return parsed
