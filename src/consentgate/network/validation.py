"""Row models of the interchange format (DESIGN.md) and line-by-line validation of its files.

Pydantic runs at this edge only: each JSON line is validated in strict mode (no coercion of
"42" into 42, no unknown fields), then a few cross-field rules pydantic cannot express per
field (an event's `value` depends on its `type`) are checked by plain functions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from consentgate.ledger.actions import ACTION_TYPES, check_action_value
from consentgate.models import Channel, ContentKind, EventType, Visibility

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
    kind: ContentKind
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
    elif row.type in ACTION_TYPES:
        try:
            check_action_value(row.type, row.value)
        except ValueError as exc:
            found.append(("value", f"{exc} for {row.type}"))
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


_PLAIN_FIELD = re.compile(r"[\w-]{1,64}")


def _field_name(part: object) -> str:
    """A field name as given, or quoted when it is odd (spaces, newlines, very long)."""
    text = str(part)
    return text if _PLAIN_FIELD.fullmatch(text) else repr(text[:64])


def _describe(error: Any) -> Problem:
    """A pydantic error as (dotted field, short reason)."""
    loc = ".".join(_field_name(part) for part in error["loc"]) or "-"
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


# A NUL is text PostgreSQL cannot store, and a lone surrogate is no Unicode text at all (the
# JSON parser refuses it, but only as "not valid JSON", without the field). In JSON both can
# only come as escapes, so lines holding one of these escapes are read with Python's json,
# which accepts both, to name the field; the pattern may also match an escaped backslash
# followed by "u0000", which the exact check then lets through.
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which is not allowed in text"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (an unpaired \\ud800-\\udfff escape), not valid text"
    return None


def _unstorable(value: object, path: tuple[str, ...] = ()) -> Iterator[Problem]:
    """(dotted field, reason) for every string, field name included, that is not storable text."""
    if isinstance(value, str):
        reason = _string_problem(value)
        if reason is not None:
            yield ".".join(path) or "-", reason
    elif isinstance(value, dict):
        for key, item in value.items():
            name = _field_name(key.encode("utf-8", "backslashreplace").decode("utf-8"))
            reason = _string_problem(key)
            if reason is not None:
                yield ".".join((*path, name)), f"field name {reason}"
            yield from _unstorable(item, (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _unstorable(item, (*path, str(i)))


def _reject_unstorable(
    batch: list[tuple[int, bytes]], name: str, problems: Problems
) -> list[tuple[int, bytes]]:
    """The lines of `batch` without a NUL or lone surrogate; the others go to `problems`."""
    if not _SUSPECT_ESCAPE.search(b"\n".join(raw for _, raw in batch)):
        return batch
    kept: list[tuple[int, bytes]] = []
    for number, raw in batch:
        found: list[Problem] = []
        if _SUSPECT_ESCAPE.search(raw):
            try:
                found = list(_unstorable(json.loads(raw)))
            except ValueError:
                pass  # not JSON even to Python: the validator says where
        for fld, reason in found:
            problems.add(f"{name}:{number}", fld, reason)
        if not found:
            kept.append((number, raw))
    return kept


@dataclass(slots=True)
class Parsed(Generic[RowT]):
    """The valid rows of one file, each with its line number."""

    name: str
    rows: list[RowT] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, RowT]]:
        return zip(self.lines, self.rows, strict=True)


_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}
PARSE_BATCH = 2000


def _validate_batch(model: type[RowT], raws: list[bytes]) -> list[RowT] | None:
    """All lines of a batch in one pydantic call (a JSON array), or None if any is bad.

    One call per batch instead of per line saves most of the Python overhead; a batch with
    a bad line (or a line holding two objects) is redone line by line for exact messages.
    """
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    try:
        rows: list[RowT] = adapter.validate_json(b"[" + b",".join(raws) + b"]")
    except ValidationError:
        return None
    return rows if len(rows) == len(raws) else None


def _validate_line(model: type[RowT], raw: bytes, where: str, problems: Problems) -> RowT | None:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.add(where, *_describe(error))
        return None


def parse_file(path: Path, model: type[RowT], problems: Problems) -> Parsed[RowT]:
    """Validate every line of a JSON Lines file; bad lines go to `problems`, not to the result."""
    parsed: Parsed[RowT] = Parsed(path.name)
    if not path.exists():
        return parsed
    check = CHECKS[model]
    numbered = [
        (number, raw.rstrip(b"\r\n"))
        for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1)
        if raw.strip()
    ]
    for start in range(0, len(numbered), PARSE_BATCH):
        batch = _reject_unstorable(numbered[start : start + PARSE_BATCH], path.name, problems)
        rows: list[RowT | None] | None = _validate_batch(model, [raw for _, raw in batch])  # type: ignore[assignment]
        if rows is None:
            rows = [_validate_line(model, raw, f"{path.name}:{n}", problems) for n, raw in batch]
        for (number, _raw), row in zip(batch, rows, strict=True):
            if row is None:
                continue
            bad = check(row)
            if bad:
                for fld, reason in bad:
                    problems.add(f"{path.name}:{number}", fld, reason)
                continue
            parsed.rows.append(row)
            parsed.lines.append(number)
    return parsed
