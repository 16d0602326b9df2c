"""Closing an account on the page or through the API runs the whole erasure workflow."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_helpers import FR, OTHER, PASSWORD, US, bearer, csrf_of, login, write_dataset

from consentgate.models import ErasureSuppression, MemberRequest
from consentgate.workspace import Workspace

ROWS = [(f"c{i}", person.member_id, "post") for i, person in enumerate([FR, US, OTHER] * 3)]


def _dataset(ws: Workspace) -> None:
    write_dataset(ws, "v0001", dt.datetime.now(dt.UTC).isoformat(), ROWS)


def _held(ws: Workspace, member_id: str) -> int:
    path = ws.datasets_dir / "v0001"
    lineage = pq.read_table(path / "lineage.parquet")["member_id"].to_pylist()
    shard = pq.read_table(path / "shard-0000.parquet")["member_id"].to_pylist()
    return lineage.count(member_id) + shard.count(member_id)


def _erased(ws: Workspace, member_id: str) -> tuple[int, list[str | None]]:
    """Suppression entries stored, and the reasons left on the member's requests."""
    with ws.session() as session:
        entries = session.scalar(select(func.count()).select_from(ErasureSuppression))
        reasons = session.scalars(
            select(MemberRequest.reason).where(MemberRequest.member_id == member_id)
        ).all()
    return int(entries or 0), list(reasons)


def test_the_close_account_page_rewrites_the_datasets(
    client: TestClient, web_ws: Workspace
) -> None:
    _dataset(web_ws)
    login(client, US)
    token = csrf_of(client, "/mypreferences/d/data-processing-objection")
    filed = client.post(
        "/mypreferences/d/data-processing-objection",
        data={"kind": "objection", "reason": "I am Sam Carter and I object", "csrf_token": token},
    )
    assert filed.status_code == 200
    url = "/mypreferences/d/close-account"
    token = csrf_of(client, url)
    done = client.post(url, data={"confirm": "DELETE", "password": PASSWORD, "csrf_token": token})
    assert "Your account is closed" in done.text
    assert _held(web_ws, US.member_id) == 0 and _held(web_ws, FR.member_id) == 6
    manifest = json.loads((web_ws.datasets_dir / "v0001" / "manifest.json").read_text())
    assert [p["records_removed"] for p in manifest["purges"]] == [3]
    assert _erased(web_ws, US.member_id) == (2, [None, None])  # reasons gone, rows kept


def test_an_erasure_through_the_api_rewrites_the_datasets(
    client: TestClient, web_ws: Workspace
) -> None:
    _dataset(web_ws)
    headers = bearer(client, OTHER)
    body = {"kind": "erasure", "reason": "bye", "password": PASSWORD}
    answer = client.post("/api/v1/me/requests", json=body, headers=headers)
    assert answer.status_code == 201 and answer.json()["status"] == "done"
    assert _held(web_ws, OTHER.member_id) == 0 and _held(web_ws, US.member_id) == 6
    assert _erased(web_ws, OTHER.member_id) == (2, [None])
