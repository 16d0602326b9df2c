"""Member passwords and staff accounts: setting them (CLI, demo) and checking a sign-in."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consentgate.errors import UnknownMemberError
from consentgate.ledger.models import StaffAccount
from consentgate.network.models import Member, MemberSecret
from consentgate.web.errors import InvalidInputError, NotAuthenticatedError
from consentgate.web.security import LoginRateLimiter, hash_password, verify_password

MIN_PASSWORD = 8
STAFF_ROLES = ("dpo",)


def _check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"password: at least {MIN_PASSWORD} characters")


def set_member_password(
    session: Session, member_id: str, password: str, hasher: PasswordHasher | None = None
) -> None:
    """Set (or reset) a member's password, stored as an argon2id hash in MemberSecret."""
    _check_password_policy(password)
    if session.get(Member, member_id) is None:
        raise UnknownMemberError(member_id)
    secret = session.get(MemberSecret, member_id)
    if secret is None:
        secret = MemberSecret(member_id=member_id)
        session.add(secret)
    secret.password_hash = hash_password(password, hasher)
    session.flush()


def create_staff(
    session: Session,
    username: str,
    password: str,
    role: str = "dpo",
    hasher: PasswordHasher | None = None,
) -> StaffAccount:
    """Create a staff account (DPO role), or reset the password of an existing one."""
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
    staff.role = role
    staff.password_hash = hash_password(password, hasher)
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


def authenticate_member(
    session: Session, email: str, password: str, ip: str, limiter: LoginRateLimiter
) -> Member:
    """The member whose e-mail and password match, within the sign-in rate limit."""
    limiter.check(ip, email)
    found = member_by_email(session, email)
    if not verify_password(found[1] if found else None, password) or found is None:
        limiter.failed(ip, email)
        raise NotAuthenticatedError("wrong e-mail or password")
    limiter.succeeded(ip, email)
    return found[0]


def authenticate_staff(
    session: Session, username: str, password: str, ip: str, limiter: LoginRateLimiter
) -> StaffAccount:
    """The staff account whose username and password match, within the rate limit."""
    limiter.check(ip, "staff:" + username)
    staff = session.get(StaffAccount, username.strip()) if username.strip() else None
    if not verify_password(staff.password_hash if staff else None, password) or staff is None:
        limiter.failed(ip, "staff:" + username)
        raise NotAuthenticatedError("wrong username or password")
    limiter.succeeded(ip, "staff:" + username)
    return staff
