"""Member password hashing (argon2id); a clear password is never stored."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from consentgate.errors import MissingDependencyError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

_HASHER: PasswordHasher | None = None


def hasher() -> PasswordHasher:
    """argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): ~20 ms a hash on
    a 2-core VM. RFC 9106's 64 MiB profile costs ~190 ms, too slow to import a network with."""
    global _HASHER
    if _HASHER is None:
        try:
            from argon2 import PasswordHasher
        except ModuleNotFoundError:
            raise MissingDependencyError("argon2-cffi", "web") from None
        _HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
    return _HASHER


def hash_password(password: str) -> str:
    """The argon2id hash of a password, in PHC string form."""
    return hasher().hash(password)


def hash_passwords(passwords: Sequence[str], workers: int = 4) -> list[str]:
    """Hash many passwords; argon2-cffi releases the GIL, so threads use every core."""
    if len(passwords) < 4:
        return [hash_password(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(hash_password, passwords))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether a clear password matches a stored hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
