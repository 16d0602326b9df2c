"""An obviously-correct, row-by-row reading of ER1..ER8, written apart from the production code.

It shares nothing with consentgate.policy.rules: its own rule lookup, its own age
arithmetic (the 18th birthday as a date; 29 Feb -> 1 Mar in non-leap years), its own
event ordering. Property tests compare decide_record, decide_batch and the ledger's
states_at + decide_batch against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from consentgate.policy import Policy, RegionRule


@dataclass(frozen=True)
class M:
    member_id: str
    country: str
    birth_date: dt.date
    created_at: dt.datetime


@dataclass(frozen=True)
class R:
    record_id: str
    member_id: str
    kind: str
    visibility: str | None
    created_at: dt.datetime
    is_profile: bool = False


@dataclass(frozen=True)
class E:
    event_id: str
    member_id: str
    at: dt.datetime
    type: str
    value: Any = None
    policy_version: str | None = None


def eighteenth_birthday(born: dt.date) -> dt.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February, 18th year not a leap year
        return dt.date(born.year + 18, 3, 1)


def find_rule(policy: Policy, country: str) -> RegionRule | None:
    if country in policy.not_covered:
        return None
    for rule in policy.rules:
        if country in rule.countries:
            return rule
    for rule in policy.rules:
        if "*" in rule.countries:
            return rule
    return None


def reference_choice(events: list[E], T: dt.datetime, born: dt.date) -> E | None:
    """The latest choice event at or before T; a yes made before the 18th birthday is no choice."""
    adult_from = eighteenth_birthday(born)
    candidates = [
        e
        for e in events
        if e.type in ("ai_training_setting", "notice_response", "objection")
        and e.at <= T
        and not (said_yes(e) and e.at.astimezone(dt.UTC).date() < adult_from)
    ]
    candidates.sort(key=lambda e: (e.at, e.event_id))
    return candidates[-1] if candidates else None


def said_yes(event: E) -> bool:
    if event.type == "ai_training_setting":
        return event.value is True
    if event.type == "notice_response":
        return event.value == "accept"
    return False  # objection


def reference_decide(r: R, m: M, events: list[E], policy: Policy, T: dt.datetime) -> str | None:
    profile = r.is_profile or r.kind == "profile"
    created = m.created_at if profile else r.created_at
    if not created <= T:
        return "not_yet_created"
    if r.kind not in policy.kinds:
        return "kind_excluded"
    if not profile:
        if r.kind in ("post", "article", "comment") and r.visibility != "public":
            return "not_public"
        if r.kind == "group_post" and r.visibility != "group_public":
            return "not_public"
    adult_from = eighteenth_birthday(m.birth_date)
    if T.astimezone(dt.UTC).date() < adult_from:
        return "minor"
    if not profile and created.astimezone(dt.UTC).date() < adult_from:
        return "minor"
    rule = find_rule(policy, m.country)
    if rule is None:
        return "region_not_covered"
    if rule.effective_from > T:
        return "not_yet_effective"
    decider = reference_choice(events, T, m.birth_date)
    if decider is None:
        if not rule.default:
            return "said_no"
        if rule.notice_days is not None:
            limit = T - dt.timedelta(days=rule.notice_days)
            if not any(
                e.type == "notice_delivered" and e.policy_version == policy.id and e.at <= limit
                for e in events
            ):
                return "no_notice"
    elif not said_yes(decider):
        return "said_no"
    if any(e.type == "restriction" and e.at <= T for e in events):
        return "restricted"
    if any(e.type == "erasure" for e in events):
        return "erased"
    return None
