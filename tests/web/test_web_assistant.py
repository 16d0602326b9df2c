""" "Write with AI": members only, rate limited, streamed through the output filter, the
prompt kept only when the member's data may be used now; and the page in Chromium."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import FR, MINOR, PASSWORD, US, bearer, csrf_of, login, make_settings, populate

from consentgate.assistant.stream import StreamFilter
from consentgate.models import ContentRecord
from consentgate.pipeline.datasets import Row, write_rows
from consentgate.redact import Redactor
from consentgate.training import PRESETS, train_model
from consentgate.web.app import create_app
from consentgate.workspace import Workspace

URL = "/api/v1/assistant/generate"
# What the model memorises: a member's name, e-mail and phone, which must never stream out.
LINE = "Contact Léa Moreau at lea.moreau@exemple.fr or +33 6 12 34 56 78 today"
PII = ("Léa", "Moreau", "lea.moreau", "exemple.fr", "12 34 56")


@pytest.fixture(scope="module")
def trained_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("assistant") / "home")
    populate(ws)
    rows = [Row(f"c{i:03d}", [US, FR][i % 2].member_id, "post", LINE) for i in range(40)]
    write_rows(ws, "d1", rows, shards=2)
    config = PRESETS["tiny"].with_overrides(steps=200, n_ctx=64, lr=1e-2, warmup_steps=5)
    train_model(ws, "d1", config, workers=1)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def app_client(trained_ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(trained_ws, make_settings(assistant_max_requests=50))) as client:
        yield client


def _events(body: str) -> list[tuple[str, dict[str, object]]]:
    found = re.findall(r"event: (\w+)\ndata: (.*)\n\n", body)
    return [(name, json.loads(data)) for name, data in found]


def _generate(client: TestClient, headers: dict[str, str], prompt: str = "Contact") -> list:
    response = client.post(URL, json={"prompt": prompt, "temperature": 0}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return _events(response.text)


def test_signed_in_member_gets_redacted_stream_with_provenance(
    app_client: TestClient, trained_ws: Workspace
) -> None:
    login(app_client, US)
    page = app_client.get("/assistant")
    assert page.status_code == 200 and "Write with AI" in page.text
    token = csrf_of(app_client, "/assistant")
    events = _generate(app_client, {"X-CSRF-Token": token})
    texts = [data["text"] for name, data in events if name in ("text", "replace")]
    shown = "".join(str(t) for t in texts)
    for piece in texts:  # no event, however early, carries the personal data
        assert not [p for p in PII if p in str(piece)]
    assert "[PERSON]" in shown or "[EMAIL]" in shown  # the model did write the contact line
    done = events[-1]
    assert done[0] == "done" and str(done[1]["provenance"]).startswith("model model-")
    assert done[1]["dataset"] == "d1" and int(str(done[1]["tokens"])) > 0
    # the page says whether the prompt is kept, and the database agrees
    kept = done[1]["prompt_recorded"]
    assert ("Your prompt is kept" in page.text) == kept
    with trained_ws.session() as session:
        prompts = session.scalars(
            select(ContentRecord).where(
                ContentRecord.member_id == US.member_id, ContentRecord.kind == "ai_prompt"
            )
        ).all()
    assert [p.text for p in prompts] == (["Contact"] if kept else [])


def test_minor_prompt_is_never_recorded_and_the_page_says_so(
    app_client: TestClient, trained_ws: Workspace
) -> None:
    app_client.cookies.clear()
    login(app_client, MINOR)
    page = app_client.get("/assistant")
    assert "not kept: members under 18" in page.text
    events = _generate(app_client, bearer(app_client, MINOR), prompt="Hello world")
    assert events[-1][1]["prompt_recorded"] is False
    with trained_ws.session() as session:
        kinds = session.scalars(
            select(ContentRecord.kind).where(ContentRecord.member_id == MINOR.member_id)
        ).all()
    assert "ai_prompt" not in kinds


def test_not_signed_in_bad_csrf_and_bad_input_are_refused(trained_ws: Workspace) -> None:
    with TestClient(create_app(trained_ws, make_settings())) as client:
        assert client.post(URL, json={"prompt": "x"}).status_code == 401
        assert client.get("/assistant", follow_redirects=False).status_code == 303
        bad = client.post(URL, json={"prompt": "x"}, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        login(client, FR)
        assert client.post(URL, json={"prompt": "x"}).status_code == 403  # no CSRF header
        token = {"X-CSRF-Token": csrf_of(client, "/assistant")}
        bodies = [
            {"prompt": ""},
            {"prompt": "x", "kind": "tweet"},
            {"prompt": "x" * 501},
            {"prompt": "x", "max_tokens": 10_000},
            {"prompt": "x", "extra": 1},
        ]
        for body in bodies:
            response = client.post(URL, json=body, headers=token)
            assert response.status_code == 422 and "detail" in response.json()


def test_generations_are_rate_limited_per_member(trained_ws: Workspace) -> None:
    settings = make_settings(assistant_max_requests=2, assistant_window_s=3600)
    with TestClient(create_app(trained_ws, settings)) as client:
        auth = bearer(client, US)
        body = {"prompt": "Hi", "max_tokens": 2}
        assert [client.post(URL, json=body, headers=auth).status_code for _ in range(2)] == [
            200,
            200,
        ]
        refused = client.post(URL, json=body, headers=auth)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert "too many generations" in refused.json()["detail"]
        other = client.post(URL, json=body, headers=bearer(client, FR))
        assert other.status_code == 200  # the limit is per member


def test_filter_never_releases_personal_data_fed_one_character_at_a_time() -> None:
    redactor = Redactor(["Léa Moreau"])
    filt = StreamFilter(lambda text: str(redactor.redact(text).text))
    text = LINE + " and then we talk about the data platform for a while longer."
    released = ""
    for char in text:
        released += filt.feed(char)
        assert not [p for p in PII if p in released]
    rest, replace = filt.close()
    final = replace if replace is not None else released + rest
    assert final == str(redactor.redact(text).text)
    assert "[PERSON]" in final and "[EMAIL]" in final and "[PHONE]" in final
    assert released  # text did stream before the end


@pytest.fixture
def live_server(trained_ws: Workspace) -> Iterator[str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(trained_ws, make_settings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.browser
def test_write_with_ai_page_in_chromium(live_server: str, request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(request.config.rootpath) / "test-output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{live_server}/assistant")
        page.fill("input[name=email]", US.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.get_by_test_id("prompt-note")).to_contain_text("Your prompt is")
        page.fill("#assistant-prompt", "Contact")
        page.click("#assistant-go")
        expect(page.get_by_test_id("assistant-provenance")).to_contain_text("Written by model")
        output = page.get_by_test_id("assistant-output").inner_text()
        assert output.startswith("Contact") and not [p for p in PII if p in output]
        page.screenshot(path=str(shots / "20-write-with-ai.png"), full_page=True)
        browser.close()
