"""Members' public pages' data: the random public id, and what a public page may show.

A public id is 12 random characters of [a-z0-9] (about 62 bits), drawn when first needed
(`members show`, robots.txt, tdmrep.json) and kept in `public_profiles`; it says nothing of
the member's name or id. What a public page shows is the public part of a profile (name,
headline, location, positions' titles and companies, skills) and the member's public posts
and articles: never an e-mail, a phone, a birth date, a salary or a non-public record.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consentgate.models import ContentRecord, Member, PublicProfile

PUBLIC_KINDS = ("post", "article")
_ALPHABET = string.ascii_lowercase + string.digits
PUBLIC_ID_LENGTH = 12


def new_public_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def is_public_id(text: str) -> bool:
    """Whether `text` can be a public id (checked before any database work)."""
    return len(text) == PUBLIC_ID_LENGTH and all(c in _ALPHABET for c in text)


def public_ids(session: Session, member_ids: Iterable[str]) -> dict[str, str]:
    """The public ids of these members (ids of members without a profile are left out),
    drawing and storing the missing ones in the caller's transaction (flushed, not
    committed)."""
    wanted = list(dict.fromkeys(member_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(PublicProfile.member_id, PublicProfile.public_id).where(
                PublicProfile.member_id.in_(chunk)
            )
        )
        found.update({str(m): str(p) for m, p in rows})
    missing = [m for m in wanted if m not in found]
    if missing:
        existing = set(
            session.scalars(select(Member.member_id).where(Member.member_id.in_(missing)))
        )
        now = dt.datetime.now(dt.UTC)
        for member_id in missing:
            if member_id in existing:
                found[member_id] = new_public_id()
                session.add(
                    PublicProfile(member_id=member_id, public_id=found[member_id], created_at=now)
                )
        session.flush()
    return found


def public_id_of(session: Session, member_id: str) -> str | None:
    """One member's public id (drawn when missing, committed here); None without a profile.

    Two processes drawing one at once: the second insert fails on the primary key and the
    first one's id is read back.
    """
    try:
        found = public_ids(session, [member_id]).get(member_id)
        session.commit()
    except IntegrityError:
        session.rollback()
        found = session.scalar(
            select(PublicProfile.public_id).where(PublicProfile.member_id == member_id)
        )
    return found


def public_url(public_id: str) -> str:
    return f"/in/{public_id}"


@dataclass(frozen=True, slots=True)
class PublicPost:
    record_id: str
    kind: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PublicProfileView:
    """What a public page shows of a member: nothing private (no e-mail, phone, birth date)."""

    member_id: str
    public_id: str
    name: str
    headline: str | None
    location: str | None
    positions: list[tuple[str, str]]
    skills: list[str]


def member_of_public_id(session: Session, public_id: str) -> PublicProfileView | None:
    """The public view of the member with this public id; None for no such id (an erased
    member's id went with their row)."""
    if not is_public_id(public_id):
        return None
    row = session.execute(
        select(Member, PublicProfile.public_id)
        .join(PublicProfile, PublicProfile.member_id == Member.member_id)
        .where(PublicProfile.public_id == public_id)
    ).first()
    if row is None:
        return None
    member: Member = row[0]
    positions = [
        (str(p.get("title") or ""), str(p.get("company") or ""))
        for p in (member.positions or [])
        if isinstance(p, dict)
    ]
    return PublicProfileView(
        member_id=member.member_id,
        public_id=public_id,
        name=member.name,
        headline=member.headline,
        location=member.location,
        positions=positions,
        skills=[str(s) for s in (member.skills or [])],
    )


def public_posts(session: Session, member_id: str, limit: int = 50) -> list[PublicPost]:
    """The member's public posts and articles, newest first."""
    rows = session.scalars(
        select(ContentRecord)
        .where(
            ContentRecord.member_id == member_id,
            ContentRecord.kind.in_(PUBLIC_KINDS),
            ContentRecord.visibility == "public",
        )
        .order_by(ContentRecord.created_at.desc(), ContentRecord.record_id)
        .limit(limit)
    )
    return [PublicPost(r.record_id, r.kind, r.text, r.created_at) for r in rows]


def public_post(session: Session, member_id: str, record_id: str) -> PublicPost | None:
    """One public post or article of the member; None for another member's or a private one."""
    row = session.get(ContentRecord, record_id)
    if (
        row is None
        or row.member_id != member_id
        or row.kind not in PUBLIC_KINDS
        or row.visibility != "public"
    ):
        return None
    return PublicPost(row.record_id, row.kind, row.text, row.created_at)
