"""Property: after any sequence of changes, a chain of incremental builds equals full builds.

Hypothesis draws a small network and a few steps; each step changes some inputs (a choice,
a restriction, a notice, new content, a profile edit, an erasure, a new member) and/or moves
the as-of time forward, then builds with the previous version as parent and from scratch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pipeline_helpers import AS_OF, content, file_bytes, insert_rows, member
from sqlalchemy import select, update

from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.requests import file_request
from consentgate.models import Member
from consentgate.pipeline.build import BuildComponents, build_dataset
from consentgate.workspace import Workspace

UTC = dt.UTC
MEMBERS = [f"p{i}" for i in range(6)]
COUNTRIES = ["US", "FR", "CA", "DE"]

change = st.one_of(
    st.tuples(st.just("choice"), st.sampled_from(MEMBERS), st.booleans(), st.integers(-40, 40)),
    st.tuples(st.just("restriction"), st.sampled_from(MEMBERS), st.integers(-40, 40)),
    st.tuples(st.just("notice"), st.sampled_from(MEMBERS), st.integers(-80, 40)),
    st.tuples(st.just("post"), st.sampled_from(MEMBERS), st.integers(-40, 40)),
    st.tuples(st.just("headline"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("erase"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("join"), st.sampled_from(COUNTRIES)),
)
step = st.tuples(st.lists(change, max_size=3), st.just(0) | st.integers(1, 60))


def _network(ws: Workspace, births: list[int], countries: list[str]) -> None:
    rows = [
        member(m, country=c, birth_date=dt.date(2008, 1, 15) + dt.timedelta(days=b))
        for m, b, c in zip(MEMBERS, births, countries, strict=True)
    ]
    posts = [content(f"c-{m}", m, text=f"Thoughts of {m} on data") for m in MEMBERS]
    insert_rows(ws, rows, posts)


def _apply(ws: Workspace, item: tuple[Any, ...], as_of: dt.datetime, serial: int) -> None:
    kind, *args = item
    with ws.session() as session:
        present = set(session.scalars(select(Member.member_id)))
    if kind == "join":
        insert_rows(ws, [member(f"n{serial}", country=args[0], name=f"Newton{serial} Joiner")])
        return
    who = args[0]
    if who not in present:
        return
    at = as_of + dt.timedelta(days=args[-1]) if isinstance(args[-1], int) else as_of
    if kind == "choice":
        event = LedgerEvent(f"e{serial}", who, at, "ai_training_setting", "web", args[1])
        insert_rows(ws, [], [], [event])
    elif kind == "restriction":
        insert_rows(ws, [], [], [LedgerEvent(f"e{serial}", who, at, "restriction", "web")])
    elif kind == "notice":
        event = LedgerEvent(f"e{serial}", who, at, "notice_delivered", "web", None,
                            "linkedin-2025")  # fmt: skip
        insert_rows(ws, [], [], [event])
    elif kind == "post":
        insert_rows(ws, [], [content(f"x{serial}", who, created_at=at, text=f"Post {serial}")])
    elif kind == "headline":
        with ws.session() as session:
            session.execute(
                update(Member).where(Member.member_id == who).values(headline=f"H{serial}")
            )
    elif kind == "erase":
        with ws.session() as session:
            file_request(session, who, "erasure", at=as_of - dt.timedelta(days=1))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    births=st.lists(st.integers(-3000, 400), min_size=6, max_size=6),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=6, max_size=6),
    steps=st.lists(step, min_size=1, max_size=4),
)
def test_incremental_chain_equals_full_builds(
    parts: BuildComponents, births: list[int], countries: list[str], steps: list[Any]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "home")
        try:
            _network(ws, births, countries)
            as_of = AS_OF
            parent = build_dataset(ws, as_of=as_of, policy="linkedin-2025", shards=3,
                                   components=parts)  # fmt: skip
            serial = itertools.count()
            for changes, days in steps:
                for item in changes:
                    _apply(ws, item, as_of, next(serial))
                as_of += dt.timedelta(days=days)
                kw: dict[str, Any] = {"as_of": as_of, "policy": "linkedin-2025", "shards": 3}
                inc = build_dataset(ws, parent=parent.version, components=parts, **kw)
                full = build_dataset(ws, components=parts, **kw)
                assert file_bytes(inc.path) == file_bytes(full.path)
                assert inc.manifest["counts"] == full.manifest["counts"]
                parent = inc
        finally:
            ws.close()
