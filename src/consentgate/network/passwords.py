"""Passwords: the project's one argon2id hasher, for import, the CLI and sign-in.

Every hash the project makes, the decoy included, uses one parameter set: OWASP's minimum
for argon2id (19 MiB, 2 passes, 1 lane), ~20 ms a hash on a 2-core VM (RFC 9106's 64 MiB
profile costs ~190 ms, too slow to import a network with). A sign-in for an unknown account
verifies the password against the decoy, a hash made by the same hasher, so that it takes
as long as a wrong password for a real account: the answer's timing does not tell them apart.

Tests may set CONSENTGATE_PASSWORD_PROFILE=test (argon2's cheapest parameters). That switches
every hash and the decoy together, so timings stay uniform; production refuses it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST

from consentgate.errors import ConfigError

PROFILE_ENV = "CONSENTGATE_PASSWORD_PROFILE"
OWASP = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)
PROFILES = {"owasp": OWASP, "test": PasswordHasher.from_parameters(CHEAPEST)}
_DECOYS: dict[str, str] = {}


def _profile() -> str:
    name = os.environ.get(PROFILE_ENV, "owasp") or "owasp"
    if name not in PROFILES:
        raise ConfigError(f"{PROFILE_ENV}: one of {', '.join(PROFILES)} (got {name!r})")
    if name != "owasp" and os.environ.get("CONSENTGATE_ENV") == "production":
        raise ConfigError(f"{PROFILE_ENV}={name} is for tests only, not production")
    return name


def hasher() -> PasswordHasher:
    """The hasher in force (argon2id; its parameters travel inside each hash)."""
    return PROFILES[_profile()]


def _decoy() -> str:
    """A hash of no one's password, made by the hasher in force (once per profile)."""
    name = _profile()
    if name not in _DECOYS:
        _DECOYS[name] = PROFILES[name].hash("no such account")
    return _DECOYS[name]


def hash_password(password: str) -> str:
    """The argon2id hash of a password, in PHC string form."""
    return hasher().hash(password)


def hash_passwords(passwords: Sequence[str], workers: int = 4) -> list[str]:
    """Hash many passwords; argon2-cffi releases the GIL, so threads use every core."""
    if len(passwords) < 4:
        return [hash_password(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(hash_password, passwords))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches; an absent or unreadable hash never matches.

    Without a usable hash the password is checked against the decoy all the same, so that
    every failed check costs one argon2id verification with the parameters in force.
    """
    current = hasher()
    try:
        if stored_hash is not None and stored_hash.startswith("$argon2"):
            return current.verify(stored_hash, password)
    except InvalidHashError:
        pass
    except VerificationError:
        return False
    try:
        current.verify(_decoy(), password)
    except VerificationError:
        pass
    return False


def needs_rehash(stored_hash: str) -> bool:
    """A hash made with other parameters (an older setting, another system's export): after
    a successful sign-in it is replaced, so every account converges on the one parameter set."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
