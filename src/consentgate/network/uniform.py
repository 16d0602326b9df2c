"""A uniform network inserted straight into the tables: N alike members with public posts.

Training tests and benchmarks need many members whose records differ only in their text, so
that a shard's cost tracks its size; the realistic generator (`synth`) is for everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert

from consentgate.models import ContentRecord, Member
from consentgate.workspace import Workspace

UTC = dt.UTC


def member_id_of(index: int) -> str:
    """The member id `insert_uniform_network` gives member `index`."""
    return f"m{index:06d}"


def insert_uniform_network(
    ws: Workspace, members: int, posts_per_member: int, post_text: Callable[[int, int], str]
) -> None:
    """Insert `members` adult US members, each with `posts_per_member` public posts."""
    people: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    for i in range(members):
        member_id = member_id_of(i)
        people.append(
            {
                "member_id": member_id,
                "name": f"Person{i} Example",
                "birth_date": dt.date(1985, 5, 5),
                "country": "US",
                "created_at": dt.datetime(2020, 1, 1, tzinfo=UTC),
                "headline": f"Engineer number {i}",
                "positions": [],
                "education": [],
                "skills": [],
            }
        )
        posts.extend(
            {
                "record_id": f"c{i:06d}{p}",
                "member_id": member_id,
                "kind": "post",
                "text": post_text(i, p),
                "created_at": dt.datetime(2025, 12, 1, tzinfo=UTC),
                "visibility": "public",
            }
            for p in range(posts_per_member)
        )
    with ws.session() as session:
        session.execute(insert(Member), people)
        session.execute(insert(ContentRecord), posts)
