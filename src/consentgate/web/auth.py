"""Who a session cookie or a bearer token signs in, read from the server-side sessions.

One SELECT answers for any number of secrets (the API's batches of choices check all their
tokens at once, inside their write transaction): the session rows joined with the members
they sign in. A revoked session has no row, an erased member takes their rows with them,
and an expired row is refused here; so each request sees revocation at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from consentgate.models import AuthSession, Member
from consentgate.network.sessions import Kind, Purpose, is_live, is_well_formed, token_hash
from consentgate.web.errors import ForbiddenError, NotAuthenticatedError
from consentgate.workflows.services import MEMBER_REF_COLUMNS, MemberRef


@dataclass(frozen=True, slots=True)
class Holder:
    """The account behind a live session or token: a member (with their identity) or staff."""

    kind: Kind
    member: MemberRef | None
    staff_username: str | None

    @property
    def subject(self) -> str:
        """The member id or the staff username."""
        return self.member.member_id if self.member is not None else str(self.staff_username)

    def require_member(self) -> MemberRef:
        """The member, or ForbiddenError for a staff session (member endpoints)."""
        if self.member is None:
            raise ForbiddenError("this endpoint is for members")
        return self.member


_HOLDERS = (
    select(
        AuthSession.token_hash,
        AuthSession.kind,
        AuthSession.expires_at,
        AuthSession.staff_username,
        *MEMBER_REF_COLUMNS,
    )
    .outerjoin(Member, Member.member_id == AuthSession.member_id)
    .where(
        AuthSession.token_hash.in_(bindparam("hashes", expanding=True)),
        AuthSession.purpose == bindparam("purpose"),
    )
)


def holders(
    session: Session, hashes: Collection[str], purpose: Purpose, now: dt.datetime
) -> dict[str, Holder]:
    """The live sessions (or tokens) among these hashes, by hash, with their accounts."""
    found: dict[str, Holder] = {}
    rows = session.execute(_HOLDERS, {"hashes": list(hashes), "purpose": purpose})
    for row in rows:
        if not is_live(row.expires_at, now):
            continue
        member = MemberRef(*row[4:]) if row.kind == "member" and row[4] is not None else None
        if row.kind == "member" and member is None:
            continue  # the member is gone (the cascade normally leaves no such row)
        found[row.token_hash] = Holder(row.kind, member, row.staff_username)
    return found


def holder(session: Session, secret_hash: str, purpose: Purpose, now: dt.datetime) -> Holder:
    """The account of one live session or token, or NotAuthenticatedError."""
    found = holders(session, [secret_hash], purpose, now).get(secret_hash)
    if found is None:
        raise NotAuthenticatedError("your session has ended: please sign in")
    return found


def bearer_hash(token: str) -> str:
    """The stored hash of a presented bearer token; a malformed one is refused at once."""
    if not is_well_formed(token):
        raise NotAuthenticatedError("the access token is not valid")
    return token_hash(token)


__all__ = ["Holder", "bearer_hash", "holder", "holders", "token_hash"]
