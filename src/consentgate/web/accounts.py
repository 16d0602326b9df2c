"""Member passwords and staff accounts: setting them (CLI, demo, the password page) and
checking a password (sign-in, erasure) within the sign-in limits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consentgate.errors import UnknownMemberError
from consentgate.i18n import N_
from consentgate.models import Member, MemberSecret, StaffAccount
from consentgate.network.passwords import hash_password, needs_rehash, verify_password
from consentgate.network.sessions import revoke_member_sessions, revoke_staff_sessions
from consentgate.web.errors import InvalidInputError, NotAuthenticatedError
from consentgate.web.security import LoginRateLimiter, normalise_identity

MIN_PASSWORD = 8
STAFF_ROLES = ("dpo",)


def _check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"password: at least {MIN_PASSWORD} characters")


def set_member_password(session: Session, member_id: str, password: str) -> None:
    """Set (or reset) a member's password, stored as an argon2id hash in MemberSecret.

    Every session and API token of the member ends: whoever signed in with the old
    password (or stole a cookie or token) is signed out.
    """
    _check_password_policy(password)
    if session.get(Member, member_id) is None:
        raise UnknownMemberError(member_id)
    secret = session.get(MemberSecret, member_id)
    if secret is None:
        secret = MemberSecret(member_id=member_id)
        session.add(secret)
    secret.password_hash = hash_password(password)
    revoke_member_sessions(session, member_id)
    session.flush()


def create_staff(session: Session, username: str, password: str, role: str = "dpo") -> StaffAccount:
    """Create a staff account (DPO role), or reset the password of an existing one (which
    ends that account's sessions and tokens)."""
    _check_password_policy(password)
    name = username.strip()
    if not name or len(name) > 64:
        raise InvalidInputError("username: 1 to 64 characters")
    if role not in STAFF_ROLES:
        raise InvalidInputError(f"role: must be one of {', '.join(STAFF_ROLES)}")
    staff = session.get(StaffAccount, name)
    if staff is None:
        staff = StaffAccount(username=name, role=role, password_hash="")
        session.add(staff)
    else:
        revoke_staff_sessions(session, name)
    staff.role = role
    staff.password_hash = hash_password(password)
    session.flush()
    return staff


def member_by_email(session: Session, email: str) -> tuple[Member, str | None] | None:
    """The member with this e-mail (case-insensitive) that has a password, and its hash."""
    row = session.execute(
        select(Member, MemberSecret.password_hash)
        .join(MemberSecret, MemberSecret.member_id == Member.member_id)
        .where(func.lower(Member.email) == email.strip().lower())
        .where(MemberSecret.password_hash.is_not(None))
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _upgrade_member_hash(session: Session, member_id: str, stored: str, password: str) -> None:
    """After a successful check, re-hash a password stored with other parameters."""
    if needs_rehash(stored):
        secret = session.get(MemberSecret, member_id)
        if secret is not None:
            secret.password_hash = hash_password(password)


def authenticate_member(
    session: Session, email: str, password: str, address: str, limiter: LoginRateLimiter
) -> Member:
    """The member whose e-mail and password match, within the sign-in limits.

    The attempt is counted (per e-mail and per address) before the password is checked; a
    success gives it back. An unknown e-mail costs the same argon2id check as a wrong
    password (the decoy hash), so the answer's timing does not tell accounts apart.
    """
    attempt = limiter.take(address, email)
    found = member_by_email(session, email)
    stored = found[1] if found else None
    if not verify_password(stored, password) or found is None or stored is None:
        raise NotAuthenticatedError(N_("wrong e-mail or password"))
    limiter.give_back(attempt)
    _upgrade_member_hash(session, found[0].member_id, stored, password)
    return found[0]


def confirm_member_password(
    session: Session, member_id: str, password: str, address: str, limiter: LoginRateLimiter
) -> bool:
    """Whether a signed-in member typed their own password (erasure, password change).

    Counted by the same limits as a sign-in with the member's e-mail: a stolen session
    buys no extra guesses.
    """
    row = session.execute(
        select(Member.email, MemberSecret.password_hash)
        .outerjoin(MemberSecret, MemberSecret.member_id == Member.member_id)
        .where(Member.member_id == member_id)
    ).first()
    identity = (row.email if row is not None and row.email else None) or f"member:{member_id}"
    attempt = limiter.take(address, identity)
    stored = row.password_hash if row is not None else None
    if not verify_password(stored, password) or stored is None:
        return False
    limiter.give_back(attempt)
    return True


def authenticate_staff(
    session: Session, username: str, password: str, address: str, limiter: LoginRateLimiter
) -> StaffAccount:
    """The staff account whose username and password match, within the sign-in limits."""
    attempt = limiter.take(address, "staff:" + normalise_identity(username))
    staff = session.get(StaffAccount, username.strip()) if username.strip() else None
    if not verify_password(staff.password_hash if staff else None, password) or staff is None:
        raise NotAuthenticatedError("wrong username or password")
    limiter.give_back(attempt)
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    return staff
