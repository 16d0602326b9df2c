"""The eligibility rules ER1..ER8 for one record: the row-wise form of the decision.

Conventions (documented in docs/policy.md):
- Dates for ages are UTC dates: T's date is `as_of` in UTC, a record's date is its
  `created_at` in UTC.
- A member born on 29 February is 18 on 1 March of a non-leap 18th year (and on
  29 February in a leap one): age is counted as "has the birthday passed", comparing
  (month, day) pairs, so (2, 28) < (2, 29) <= (3, 1).
- Events that tie on `at` are ordered by `event_id` (plain string order, as Python and
  SQL "C" collation compare); the last one wins.
- ER6 for minors: an event that says yes (setting true, notice accepted) made before the
  member's 18th birthday (the UTC date of its `at`, counted as for ER4) is ignored; an
  event that says no counts whenever it was made.
- ER8 when both apply: `restricted` is reported before `erased` (the rule's wording order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from consentgate.policy.model import REQUIRED_VISIBILITY, ExclusionReason, Policy

ADULT_AGE = 18
CHOICE_EVENT_TYPES = frozenset({"ai_training_setting", "notice_response", "objection"})


class RecordLike(Protocol):
    """What the rules read of a content record (ContentRecord rows fit)."""

    @property
    def kind(self) -> str: ...
    @property
    def visibility(self) -> str | None: ...
    @property
    def created_at(self) -> dt.datetime: ...


class MemberLike(Protocol):
    """What the rules read of a member (Member rows fit)."""

    @property
    def member_id(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def birth_date(self) -> dt.date: ...
    @property
    def created_at(self) -> dt.datetime: ...


class EventLike(Protocol):
    """What the rules read of a ledger event (LedgerEvent fits)."""

    @property
    def event_id(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def type(self) -> str: ...
    @property
    def value(self) -> Any: ...
    @property
    def policy_version(self) -> str | None: ...


E = TypeVar("E", bound=EventLike)


@dataclass(frozen=True, slots=True)
class Record:
    """A record for the decision; profile data is a record of kind `profile`."""

    record_id: str
    member_id: str
    kind: str
    visibility: str | None
    created_at: dt.datetime
    is_profile: bool = False


def as_utc(instant: dt.datetime) -> dt.datetime:
    """An aware UTC instant; a naive one (SQLite hands those back) is taken as UTC."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(dt.UTC)


def utc_date(instant: dt.datetime) -> dt.date:
    """The UTC calendar date of an aware instant (naive instants are taken as UTC)."""
    if instant.tzinfo is None:
        return instant.date()
    return instant.astimezone(dt.UTC).date()


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on `day`; a 29 February birthday passes on 1 March in non-leap years."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_adult_on(birth_date: dt.date, day: dt.date) -> bool:
    """18 or older on that date (the 18th birthday itself counts)."""
    return age_on(birth_date, day) >= ADULT_AGE


def says_yes(event: EventLike) -> bool:
    """The event turns training on: a setting true or an accepted notice."""
    if event.type == "ai_training_setting":
        return event.value is True
    return bool(event.type == "notice_response" and event.value == "accept")


def choice_value(event: EventLike) -> bool | None:
    """The choice an event expresses; None for events that do not set the choice."""
    if event.type not in CHOICE_EVENT_TYPES:
        return None
    return says_yes(event)


def counts_as_choice(event: EventLike, birth_date: dt.date | None) -> bool:
    """A choice event the member could make: a minor's yes is not (ER6); a no always is.

    `birth_date` None (a member whose profile was erased) leaves every event counting.
    """
    if event.type not in CHOICE_EVENT_TYPES:
        return False
    if birth_date is None or not says_yes(event):
        return True
    return is_adult_on(birth_date, utc_date(event.at))


def deciding_event(events: Iterable[E], as_of: dt.datetime, birth_date: dt.date | None) -> E | None:
    """The member's latest counting choice event at or before `as_of` (ties: greatest event_id).

    A yes made before the member's 18th birthday does not count (ER6), so the choice before it
    (or the default) stays in force.
    """
    best: E | None = None
    for event in events:
        if event.at > as_of or not counts_as_choice(event, birth_date):
            continue
        if best is None or (event.at, event.event_id) > (best.at, best.event_id):
            best = event
    return best


def first_notice(
    events: Iterable[EventLike], policy_id: str, as_of: dt.datetime
) -> dt.datetime | None:
    """When the notice of `policy_id` first reached the member, at or before `as_of`."""
    times = [
        e.at
        for e in events
        if e.type == "notice_delivered" and e.policy_version == policy_id and e.at <= as_of
    ]
    return min(times, default=None)


def _record_reason(
    record: RecordLike, member: MemberLike, policy: Policy, as_of: dt.datetime
) -> ExclusionReason | None:
    """ER1..ER4: what the record and the member's age decide."""
    is_profile = bool(getattr(record, "is_profile", False)) or record.kind == "profile"
    created = as_utc(member.created_at if is_profile else record.created_at)
    if created > as_of:
        return ExclusionReason.NOT_YET_CREATED
    if record.kind not in policy.kinds:
        return ExclusionReason.KIND_EXCLUDED
    needed = REQUIRED_VISIBILITY.get(record.kind)
    if not is_profile and needed is not None and record.visibility != needed:
        return ExclusionReason.NOT_PUBLIC
    if not is_adult_on(member.birth_date, utc_date(as_of)):
        return ExclusionReason.MINOR
    if not is_profile and not is_adult_on(member.birth_date, utc_date(created)):
        return ExclusionReason.MINOR
    return None


def member_reason(
    member: MemberLike, events: Iterable[EventLike], policy: Policy, as_of: dt.datetime
) -> ExclusionReason | None:
    """ER5..ER8: what the member's region, choice, notice and requests decide."""
    events = list(events)
    rule = policy.rule_for(member.country)
    if rule is None:
        return ExclusionReason.REGION_NOT_COVERED
    if rule.effective_from > as_of:
        return ExclusionReason.NOT_YET_EFFECTIVE
    decider = deciding_event(events, as_of, member.birth_date)
    choice = rule.default if decider is None else choice_value(decider)
    if not choice:
        return ExclusionReason.SAID_NO
    if decider is None and rule.notice_period is not None:
        noticed = first_notice(events, policy.id, as_of)
        if noticed is None or noticed > as_of - rule.notice_period:
            return ExclusionReason.NO_NOTICE
    if any(e.type == "restriction" and e.at <= as_of for e in events):
        return ExclusionReason.RESTRICTED
    if any(e.type == "erasure" for e in events):
        return ExclusionReason.ERASED
    return None


def decide_record(
    record: RecordLike,
    member: MemberLike,
    events: Iterable[EventLike],
    policy: Policy,
    as_of: dt.datetime,
) -> ExclusionReason | None:
    """Whether `record` of `member` is used in a build at `as_of` under `policy`.

    None means used; otherwise the first eligibility rule (ER1..ER8) the record fails.
    `events` are the member's ledger events (any order; others' events must not be passed).
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be an aware datetime")
    return _record_reason(record, member, policy, as_of) or member_reason(
        member, events, policy, as_of
    )
