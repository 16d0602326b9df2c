"""The DPO dashboard and the API give the ledger's verdict, the findings named, never a 500:
malformed rows (an unknown type or channel, a bad `at`, bad JSON in `value`) and rewrites."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from web_helpers import bearer, login_dpo

from consentgate.models import ConsentEvent
from consentgate.training.registry import ModelInfo
from consentgate.web.dashboard import choices_over_time, pending_forgets
from consentgate.workspace import Workspace


def _first(ws: Workspace) -> str:
    with ws.session() as s:
        event_id = s.scalars(select(ConsentEvent.event_id).order_by(ConsentEvent.seq)).first()
    assert event_id is not None
    return event_id


def _raw(column: str, value: str) -> Callable[[Workspace, str], None]:
    def tamper(ws: Workspace, event_id: str) -> None:
        with ws.session() as s:
            s.execute(
                text(f"UPDATE consent_events SET {column} = :v WHERE event_id = :e"),
                {"v": value, "e": event_id},
            )

    return tamper


def _orm(**values: object) -> Callable[[Workspace, str], None]:
    def tamper(ws: Workspace, event_id: str) -> None:
        with ws.session() as s:
            s.execute(
                update(ConsentEvent).where(ConsentEvent.event_id == event_id).values(**values)
            )

    return tamper


# (field, tampering, finding kind, whether PostgreSQL's column types can hold it at all)
TAMPERING = [
    ("type", _orm(type="opt_out"), "malformed", True),
    ("channel", _orm(channel="fax"), "malformed", True),
    ("at", _raw("at", "yesterday"), "malformed", False),
    ("value", _raw("value", "{oops"), "malformed", False),
    ("value", _raw("value", "[1, 2]"), "malformed", True),
    ("value", _orm(value="accept"), "edited", True),
]


@pytest.mark.parametrize(("field", "tamper", "kind", "on_postgres"), TAMPERING)
def test_the_board_and_the_api_name_the_finding(
    client: TestClient,
    web_ws: Workspace,
    field: str,
    tamper: Callable[[Workspace, str], None],
    kind: str,
    on_postgres: bool,
) -> None:
    if not on_postgres and not web_ws.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's timestamptz and json columns refuse this value")
    # The member's own choice first, so the dashboard's charts read an ai_training_setting.
    choice = client.put(
        "/api/v1/me/ai-training-setting", json={"enabled": False}, headers=bearer(client)
    )
    assert choice.status_code == 200, choice.text
    event_id = _first(web_ws)
    tamper(web_ws, event_id)
    verify = client.get("/api/v1/dpo/ledger/verify", headers=bearer(client, None, username="dpo"))
    assert verify.status_code == 200, verify.text
    body = verify.json()
    assert not body["ok"] and body["first_bad_event_id"] == event_id
    finding = body["findings"][0]
    assert (finding["kind"], finding["event_id"]) == (kind, event_id)
    if kind == "malformed":
        assert finding["field"] == field
    login_dpo(client)
    board = client.get("/dpo")
    assert board.status_code == 200, board.text
    assert "Verification FAILED" in board.text and event_id in board.text
    models = client.get("/api/v1/dpo/models", headers=bearer(client, None, username="dpo"))
    assert models.status_code == 200


def test_pending_forgets_skip_a_malformed_row(client: TestClient, web_ws: Workspace) -> None:
    """The withdrawals after the latest model are read past a row a writer broke."""
    for enabled in (True, False):
        answer = client.put(
            "/api/v1/me/ai-training-setting", json={"enabled": enabled}, headers=bearer(client)
        )
        assert answer.status_code == 200, answer.text
    _orm(type="opt_out")(web_ws, _first(web_ws))
    model = ModelInfo(
        "model-x", web_ws.models_dir / "model-x", {"created_at": "2000-01-01T00:00:00+00:00"}
    )
    with web_ws.session() as s:
        pending = pending_forgets(s, model)
        series = choices_over_time(s)
    assert [p.reason for p in pending] == ["ai_training_setting"]
    assert sum(c["no"] for c in series.current.values()) == 1
