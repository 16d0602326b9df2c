"""Reading one member back: profile, content counts by kind, consent events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from consentgate.errors import UnknownMemberError
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentEvent, ContentRecord, Member
from consentgate.network.export import iso
from consentgate.network.public import public_id_of, public_url
from consentgate.workspace import Workspace


def describe_member(ws: Workspace, member_id: str) -> dict[str, Any]:
    """A member as a JSON-able dict; secrets (password hash, salary) are left out."""
    with ws.session() as session:
        events = ConsentLedger(session).events_for(member_id)
        member = session.get(Member, member_id)
        if member is None and not events:
            raise UnknownMemberError(member_id)
        counts = dict(
            session.execute(
                select(ContentRecord.kind, func.count())
                .where(ContentRecord.member_id == member_id)
                .group_by(ContentRecord.kind)
                .order_by(ContentRecord.kind)
            ).all()
        )
        profile: dict[str, Any] | None = None
        if member is not None:
            profile = {
                "name": member.name,
                "email": member.email,
                "phone": member.phone,
                "birth_date": member.birth_date.isoformat(),
                "country": member.country,
                "created_at": iso(member.created_at),
                "headline": member.headline,
                "location": member.location,
                "positions": member.positions,
                "education": member.education,
                "skills": member.skills,
            }
        public_id = public_id_of(session, member_id) if member is not None else None
    return {
        "member_id": member_id,
        "public_url": public_url(public_id) if public_id else None,
        "erased": any(e.type == "erasure" for e in events),
        "profile": profile,
        "content": counts,
        "events": [
            {
                "event_id": e.event_id,
                "at": iso(e.at),
                "type": e.type,
                "value": e.value,
                "policy_version": e.policy_version,
                "channel": e.channel,
            }
            for e in events
        ],
    }


def known_member(ws: Workspace, member_id: str) -> bool:
    """Whether the member has a profile or any ledger event (erased members keep events)."""
    with ws.session() as session:
        if session.get(Member, member_id) is not None:
            return True
        query = select(ConsentEvent.seq).where(ConsentEvent.member_id == member_id).limit(1)
        return session.scalar(query) is not None
