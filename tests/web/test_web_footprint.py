"""/my/footprint: upload a data export, see what would train AI, import what is confirmed."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_helpers import FR, OTHER, csrf_of, login, make_settings

from consentgate.models import ContentRecord
from consentgate.network.archive_synth import Quirks, synth_export
from consentgate.web.app import create_app
from consentgate.workspace import Workspace

URL = "/my/footprint"


def _upload(client: TestClient, data: bytes, choice: str = "default") -> tuple[int, str]:
    token = csrf_of(client, URL)
    files = {"export": ("export.zip", data, "application/zip")}
    answer = client.post(URL, data={"csrf_token": token, "choice": choice}, files=files)
    return answer.status_code, answer.text


def _records(ws: Workspace) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(ContentRecord)) or 0)


def test_members_only(client: TestClient) -> None:
    answer = client.get(URL, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_upload_shows_summary_table_and_stores_nothing(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client)
    made = synth_export(11, Quirks(on=frozenset({"multiline", "bom"})))
    files_before = sorted(p.name for p in web_ws.home.rglob("*"))
    status, page = _upload(client, made.data)
    assert status == 200, page
    used = int(re.search(r'data-testid="used-count">(\d+)<', page).group(1))  # type: ignore[union-attr]
    assert used == sum(made.used.values())
    assert 'data-testid="footprint-table"' in page and "Private messages" in page
    assert "[EMAIL]" in page
    for secret in made.never_texts:
        assert html.escape(secret) not in page and secret not in page
    assert 'href="data:application/json;base64,' in page
    assert _records(web_ws) == 0
    assert sorted(p.name for p in web_ws.home.rglob("*")) == files_before


def test_not_an_export_is_one_line_422(client: TestClient) -> None:
    login(client)
    status, page = _upload(client, b"PK not really")
    assert status == 422
    assert "export.zip: not a zip file" in page


def test_own_size_limit_above_the_default_body_limit(web_ws: Workspace) -> None:
    settings = make_settings(max_body_bytes=1024, footprint_max_bytes=4 * 1024 * 1024)
    assert settings.web.body_limit(URL) > settings.web.body_limit("/api/v1/me")
    with TestClient(create_app(web_ws, settings)) as client:
        login(client)
        status, _page = _upload(client, synth_export(3).data)
        assert status == 200
    small = make_settings(footprint_max_bytes=2000)
    with TestClient(create_app(web_ws, small)) as client:
        login(client)
        status, page = _upload(client, synth_export(3).data)
        assert status == 413


def test_import_what_is_confirmed_once(client: TestClient, web_ws: Workspace) -> None:
    login(client)
    _status, page = _upload(client, synth_export(12).data)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    ids = re.findall(r'name="record" value="([^"]+)"', page)
    assert len(ids) >= 2
    form = {"csrf_token": csrf_of(client, URL), "token": html.unescape(token), "record": ids[:2]}
    answer = client.post(URL + "/import", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == URL + "?imported=2"
    assert _records(web_ws) == 2
    client.post(URL + "/import", data=form)
    assert _records(web_ws) == 2
    # Another member cannot replay this list.
    other = TestClient(client.app)
    login(other, OTHER)
    form["csrf_token"] = csrf_of(other, URL)
    refused = other.post(URL + "/import", data=form)
    assert refused.status_code == 422 and "not made for you" in refused.text
    with web_ws.session() as session:
        owners = set(session.scalars(select(ContentRecord.member_id)))
    assert owners == {FR.member_id}
