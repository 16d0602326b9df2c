"""Synthetic members: identities from per-locale Faker pools, profiles from synth_data.

Faker is slow per call, so each locale's names, companies and addresses are drawn once into
pools by a seeded Faker; members then pick from the pools with one seeded random.Random.
Both are seeded from the network's seed, so the same seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from consentgate.network.synth_data import (
    COUNTRIES,
    DEGREES_EN,
    DEGREES_FR,
    FIELDS_EN,
    FIELDS_FR,
    HK_FAMILY,
    HK_GIVEN,
    PROFESSIONS,
    RECRUITER_TITLES,
    SALARY_RANGE,
    SENIORITY_EN,
    SENIORITY_FR,
    Country,
)
from consentgate.network.synth_text import HEADLINE, SUMMARY, TOPICS

UTC = dt.UTC
POLICY_DATE = dt.date(2025, 11, 3)
DEMO_PASSWORD = "consentgate-demo"  # the first DEMO_LOGINS members can log in with it
DEMO_LOGINS = 10
BY_CODE = {c.code: c for c in COUNTRIES}
# The first members are fixed personas the demo and docs refer to (see synth_events).
PERSONAS = (("FR", "adult"), ("US", "adult"), ("DE", "adult"), ("FR", "minor"),
            ("GB", "adult"), ("IN", "adult"), ("CH", "adult"), ("CA", "adult"))  # fmt: skip
MINOR_SHARE = 0.025  # under 18 through 2026
TURNING_18_SHARE = 0.02  # 18th birthday inside 2024-2026


@dataclass(slots=True)
class Pool:
    """What one locale's Faker produced, drawn once."""

    given: list[str]
    family: list[str]
    companies: list[str]
    addresses: list[str]
    phones: list[str]


@dataclass(slots=True)
class Person:
    """A member while the network is generated (more than the interchange line holds)."""

    index: int
    member_id: str
    first: str
    last: str
    country: Country
    birth: dt.date
    created: dt.datetime
    title: str
    company: str
    city: str
    skills: list[str]
    recruiter: bool
    email: str
    phone: str
    address: str
    url: str
    salary: int | None = None
    groups: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def lang(self) -> str:
        return self.country.lang


def slug(text: str) -> str:
    """ASCII lower-case letters and digits only: 'Léa-Marie' -> 'leamarie'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _phones(region: str, rng: random.Random, count: int) -> list[str]:
    """Mobile numbers phonenumbers calls valid, so that phone recognisers can find them."""
    import phonenumbers as pn

    example = pn.example_number_for_type(region, pn.PhoneNumberType.MOBILE)
    digits = str(example.national_number)
    found: list[str] = []
    for _ in range(count * 20):
        tail = "".join(rng.choice("0123456789") for _ in range(len(digits) - 1))
        number = pn.parse(f"+{example.country_code}{digits[:1]}{tail}")
        if pn.is_valid_number(number):
            style = pn.PhoneNumberFormat.INTERNATIONAL
            if rng.random() < 0.3:
                style = pn.PhoneNumberFormat.NATIONAL
            found.append(pn.format_number(number, style))
            if len(found) == count:
                break
    return found or [pn.format_number(example, pn.PhoneNumberFormat.INTERNATIONAL)]


def build_pools(seed: int) -> dict[str, Pool]:
    """One pool per country, from a Faker seeded with the network's seed."""
    from faker import Faker

    pools: dict[str, Pool] = {}
    for country in COUNTRIES:
        fake = Faker(country.locale)
        fake.seed_instance(seed)
        rng = random.Random(f"{seed}:{country.code}")
        if country.code == "HK":
            given, family = list(HK_GIVEN), list(HK_FAMILY)
        else:
            given = [fake.first_name() for _ in range(300)]
            family = [fake.last_name() for _ in range(300)]
        pools[country.code] = Pool(
            given=given,
            family=family,
            companies=[fake.company() for _ in range(150)],
            addresses=[fake.address().replace("\n", ", ") for _ in range(150)],
            phones=_phones(country.code, rng, 150),
        )
    return pools


_ZONES: dict[str, ZoneInfo] = {}


def local_iso(person: Person, instant: dt.datetime) -> str:
    """An instant as ISO 8601 in the member's time zone, with its offset."""
    zone = _ZONES.get(person.country.tz)
    if zone is None:
        zone = _ZONES[person.country.tz] = ZoneInfo(person.country.tz)
    return instant.astimezone(zone).isoformat(timespec="seconds")


def _date_between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def instant_between(rng: random.Random, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
    """A random second in [lo, hi] (hi before lo gives lo)."""
    span = int((hi - lo).total_seconds())
    return lo + dt.timedelta(seconds=rng.randrange(span + 1) if span > 0 else 0)


def _birth(rng: random.Random, age_group: str) -> dt.date:
    if age_group == "minor":
        return _date_between(rng, dt.date(2008, 11, 4), dt.date(2011, 6, 30))
    if age_group == "turning18":
        return _date_between(rng, dt.date(2006, 1, 1), dt.date(2008, 10, 31))
    return _date_between(rng, dt.date(1960, 1, 1), dt.date(2003, 12, 31))


def _age_group(rng: random.Random) -> str:
    roll = rng.random()
    if roll < MINOR_SHARE:
        return "minor"
    if roll < MINOR_SHARE + TURNING_18_SHARE:
        return "turning18"
    return "adult"


def _pick_country(rng: random.Random) -> Country:
    return rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]


def make_person(index: int, rng: random.Random, pools: dict[str, Pool], width: int) -> Person:
    """Member number `index` (0-based): identity, age, job, contact details."""
    if index < len(PERSONAS):
        code, age_group = PERSONAS[index]
        country = BY_CODE[code]
    else:
        country, age_group = _pick_country(rng), _age_group(rng)
    pool = pools[country.code]
    first, last = rng.choice(pool.given), rng.choice(pool.family)
    birth = _birth(rng, age_group)
    thirteen = dt.datetime(birth.year + 13, birth.month, min(birth.day, 28), tzinfo=UTC)
    lo = max(dt.datetime(2010, 1, 1, tzinfo=UTC), thirteen)
    created = instant_between(rng, lo, max(lo, dt.datetime(2025, 6, 30, tzinfo=UTC)))
    title_en, title_fr, skills = rng.choice(PROFESSIONS)
    minor = age_group != "adult" and birth > dt.date(2005, 12, 31)
    if country.lang == "fr":
        title = title_fr + rng.choice(SENIORITY_FR)
    else:
        title = rng.choice(SENIORITY_EN) + title_en
    if minor:
        title = "Élève" if country.lang == "fr" else "Student"
    company = rng.choice(pool.companies)
    domain = rng.choice(country.email_domains)
    handle = f"{slug(first)}.{slug(last)}" if rng.random() < 0.7 else f"{slug(first)}{slug(last)}"
    if rng.random() < 0.3:
        handle += str(rng.randrange(10, 99))
    url = rng.choice(
        (
            f"https://www.linkedin.com/in/{slug(first)}-{slug(last)}-{rng.randrange(100, 999)}",
            f"https://{slug(first)}{slug(last)}.dev",
            f"https://github.com/{slug(first)}{slug(last)[:3]}",
        )
    )
    person = Person(
        index=index,
        member_id=f"m{index + 1:0{width}d}",
        first=first,
        last=last,
        country=country,
        birth=birth,
        created=created,
        title=title,
        company=company,
        city=rng.choice(country.cities),
        skills=rng.sample(skills, k=min(len(skills), rng.randint(2, 4))),
        recruiter=title_en in RECRUITER_TITLES and not minor,
        email=f"{handle}@{domain}",
        phone=rng.choice(pool.phones),
        address=rng.choice(pool.addresses),
        url=url,
    )
    if not minor and rng.random() < 0.35:
        low, high = SALARY_RANGE[country.currency]
        person.salary = rng.randrange(low, high, 500)
    return person


def _positions(person: Person, rng: random.Random, pool: Pool) -> list[dict[str, Any]]:
    if person.title in ("Student", "Élève"):
        return []
    start_year = max(person.birth.year + 21, 1985)
    count = min(rng.randint(1, 4), max(1, 2026 - start_year))
    years = sorted(rng.sample(range(start_year, 2026), k=count))
    starts = [f"{year}-{rng.randint(1, 12):02d}" for year in years]
    positions = []
    for number, started in enumerate(starts):
        last = number == count - 1
        positions.append(
            {
                "company": person.company if last else rng.choice(pool.companies),
                "title": person.title,
                "description": f"{', '.join(person.skills)}.",
                "started_on": started,
                "finished_on": None if last else starts[number + 1],
            }
        )
    return positions[::-1]  # newest first, as profiles show them


def member_line(person: Person, rng: random.Random, pool: Pool) -> dict[str, Any]:
    """The members.jsonl line of a person (key order as DESIGN.md lists it)."""
    lang = person.lang
    skill, skill2 = (person.skills * 2)[:2]
    fill = {
        "title": person.title,
        "company": person.company,
        "skill": skill,
        "skill2": skill2,
        "city": person.city,
        "n": max(1, min(rng.randint(2, 20), 2025 - person.birth.year - 21)),
        "topic": rng.choice(TOPICS[lang]),
    }
    degrees, fields = (DEGREES_FR, FIELDS_FR) if lang == "fr" else (DEGREES_EN, FIELDS_EN)
    line: dict[str, Any] = {
        "member_id": person.member_id,
        "name": person.name,
        "email": person.email,
        "phone": person.phone if rng.random() < 0.8 else None,
        "birth_date": person.birth.isoformat(),
        "country": person.country.code,
        "created_at": local_iso(person, person.created),
        "headline": rng.choice(HEADLINE[lang]).format_map(fill),
        "summary": rng.choice(SUMMARY[lang]).format_map(fill),
        "location": f"{person.city}, {person.country.name}",
        "positions": _positions(person, rng, pool),
        "education": [
            {
                "school": rng.choice(person.country.schools),
                "degree": rng.choice(degrees),
                "field": rng.choice(fields),
            }
            for _ in range(rng.randint(1, 2))
        ],
        "skills": person.skills,
    }
    if person.salary is not None:
        line["salary"] = {"amount": person.salary, "currency": person.country.currency}
    if person.index < DEMO_LOGINS:
        line["password"] = DEMO_PASSWORD
    return line
