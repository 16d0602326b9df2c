"""Helpers of the training tests: small datasets written per the dataset contract."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from consentgate.pipeline.datasets import DatasetView, Row, write_rows
from consentgate.pipeline.sharding import KEY_FILE, load_or_create_key, shard_of, write_key
from consentgate.workspace import Workspace

SHARDS = 4
WORDS = "data team project launch python model cloud hiring growth sales design 2025 42".split()


def corpus(members: int = 12, posts: int = 5, seed: int = 0) -> list[Row]:
    """Deterministic posts, headlines and recruiter messages of `members` members."""
    rng = random.Random(seed)
    rows = []
    for m in range(members):
        member = f"m{m:06d}"
        for p in range(posts):
            text = " ".join(rng.choice(WORDS) for _ in range(12))
            rows.append(Row(f"c{m:03d}{p:02d}", member, "post", text))
        rows.append(Row(f"profile:{member}:headline", member, "profile", "Data lead at Acme"))
        rows.append(Row(f"r{m:03d}", member, "recruiter_message", "Hello, are you open to roles?"))
    return rows


# A fixed shard key (a workspace draws a random one): the tests' members land in the same
# shards on every run, every shard holding some of corpus()'s twelve members.
SHARD_KEY = hashlib.blake2b(b"consentgate-training-tests", digest_size=32).digest()


def write(ws: Workspace, version: str, rows: list[Row], parent: str | None = None) -> str:
    """Write a dataset of SHARDS shards (with the fixed shard key); return its version."""
    if not (ws.home / KEY_FILE).exists():
        write_key(ws.home, SHARD_KEY)
    write_rows(ws, version, rows, shards=SHARDS, parent=parent)
    return version


def rebuild_without(rows: list[Row], version: str, *gone: str) -> Callable[..., str]:
    """A dataset rebuild (stand-in for the pipeline's) that drops the `gone` members."""

    def rebuild(ws: Workspace, old: DatasetView) -> str:
        kept = [r for r in rows if r.member_id not in gone]
        write_rows(ws, version, kept, shards=old.shard_count, parent=old.version)
        return version

    return rebuild


def members_in_shards(count: int) -> list[str]:
    """The first `count` member ids (m0, m1, ...) that the fixed key puts in distinct shards."""
    found: dict[int, str] = {}
    index = 0
    while len(found) < count:
        member = f"m{index}"
        found.setdefault(shard_of(member, SHARDS, SHARD_KEY), member)
        index += 1
    return list(found.values())


def shard_of_member(ws: Workspace, member_id: str) -> int:
    """The shard of a member in the workspace's datasets (its keyed sharding)."""
    return shard_of(member_id, SHARDS, load_or_create_key(ws.home))
