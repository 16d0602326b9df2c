"""Synthetic content: posts, articles, comments, group posts, messages, prompts, feedback, salary.

About ten records a member on average (a long tail of active members), in the member's
language, mentioning other members by name and sometimes carrying contact details.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from consentgate.models import ContentKind
from consentgate.network.synth_people import Person, instant_between, slug
from consentgate.network.synth_text import (
    AI_PROMPTS,
    ARTICLE_TITLE,
    CANDIDATE_REPLIES,
    COMMENTS,
    CONTACT,
    EVENTS,
    FEEDBACK,
    POST_BODY,
    POST_CLOSE,
    POST_OPEN,
    PRIVATE_MESSAGES,
    RECRUITER_MESSAGES,
    SALARY_TEXT,
    TOPICS,
)

START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 10, 31, 23, 59, 59, tzinfo=dt.UTC)
MEAN_RECORDS = 9.5  # plus one salary record for a third of the members: ~10 a member
# Relative frequency of each kind drawn (salary records are added apart); the order is the
# draw's, so it fixes the network a seed gives.
KIND_WEIGHTS: dict[ContentKind, int] = {
    "post": 24,
    "comment": 26,
    "article": 3,
    "group_post": 10,
    "private_message": 16,
    "recruiter_message": 5,
    "ai_prompt": 9,
    "feedback": 3,
}
CONTACT_SHARE = 0.07  # posts and comments that carry someone's e-mail, phone or URL


@dataclass(slots=True)
class Group:
    group_id: str
    lang: str
    private: bool


@dataclass(slots=True)
class Draft:
    """A content record before ids are given in time order."""

    author: Person
    kind: str
    text: str
    at: dt.datetime
    visibility: str
    parent: int | None = None
    group_id: str | None = None


class Network:
    """Who is there: people by language, recruiters, groups; picks others for mentions."""

    def __init__(self, people: list[Person], rng: random.Random) -> None:
        self.people = people
        self.rng = rng
        self.by_lang: dict[str, list[Person]] = {}
        for person in people:
            self.by_lang.setdefault(person.lang, []).append(person)
        self.recruiters = [p for p in people if p.recruiter]
        self.groups = [
            Group(f"g{i + 1:04d}", "fr" if i % 3 == 0 else "en", i % 4 == 1)
            for i in range(max(6, len(people) // 150))
        ]
        for person in people:
            if rng.random() < 0.6:
                mine = [n for n, g in enumerate(self.groups) if g.lang == person.lang]
                mine = mine or list(range(len(self.groups)))
                person.groups = rng.sample(mine, k=min(len(mine), rng.randint(1, 3)))

    def other(self, person: Person) -> Person:
        """Someone else, usually of the same language."""
        pool = self.by_lang[person.lang] if self.rng.random() < 0.8 else self.people
        if len(pool) < 2:
            pool = self.people
        choice = self.rng.choice(pool)
        return choice if choice is not person or len(self.people) == 1 else self.other(person)


class Fill(dict[str, Any]):
    """Template values computed on first use, so each text draws only what it needs."""

    def __init__(self, person: Person, net: Network, counterpart: Person | None = None) -> None:
        super().__init__()
        self.person, self.net, self.rng = person, net, net.rng
        self.counterpart = counterpart

    def __missing__(self, key: str) -> Any:
        person, rng = self.person, self.rng
        value: Any
        if key == "mention":
            value = self.net.other(person).name
        elif key == "first":
            value = (self.counterpart or self.net.other(person)).first
        elif key == "contact":
            owner = person if rng.random() < 0.7 else self.net.other(person)
            value = rng.choice(CONTACT[person.lang]).format_map(Fill(owner, self.net))
        elif key in ("email", "phone", "address", "url", "title", "company", "city"):
            value = getattr(person, key)
        elif key in ("skill", "tag"):
            value = rng.choice(person.skills)
            value = slug(value) if key == "tag" else value
        elif key == "careers":
            value = (
                f"https://careers.{slug(person.company)[:20]}.com/jobs/{rng.randrange(1000, 9999)}"
            )
        elif key == "topic":
            value = rng.choice(TOPICS[person.lang])
        elif key == "event":
            value = rng.choice(EVENTS)
        elif key == "n":
            value = rng.randint(2, 15)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _sentence(rng: random.Random, pool: tuple[str, ...], fill: Fill) -> str:
    return rng.choice(pool).format_map(fill)


def _post_text(person: Person, net: Network, rng: random.Random, long: bool) -> str:
    lang, fill = person.lang, Fill(person, net)
    parts = [_sentence(rng, POST_OPEN[lang], fill)]
    for _ in range(rng.randint(3, 5) if long else int(rng.random() < 0.7)):
        parts.append(_sentence(rng, POST_BODY[lang], fill))
    if rng.random() < 0.6:
        parts.append(_sentence(rng, POST_CLOSE[lang], fill))
    if rng.random() < CONTACT_SHARE * (1.5 if long else 1):
        parts.append(fill["contact"].capitalize() + ".")
    text = " ".join(parts)
    if long:
        text = f"{_sentence(rng, ARTICLE_TITLE[lang], fill)}\n\n{text}"
    return text


def _message(person: Person, net: Network, rng: random.Random, kind: str) -> str:
    lang = person.lang
    if kind == "private_message":
        return _sentence(rng, PRIVATE_MESSAGES[lang], Fill(person, net))
    if kind == "ai_prompt":
        return _sentence(rng, AI_PROMPTS[lang], Fill(person, net))
    if kind == "feedback":
        return rng.choice(FEEDBACK[lang])
    if person.recruiter or not net.recruiters:
        return _sentence(rng, RECRUITER_MESSAGES[lang], Fill(person, net))
    recruiter = rng.choice(net.recruiters)
    return _sentence(rng, CANDIDATE_REPLIES[lang], Fill(person, net, counterpart=recruiter))


def _root(person: Person, net: Network, rng: random.Random, kind: str) -> Draft:
    at = instant_between(rng, max(person.created, START), END)
    if kind == "post":
        visibility = "public" if rng.random() < 0.8 else "connections"
        return Draft(person, kind, _post_text(person, net, rng, False), at, visibility)
    if kind == "article":
        return Draft(person, kind, _post_text(person, net, rng, True), at, "public")
    if kind == "group_post":
        if person.groups:
            group = net.groups[rng.choice(person.groups)]
        else:
            group = rng.choice(net.groups)
        visibility = "group_private" if group.private else "group_public"
        text = _post_text(person, net, rng, False)
        return Draft(person, kind, text, at, visibility, group_id=group.group_id)
    return Draft(person, kind, _message(person, net, rng, kind), at, "private")


def _comment(person: Person, net: Network, rng: random.Random, roots: list[Draft]) -> Draft:
    number = rng.randrange(len(roots))
    parent = roots[number]
    latest = min(END, parent.at + dt.timedelta(days=20))
    at = instant_between(rng, max(parent.at, person.created), max(latest, person.created))
    text = _sentence(rng, COMMENTS[person.lang], Fill(person, net))
    if rng.random() < CONTACT_SHARE and "{contact}" not in text:
        text += " " + Fill(person, net)["contact"].capitalize() + "."
    return Draft(person, "comment", text, at, parent.visibility, number, parent.group_id)


def _salary(person: Person, rng: random.Random) -> Draft:
    at = instant_between(rng, max(person.created, START), END)
    amount = f"{person.salary:,}".replace(",", " " if person.lang == "fr" else ",")
    text = SALARY_TEXT[person.lang].format(
        amount=amount,
        currency=person.country.currency,
        title=person.title,
        company=person.company,
        city=person.city,
    )
    return Draft(person, "salary", text, at, "private")


def generate_drafts(people: list[Person], rng: random.Random) -> tuple[list[Draft], list[Draft]]:
    """All content, as (roots, comments); a comment's `parent` indexes `roots`."""
    net = Network(people, rng)
    roots: list[Draft] = []
    comment_authors: list[Person] = []
    for person in people:
        count = min(80, round(rng.expovariate(1 / MEAN_RECORDS)))
        for kind in rng.choices(tuple(KIND_WEIGHTS), weights=tuple(KIND_WEIGHTS.values()), k=count):
            if kind == "comment":
                comment_authors.append(person)
            else:
                roots.append(_root(person, net, rng, kind))
        if person.salary is not None:
            roots.append(_salary(person, rng))
    public_roots = [d for d in roots if d.kind in ("post", "article", "group_post")]
    comments: list[Draft] = []
    if public_roots:
        index = {id(d): n for n, d in enumerate(roots)}
        for person in comment_authors:
            draft = _comment(person, net, rng, public_roots)
            assert draft.parent is not None
            draft.parent = index[id(public_roots[draft.parent])]
            comments.append(draft)
    return roots, comments
