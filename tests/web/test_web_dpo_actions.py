"""The DPO acts: close a request with an outcome, start forgetting, the evidence pack; each
action a ledger event with the DPO's name, shown to the member; requests round-trip."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import (
    FR,
    US,
    csrf_of,
    login,
    login_dpo,
    make_settings,
    populate,
    write_dataset,
    write_model,
)

from consentgate.ledger.requests import one_month_after
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ConsentEvent, ContentRecord, MemberRequest
from consentgate.network.interchange import export_directory, import_directory
from consentgate.pipeline.build import build_dataset
from consentgate.policy import load_policy
from consentgate.training import train_model
from consentgate.training.config import PRESETS
from consentgate.web.app import create_app
from consentgate.workflows.dpo import wait_for_forgetting
from consentgate.workspace import Workspace

OBJECTION = "/mypreferences/d/data-processing-objection"


def _object(client: TestClient, kind: str = "objection") -> str:
    token = csrf_of(client, OBJECTION)
    answer = client.post(OBJECTION, data={"csrf_token": token, "kind": kind},
                         follow_redirects=False)  # fmt: skip
    return str(answer.headers["location"].rsplit("/", 1)[-1])


def _close(client: TestClient, request_id: str, outcome: str, reason: str = "") -> int:
    token = csrf_of(client, "/dpo")
    form = {"csrf_token": token, "outcome": outcome, "reason": reason}
    answer = client.post(f"/dpo/requests/{request_id}/close", data=form, follow_redirects=False)
    return answer.status_code


def _events(ws: Workspace, type_: str) -> list[ConsentEvent]:
    with ws.session() as session:
        return list(session.scalars(select(ConsentEvent).where(ConsentEvent.type == type_)))


def test_close_with_outcome_is_a_ledger_event_the_member_sees(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, FR)
    request_id = _object(client)
    dpo = TestClient(client.app)
    login_dpo(dpo)
    assert _close(dpo, request_id, "refused") == 422  # a refusal needs its reason
    assert _events(web_ws, "request_closed") == []
    assert _close(dpo, request_id, "refused", "Compelling legitimate grounds") == 303
    assert _close(dpo, request_id, "granted") == 422  # already closed
    [event] = _events(web_ws, "request_closed")
    value = json.loads(event.value)
    assert (event.member_id, event.channel, value["actor"], value["outcome"]) == (
        FR.member_id, "dpo", "dpo", "refused")  # fmt: skip
    with web_ws.session() as session:
        assert session.get(MemberRequest, request_id).status == "refused"  # type: ignore[union-attr]
        # ER6: the objection still counts as a "no", whatever its outcome.
        state = ConsentLedger(session).state_at(FR.member_id, dt.datetime.now(dt.UTC),
                                                load_policy("linkedin-2025"))  # fmt: skip
        assert state.choice is False
    page = client.get(f"/mypreferences/d/requests/{request_id}").text
    assert "refused by the data protection officer" in page and "Compelling" in page
    history = client.get("/mypreferences/d/settings/data-for-ai-improvement").text
    assert "Your request was refused by the data protection officer" in history
    assert "the data protection officer" in history


def test_a_member_may_not_act_as_dpo(client: TestClient, web_ws: Workspace) -> None:
    login(client, FR)
    request_id = _object(client)
    token = csrf_of(client, OBJECTION)
    form = {"csrf_token": token, "outcome": "granted"}
    assert client.post(f"/dpo/requests/{request_id}/close", data=form).status_code == 403
    assert client.post("/dpo/forget", data={"csrf_token": token}).status_code == 403
    assert client.get("/dpo/evidence.zip").status_code == 403
    assert client.get("/dpo/forget").status_code == 403
    assert _events(web_ws, "request_closed") == []


def test_imported_requests_appear_and_round_trip(
    client: TestClient, web_ws: Workspace, tmp_path: Path
) -> None:
    login(client, FR)
    closed = _object(client)
    other = TestClient(client.app)
    login(other, US)
    _object(other, "restriction")
    dpo = TestClient(client.app)
    login_dpo(dpo)
    assert _close(dpo, closed, "granted") == 303
    export_directory(web_ws, tmp_path / "out")
    fresh = Workspace.open(tmp_path / "fresh", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    import_directory(fresh, tmp_path / "out")
    with fresh.session() as session:
        requests = {r.kind: r for r in session.scalars(select(MemberRequest))}
    assert requests["objection"].status == "done"
    assert requests["restriction"].status == "open"
    export_directory(fresh, tmp_path / "again")
    first = (tmp_path / "out" / "events.jsonl").read_text()
    assert (tmp_path / "again" / "events.jsonl").read_text() == first
    assert '"type": "request_closed"' in first or '"type":"request_closed"' in first


def test_evidence_pack_holds_what_an_auditor_needs(client: TestClient, web_ws: Workspace) -> None:
    write_dataset(web_ws, "d1", "2026-01-01T00:00:00+00:00", [("c1", FR.member_id, "post")])
    (web_ws.datasets_dir / "d1" / "CARD.md").write_text("# Dataset d1\n")
    write_model(web_ws, "m1", "d1", "2026-01-02T00:00:00+00:00")
    (web_ws.models_dir / "m1" / "MODEL_CARD.md").write_text("# Model m1\n")
    (web_ws.models_dir / "m1" / "audit.json").write_text('{"canaries": []}')
    login(client, FR)
    request_id = _object(client)
    dpo = TestClient(client.app)
    login_dpo(dpo)
    _close(dpo, request_id, "granted")
    answer = dpo.get("/dpo/evidence.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as pack:
        names = set(pack.namelist())
        assert {"index.html", "ledger/verify.json", "ledger/signed-checkpoints.jsonl",
                "datasets/d1/manifest.json", "datasets/d1/CARD.md", "models/m1/MODEL_CARD.md",
                "models/m1/audit.json", "forgetting/receipts.json",
                "requests/requests.json"} <= names  # fmt: skip
        assert json.loads(pack.read("ledger/verify.json"))["ok"] is True
        [req] = json.loads(pack.read("requests/requests.json"))
        assert (req["outcome"], req["closed_by"]) == ("granted", "dpo")
        assert (
            req["due_at"]
            == one_month_after(dt.datetime.fromisoformat(req["received_at"])).isoformat()
        )
        assert request_id in pack.read("index.html").decode()


def test_start_forgetting_records_the_action_and_shows_progress(
    client: TestClient, web_ws: Workspace
) -> None:
    write_dataset(web_ws, "d1", "2026-01-01T00:00:00+00:00", [("c1", FR.member_id, "post")])
    write_model(web_ws, "m1", "d1", "2000-01-02T00:00:00+00:00")
    login(client, FR)
    _object(client)  # a withdrawal after the model: pending
    dpo = TestClient(client.app)
    login_dpo(dpo)
    assert 'data-testid="pending-count">1<' in dpo.get("/dpo").text
    answer = dpo.post("/dpo/forget", data={"csrf_token": csrf_of(dpo, "/dpo")},
                      follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/dpo/forget"
    assert wait_for_forgetting(60)
    [event] = _events(web_ws, "forgetting_started")
    assert event.member_id == FR.member_id
    assert json.loads(event.value) == {"actor": "dpo", "model": "m1"}
    page = dpo.get("/dpo/forget").text
    assert 'data-testid="forget-state"' in page
    # This model has no weights to retrain: the run ends failed, saying why, on the page.
    assert "failed" in page
    history = client.get("/mypreferences/d/settings/data-for-ai-improvement").text
    assert "started removing your data from the trained models" in history


def test_forgetting_from_the_dashboard_retrains_and_gives_the_member_a_receipt(
    sqlite_workspace: Workspace,
) -> None:
    """The whole run, real: a dataset built by the pipeline, a tiny model trained on it, the
    member objects, the DPO starts forgetting; the page follows it to a receipt."""
    populate(sqlite_workspace)
    created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with sqlite_workspace.session() as session:
        for member in (FR, US):
            for i in range(6):
                text = f"Notes from the data team, week {i}: shipping the review tool."
                session.add(ContentRecord(record_id=f"{member.member_id}-p{i}",
                                          member_id=member.member_id, kind="post", text=text,
                                          created_at=created, visibility="public"))  # fmt: skip
        session.commit()
    built = build_dataset(sqlite_workspace, as_of=dt.datetime.now(dt.UTC),
                          policy="linkedin-2025", shards=2)  # fmt: skip
    config = PRESETS["tiny"].with_overrides(steps=4, batch_size=2, n_ctx=32, warmup_steps=1)
    train_model(sqlite_workspace, built.version, config, workers=1)
    with TestClient(create_app(sqlite_workspace, make_settings())) as client:
        login(client, FR)
        _object(client)
        dpo = TestClient(client.app)
        login_dpo(dpo)
        dpo.post("/dpo/forget", data={"csrf_token": csrf_of(dpo, "/dpo")})
        assert wait_for_forgetting(120)
        page = dpo.get("/dpo/forget").text
        assert "done: 1 receipt(s) stored" in page and 'value="100"' in page
        assert 'data-testid="pending-count">0<' in dpo.get("/dpo").text
        mine = client.get("/mypreferences/d/my-data-and-ai").text
        assert "record(s) removed" in mine and "6 record(s) removed" in mine
