"""The policy value types: a policy version, its region rules and the exclusion reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from consentgate.policy.regions import ALL_OTHERS

# What a policy may list. `profile` stands for the profile fields (records `profile:<id>:<field>`).
USABLE_KINDS = (
    "profile",
    "post",
    "article",
    "comment",
    "group_post",
    "recruiter_message",
    "ai_prompt",
    "feedback",
)
# Never usable, whatever a policy file says: a file that lists one is rejected.
FORBIDDEN_KINDS = ("private_message", "salary", "credentials", "payment")

# ER3: kinds that need a visibility; kinds not listed here have no visibility condition.
REQUIRED_VISIBILITY = {
    "post": "public",
    "article": "public",
    "comment": "public",
    "group_post": "group_public",
}


class ExclusionReason(StrEnum):
    """Why a record is not used: the first eligibility rule (ER1..ER8) it fails."""

    NOT_YET_CREATED = "not_yet_created"  # ER1
    KIND_EXCLUDED = "kind_excluded"  # ER2
    NOT_PUBLIC = "not_public"  # ER3
    MINOR = "minor"  # ER4
    REGION_NOT_COVERED = "region_not_covered"  # ER5, no rule for the country
    NOT_YET_EFFECTIVE = "not_yet_effective"  # ER5, rule starts after T
    SAID_NO = "said_no"  # ER6
    NO_NOTICE = "no_notice"  # ER7
    RESTRICTED = "restricted"  # ER8, restriction at or before T
    ERASED = "erased"  # ER8, erasure at any time


# Rule order: the position of a reason in this tuple is its rank (the first failing rule wins).
REASON_ORDER: tuple[ExclusionReason, ...] = tuple(ExclusionReason)


@dataclass(frozen=True, slots=True)
class RegionRule:
    """How a policy treats the members of some countries (`*` = every country not named)."""

    countries: frozenset[str]
    effective_from: dt.datetime
    default: bool
    notice_days: int | None = None

    @property
    def notice_period(self) -> dt.timedelta | None:
        """The notice period as a timedelta, None when the rule needs no notice."""
        return None if self.notice_days is None else dt.timedelta(days=self.notice_days)


@dataclass(frozen=True, slots=True)
class Policy:
    """One policy version: its id, the kinds it may use, and its region rules.

    `not_covered` lists countries no rule covers even though a `*` rule exists
    (linkedin-2024 leaves out the EEA, Switzerland, the UK, Canada and Hong Kong).
    """

    id: str
    kinds: frozenset[str]
    rules: tuple[RegionRule, ...]
    not_covered: frozenset[str] = frozenset()
    description: str = ""
    _index: dict[str, RegionRule] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        for rule in self.rules:
            for country in rule.countries:
                self._index.setdefault(country, rule)

    def rule_for(self, country: str | None) -> RegionRule | None:
        """The rule for a member's country: its own rule, else `*`, else None (not covered)."""
        if country is None or country in self.not_covered:
            return None
        rule = self._index.get(country)
        return rule if rule is not None else self._index.get(ALL_OTHERS)
