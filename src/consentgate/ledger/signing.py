"""Signed tree heads (RFC 9162 style) with Ed25519, and the ledger's keys.

A signed head says "the log had `tree_size` events and this root at `timestamp`", signed
over `CONTEXT || version || timestamp (8 bytes) || tree_size (8 bytes) || root (32 bytes)`,
the fields of RFC 9162's TreeHeadSignature. It carries the public key it was signed with
and that key's id (the first 16 bytes of SHA-256 over the raw public key, hex), so a
reader can check it alone and compare the key id with the one the operator publishes.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import functools
import hashlib
import struct
import time
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEAD_VERSION = 1
CONTEXT = b"consentgate ledger tree head\x00"
_HEX = frozenset("0123456789abcdef")


class HeadFormatError(ValueError):
    """A signed head (a heads-file line, a manifest's copy) is not well formed."""


def key_id(public_key: bytes) -> str:
    """The public fingerprint of a raw Ed25519 public key (32 hex digits)."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_text(key: Ed25519PrivateKey) -> str:
    """A private key as a key file holds it: base64 of the raw 32 bytes."""
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """A private key from base64 of its raw 32 bytes, or from a PEM (PKCS #8) text."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        loaded = serialization.load_pem_private_key(stripped.encode(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return loaded
    try:
        raw = base64.b64decode(stripped, validate=True)
    except binascii.Error:
        raise ValueError("not base64 of a raw Ed25519 key, nor a PEM key") from None
    if len(raw) != 32:
        raise ValueError(f"a raw Ed25519 key is 32 bytes, not {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and set(text) <= _HEX


@dataclass(frozen=True, slots=True)
class SignedHead:
    """A tree head (size, root, time in ms since the epoch) and its Ed25519 signature."""

    tree_size: int
    root_hash: str
    timestamp: int
    key_id: str
    public_key: str
    signature: str
    version: int = HEAD_VERSION

    def message(self) -> bytes:
        """The signed bytes."""
        return (
            CONTEXT
            + bytes([self.version])
            + struct.pack(">QQ", self.timestamp, self.tree_size)
            + bytes.fromhex(self.root_hash)
        )

    def signature_ok(self) -> bool:
        """Whether the signature is valid under the head's own public key, and the key id
        is that key's."""
        return _signature_ok(self)

    @property
    def signed_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp / 1000, dt.UTC)

    def describe(self) -> str:
        """One line naming the head: size, root prefix, time and key."""
        when = self.signed_at.isoformat(timespec="seconds")
        return f"size {self.tree_size}, root {self.root_hash[:16]}…, signed {when}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": self.version,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "public_key": self.public_key,
            "signature": self.signature,
        }

    @classmethod
    def from_dict(cls, data: object) -> SignedHead:
        """A head from its JSON form; HeadFormatError names the first bad field."""
        if not isinstance(data, dict):
            raise HeadFormatError("not a JSON object")
        version = data.get("v")
        if version != HEAD_VERSION:
            raise HeadFormatError(f"v: unknown head version {version!r}")
        for name in ("tree_size", "timestamp"):
            value = data.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                raise HeadFormatError(f"{name}: not a non-negative integer")
        texts = {}
        for name in ("root_hash", "key_id", "public_key", "signature"):
            value = data.get(name)
            if not isinstance(value, str):
                raise HeadFormatError(f"{name}: missing or not a string")
            texts[name] = value
        if not _is_hex(texts["root_hash"], 64):
            raise HeadFormatError("root_hash: not 64 hex digits")
        return cls(
            tree_size=data["tree_size"],
            root_hash=texts["root_hash"],
            timestamp=data["timestamp"],
            key_id=texts["key_id"],
            public_key=texts["public_key"],
            signature=texts["signature"],
        )


# Verify checks every head it finds on every run (the dashboard runs it on each load): a
# head's verdict never changes, so it is worked out once per process.
@functools.lru_cache(maxsize=65_536)
def _signature_ok(head: SignedHead) -> bool:
    try:
        raw_key = base64.b64decode(head.public_key, validate=True)
        signature = base64.b64decode(head.signature, validate=True)
        if key_id(raw_key) != head.key_id:
            return False
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, head.message())
    except (ValueError, InvalidSignature):
        return False
    return True


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class Signer:
    """A private key with its public parts worked out once (an append signs every time)."""

    key: Ed25519PrivateKey
    key_id: str
    public_key: str

    @classmethod
    def of(cls, key: Ed25519PrivateKey) -> Signer:
        public = public_bytes(key)
        return cls(key, key_id(public), base64.b64encode(public).decode())

    def sign(self, tree_size: int, root: bytes, timestamp: int | None = None) -> SignedHead:
        """Sign the head of a tree of `tree_size` leaves with this root."""
        unsigned = SignedHead(
            tree_size=tree_size,
            root_hash=root.hex(),
            timestamp=now_ms() if timestamp is None else timestamp,
            key_id=self.key_id,
            public_key=self.public_key,
            signature="",
        )
        signature = base64.b64encode(self.key.sign(unsigned.message())).decode()
        return dataclasses.replace(unsigned, signature=signature)


def sign_head(
    key: Ed25519PrivateKey, tree_size: int, root: bytes, timestamp: int | None = None
) -> SignedHead:
    """Sign the head of a tree of `tree_size` leaves with this root."""
    return Signer.of(key).sign(tree_size, root, timestamp)
