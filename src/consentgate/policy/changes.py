"""What can change a decision merely because the as-of time moved (pure, no I/O).

An incremental build at T1 against a parent built at T0 (T0 <= T1) must re-decide every
member whose decision at T1 may differ from the one at T0 with the *same* stored inputs.
Going through the rules (`rules.py`, `batch.py`), the time-dependent inputs are:

- ER1: a content record whose `created_at`, or a profile whose member `created_at`, lies
  in (T0, T1];
- ER4: a member whose 18th birthday (UTC dates) lies in (date(T0), date(T1)]; the record
  half of ER4 (18 when the record was made) does not depend on T;
- ER5: a region rule whose `effective_from` lies in (T0, T1]: every member under that rule;
- ER6 / ER7 / ER8: a ledger event (choice, notice, restriction) whose `at` lies in
  (T0, T1]; erasure counts at any time, so only a new erasure event changes it. Whether a
  yes is ignored as a minor's (ER6) depends on its own `at` and the birth date, not on T;
- ER7: a notice of this policy delivered at n with n + notice_days in (T0, T1]: the notice
  period has just run out.

Everything else (kinds, visibility, region defaults, notice periods, the policy's text) is
fixed by the policy itself: a different policy digest makes the whole network change.
GDPR request due dates are not an input: a request acts through its ledger event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from consentgate.policy.model import Policy, RegionRule
from consentgate.policy.rules import is_adult_on, utc_date

Window = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True, slots=True)
class TimeWindows:
    """The intervals (lower bound excluded, upper included) to look for changes in.

    `births`: inclusive (first, last) birth dates of members who turn 18 in the interval,
    or None when nobody can. `notices`: windows on a notice's delivery time, one per
    distinct notice period of the policy's rules. `rules`: indices (into policy.rules) of
    the region rules that take effect in the interval.
    """

    created: Window
    events: Window
    births: tuple[dt.date, dt.date] | None
    notices: tuple[Window, ...]
    rules: tuple[int, ...]

    @property
    def empty(self) -> bool:
        """True when T0 == T1: nothing can change with time alone."""
        return self.created[0] >= self.created[1]


def policy_digest(policy: Policy) -> str:
    """A stable digest of everything a policy decides with (sets in sorted order)."""
    parts = [
        f"id={policy.id}",
        "kinds=" + ",".join(sorted(policy.kinds)),
        "not_covered=" + ",".join(sorted(policy.not_covered)),
    ]
    for rule in policy.rules:
        parts.append(_rule_text(rule))
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16, person=b"cg-policy")
    return digest.hexdigest()


def _rule_text(rule: RegionRule) -> str:
    effective = rule.effective_from.astimezone(dt.UTC).isoformat()
    countries = ",".join(sorted(rule.countries))
    return f"rule={countries}|{effective}|{rule.default}|{rule.notice_days}"


def births_turning_adult(day0: dt.date, day1: dt.date) -> tuple[dt.date, dt.date] | None:
    """Inclusive birth-date range of members not adult on day0 but adult on day1.

    Adulthood on a fixed day is monotonic in the birth date (earlier births are adult
    first), so the set is one range: from the earliest birth not adult on day0 to the
    latest birth adult on day1. Found by stepping from an estimate, with the same
    `is_adult_on` as the rules (29 February included).
    """
    if day1 <= day0:
        return None
    first = _last_birth_adult_on(day0) + dt.timedelta(days=1)
    last = _last_birth_adult_on(day1)
    return (first, last) if first <= last else None


def _last_birth_adult_on(day: dt.date) -> dt.date:
    """The latest birth date that is 18 or older on `day`."""
    guess = day - dt.timedelta(days=18 * 365 + 4)  # at most 5 leap days in 18 years
    while is_adult_on(guess + dt.timedelta(days=1), day):
        guess += dt.timedelta(days=1)
    while not is_adult_on(guess, day):
        guess -= dt.timedelta(days=1)
    return guess


def time_windows(policy: Policy, t0: dt.datetime, t1: dt.datetime) -> TimeWindows:
    """The change windows for moving as-of from `t0` to `t1` (requires t0 <= t1)."""
    if t0.tzinfo is None or t1.tzinfo is None:
        raise ValueError("as-of times must be aware datetimes")
    if t1 < t0:
        raise ValueError("time windows need t0 <= t1")
    periods = sorted({r.notice_days for r in policy.rules if r.notice_days is not None})
    notices = tuple((t0 - dt.timedelta(days=d), t1 - dt.timedelta(days=d)) for d in periods)
    crossing = tuple(i for i, r in enumerate(policy.rules) if t0 < r.effective_from <= t1)
    return TimeWindows(
        created=(t0, t1),
        events=(t0, t1),
        births=births_turning_adult(utc_date(t0), utc_date(t1)),
        notices=notices,
        rules=crossing,
    )
