"""Keyed hash sharding: every record of a member lands in the same shard.

The key is random per workspace and kept in `<home>/pipeline/shard.key`, so every build of a
workspace (and incremental builds against any parent) agrees on where a member lives, while
shard membership cannot be predicted from member ids alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa

from consentgate import keys
from consentgate.errors import ConfigError

KEY_FILE = Path("pipeline") / "shard.key"


def shard_of(member_id: str, shards: int, key: bytes) -> int:
    """The shard (0..shards-1) of a member: keyed BLAKE2b of its id, modulo the shard count."""
    digest = hashlib.blake2b(member_id.encode(), key=key, digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def shard_array(member_ids: pa.Array | pa.ChunkedArray, shards: int, key: bytes) -> pa.Array:
    """`shard_of` for a column of member ids (done once per member, not per record)."""
    return pa.array([shard_of(m, shards, key) for m in member_ids.to_pylist()], pa.int32())


def key_id(key: bytes) -> str:
    """A public fingerprint of the shard key, recorded in manifests."""
    return hashlib.blake2b(key, digest_size=8, person=b"cg-shardkey").hexdigest()


def write_key(home: Path, key: bytes) -> None:
    """Give a new workspace a chosen shard key (a throwaway workspace that must shard the same
    way on every run); an existing key is never replaced."""
    path = home / KEY_FILE
    if path.exists():
        raise ConfigError(f"{path}: the workspace has a shard key already")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key.hex() + "\n", encoding="utf-8")


def load_or_create_key(home: Path) -> bytes:
    """The workspace's shard key, created (mode 0600) on the first build."""
    return keys.load_or_create_key(home / KEY_FILE)
