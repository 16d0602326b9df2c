"""Ledger test helpers: members inserted with the ORM (the import feature is built elsewhere)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from consentgate.models import ContentRecord, Member, MemberSecret
from consentgate.workspace import Workspace

UTC = dt.UTC


def add_member(
    ws: Workspace,
    member_id: str,
    country: str = "FR",
    birth_date: dt.date = dt.date(1990, 4, 2),
    created_at: dt.datetime = dt.datetime(2021, 3, 4, 10, tzinfo=UTC),
    records: int = 0,
) -> None:
    """One member (with a secret row and `records` public posts)."""
    with ws.session() as session:
        session.add(
            Member(
                member_id=member_id,
                name=f"Name {member_id}",
                email=f"{member_id}@example.org",
                birth_date=birth_date,
                country=country,
                created_at=created_at,
                positions=[],
                education=[],
                skills=[],
            )
        )
        session.flush()
        session.add(MemberSecret(member_id=member_id, password_hash="x", salary_amount=1.0))
        for i in range(records):
            session.add(
                ContentRecord(
                    record_id=f"{member_id}-r{i}",
                    member_id=member_id,
                    kind="post",
                    text="hello",
                    created_at=created_at,
                    visibility="public",
                )
            )


@pytest.fixture
def member_factory(workspace: Workspace) -> Callable[..., None]:
    """add_member bound to the test's workspace."""

    def make(member_id: str, **kwargs: object) -> None:
        add_member(workspace, member_id, **kwargs)  # type: ignore[arg-type]

    return make
