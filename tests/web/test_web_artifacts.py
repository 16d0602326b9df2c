"""My data and AI, and the DPO dashboard, over datasets, models and receipts on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from web_helpers import FR, US, bearer, login, login_dpo, write_dataset, write_model

from consentgate.ledger.choices import set_choice
from consentgate.models import ForgetReceipt
from consentgate.web.charts import bar_chart, line_chart
from consentgate.web.dashboard import month_ends
from consentgate.workspace import Workspace


def test_my_data_lists_datasets_models_and_receipts(client: TestClient, web_ws: Workspace) -> None:
    rows = [
        (f"profile:{FR.member_id}:headline", FR.member_id, "profile"),
        ("c1", FR.member_id, "post"),
        ("c2", FR.member_id, "post"),
        ("c3", US.member_id, "comment"),
    ]
    write_dataset(web_ws, "ds-1", "2025-11-10T00:00:00+00:00", rows)
    write_model(web_ws, "mdl-1", "ds-1", "2025-11-11T00:00:00+00:00")
    (web_ws.datasets_dir / "broken").mkdir()
    (web_ws.datasets_dir / "broken" / "manifest.json").write_text("{not json")
    with web_ws.session() as session:
        session.add(
            ForgetReceipt(
                receipt_id="rcpt-1",
                member_id=FR.member_id,
                created_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
                payload={
                    "records_removed": 3,
                    "dataset_from": "ds-1",
                    "dataset_to": "ds-2",
                    "model_from": "mdl-1",
                    "model_to": "mdl-2",
                },
            )
        )
    report = client.get("/api/v1/me/data-report", headers=bearer(client, FR)).json()
    assert report["datasets"] == [
        {
            "version": "ds-1",
            "created_at": "2025-11-10T00:00:00+00:00",
            "policy": "linkedin-2025",
            "records": 3,
            "kinds": {"post": 2, "profile": 1},
            "models": ["mdl-1"],
            "forgotten_in": "ds-2",
        }
    ]
    assert [r["receipt_id"] for r in report["receipts"]] == ["rcpt-1"]
    login(client, FR)
    page = client.get("/mypreferences/d/my-data-and-ai").text
    assert "ds-1" in page and "mdl-1" in page and "3 record(s) removed" in page
    assert "rebuilt without you as ds-2" in page


def test_dashboard_charts_datasets_models_and_pending_forgets(
    client: TestClient, web_ws: Workspace
) -> None:
    write_dataset(web_ws, "ds-1", "2025-11-10T00:00:00+00:00", [("c1", FR.member_id, "post")])
    write_model(web_ws, "mdl-1", "ds-1", "2025-11-11T00:00:00+00:00")
    with web_ws.session() as session:
        set_choice(session, US.member_id, False, "web")
    login_dpo(client)
    page = client.get("/dpo").text
    assert "Dataset ds-1: records used and excluded" in page
    assert "said_no" in page and "mdl-1" in page
    assert 'data-testid="pending-count">1</strong> member(s) withdrew' in page
    assert "Members who said no to AI training" in page


def test_charts_escape_labels_and_scale() -> None:
    svg = bar_chart([("used", 10), ("<script>", 5)], title="t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    line = line_chart(["a", "b"], {"FR": [0.0, 50.0]}, title="x")
    assert line.count("<polyline") == 1 and "FR 50%" in line


def test_month_ends_cover_a_year() -> None:
    now = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    points = month_ends(now)
    assert len(points) == 12 and points[-1] == now
    assert points[0] == dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert points == sorted(points)


def test_dashboard_with_nothing_built(client: TestClient, tmp_path: Path) -> None:
    login_dpo(client)
    page = client.get("/dpo").text
    assert "No dataset built yet" in page and "No model trained yet" in page


def test_dpo_api_lists_datasets_models_and_pending_forgets(
    client: TestClient, web_ws: Workspace
) -> None:
    write_dataset(web_ws, "ds-1", "2025-11-10T00:00:00+00:00", [("c1", FR.member_id, "post")])
    write_model(web_ws, "mdl-1", "ds-1", "2025-11-11T00:00:00+00:00")
    with web_ws.session() as session:
        set_choice(session, US.member_id, False, "web")
    dpo = bearer(client, None, username="dpo")
    datasets = client.get("/api/v1/dpo/datasets", headers=dpo).json()
    assert datasets == [
        {
            "version": "ds-1",
            "created_at": "2025-11-10T00:00:00+00:00",
            "policy": "linkedin-2025",
            "used": 1,
            "excluded_by_reason": {"said_no": 4, "minor": 2, "not_public": 1},
        }
    ]
    models = client.get("/api/v1/dpo/models", headers=dpo).json()
    assert [m["version"] for m in models["models"]] == ["mdl-1"]
    assert [(p["member_id"], p["reason"]) for p in models["pending_forgets"]] == [
        (US.member_id, "ai_training_setting")
    ]
    assert client.get("/api/v1/dpo/models", headers=bearer(client, FR)).status_code == 403
