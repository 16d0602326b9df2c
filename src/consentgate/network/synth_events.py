"""Synthetic consent events that follow the real story of 2024-2026.

EEA, Swiss and UK members (and Canada, Hong Kong) get the `linkedin-2025` notice in mid-
September 2025; some refuse it or object before 3 Nov 2025, some accept, some turn the
setting off later. Members elsewhere, where the setting has been on since 2024, flip it at
various times. A few members ask for a restriction or erase their account.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from consentgate.network.synth_data import EEA_CH_UK, NOTICE_COUNTRIES
from consentgate.network.synth_people import Person, instant_between
from consentgate.policy import DEFAULT_POLICY

UTC = dt.UTC
# The notice of September 2025 announces the default policy.
POLICY_VERSION = DEFAULT_POLICY
NOTICE_FROM = dt.datetime(2025, 9, 15, 7, tzinfo=UTC)
NOTICE_TO = dt.datetime(2025, 9, 19, 18, tzinfo=UTC)
EFFECTIVE = dt.datetime(2025, 11, 3, tzinfo=UTC)
FLIPS_FROM = dt.datetime(2024, 1, 1, tzinfo=UTC)
STORY_END = dt.datetime(2026, 10, 31, tzinfo=UTC)
ERASURE_SHARE = 0.004
RESTRICTION_SHARE = 0.006
APPS = ("web", "web", "ios", "android")


@dataclass(slots=True)
class EventDraft:
    """An event before ids are given in ledger (time) order."""

    person: Person
    at: dt.datetime
    type: str
    channel: str
    value: bool | str | None = None
    policy_version: str | None = None


def _between(rng: random.Random, person: Person, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
    return instant_between(rng, max(lo, person.created), max(hi, person.created))


def _setting(rng: random.Random, person: Person, value: bool, lo: dt.datetime) -> EventDraft:
    channels = (*APPS, "gpc") if person.country.code == "US" else APPS
    at = _between(rng, person, lo, STORY_END)
    return EventDraft(person, at, "ai_training_setting", rng.choice(channels), value)


def _notice_story(rng: random.Random, person: Person, roll: float) -> list[EventDraft]:
    """Notice in mid-September 2025, then refuse / object / accept / later opt-out / nothing."""
    if person.created >= NOTICE_FROM:
        return []
    delivered = instant_between(rng, NOTICE_FROM, NOTICE_TO)
    events = [EventDraft(person, delivered, "notice_delivered", "web", None, POLICY_VERSION)]
    before = EFFECTIVE - dt.timedelta(minutes=1)
    strict = person.country.code in EEA_CH_UK  # Canada and Hong Kong answer less often
    refuse, objection, accept, later = (
        (0.18, 0.26, 0.40, 0.46) if strict else (0.08, 0.12, 0.3, 0.33)
    )
    if roll < refuse:
        at = instant_between(rng, delivered, before)
        events.append(
            EventDraft(person, at, "notice_response", rng.choice(APPS), "refuse", POLICY_VERSION)
        )
        if rng.random() < 0.1:  # changed their mind after seeing what the assistant does
            events.append(_setting(rng, person, True, EFFECTIVE + dt.timedelta(days=60)))
    elif roll < objection:
        at = instant_between(rng, delivered, before)
        events.append(EventDraft(person, at, "objection", "form"))
    elif roll < accept:
        at = instant_between(rng, delivered, before)
        events.append(
            EventDraft(person, at, "notice_response", rng.choice(APPS), "accept", POLICY_VERSION)
        )
    elif roll < later:
        events.append(_setting(rng, person, False, EFFECTIVE))
    return events


def _flip_story(rng: random.Random, person: Person, roll: float) -> list[EventDraft]:
    """Where the setting has been on by default since 2024: some turn it off, a few back on."""
    if roll < 0.22:
        off = _setting(rng, person, False, FLIPS_FROM)
        events = [off]
        if rng.random() < 0.3:
            events.append(_setting(rng, person, True, off.at))
        return events
    if roll < 0.25:
        return [_setting(rng, person, True, FLIPS_FROM)]
    return []


def _persona_story(rng: random.Random, person: Person) -> list[EventDraft] | None:
    """The fixed personas m…1-m…8 (see synth_people.PERSONAS) have a known story."""
    if person.index == 0:  # FR: notice, then refused
        return _notice_story(rng, person, 0.0)
    if person.index == 1:  # US: off in June 2024, on again in March 2026
        at_off = dt.datetime(2024, 6, 12, 14, 30, tzinfo=UTC)
        at_on = dt.datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
        return [
            EventDraft(person, at_off, "ai_training_setting", "web", False),
            EventDraft(person, at_on, "ai_training_setting", "ios", True),
        ]
    if person.index == 2:  # DE: notice, then objection
        return _notice_story(rng, person, 0.2)
    if person.index == 3:  # FR minor: notice, accepted (still never used: under 18)
        return _notice_story(rng, person, 0.3)
    if person.index == 4:  # GB: notice, accepted
        return _notice_story(rng, person, 0.3)
    if person.index == 5:  # IN: nothing, the default applies
        return []
    if person.index == 6:  # CH: notice, no answer, then a restriction request
        events = _notice_story(rng, person, 0.9)
        at = dt.datetime(2026, 1, 20, 10, tzinfo=UTC)
        return [*events, EventDraft(person, at, "restriction", "form")]
    return None


def person_events(
    rng: random.Random, person: Person, last_content: dt.datetime | None
) -> list[EventDraft]:
    """One member's events; an erasure comes after the member's last content."""
    story = _persona_story(rng, person)
    roll = rng.random()
    if story is None:
        if person.country.code in NOTICE_COUNTRIES:
            story = _notice_story(rng, person, roll)
            early = person.created < NOTICE_FROM - dt.timedelta(days=60)
            if early and person.country.code in EEA_CH_UK and rng.random() < 0.03:
                # Some turned it off in 2024, while their region was still excluded.
                story.append(_setting(rng, person, False, FLIPS_FROM))
                story[-1].at = min(story[-1].at, NOTICE_FROM - dt.timedelta(days=30))
        else:
            story = _flip_story(rng, person, roll)
        if rng.random() < RESTRICTION_SHARE:
            story.append(EventDraft(person, _between(rng, person, FLIPS_FROM, STORY_END),
                                    "restriction", "form"))  # fmt: skip
    if person.index == 7 or (person.index > 7 and rng.random() < ERASURE_SHARE):
        after = max([e.at for e in story] + [last_content or person.created])
        at = after + dt.timedelta(seconds=rng.randrange(3600, 30 * 86400))
        story.append(EventDraft(person, at, "erasure", "web"))
    return story
