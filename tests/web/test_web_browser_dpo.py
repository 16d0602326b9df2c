"""In Chromium: the footprint page, the DPO's actions (close with an outcome, start forgetting,
the evidence pack), a member refused each of them; screenshots for docs/screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import FR, PASSWORD, populate_history, write_dataset, write_model

from consentgate.network.archive_synth import Quirks, synth_export
from consentgate.workflows.dpo import wait_for_forgetting
from consentgate.workspace import Workspace

pytestmark = pytest.mark.browser
OBJECTION = "/mypreferences/d/data-processing-objection"
SETTING = "/mypreferences/d/settings/data-for-ai-improvement"


def _page(browser: object, width: int = 1280) -> object:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    return context.new_page()


def _member(page: object, server: str) -> None:
    page.goto(f"{server}/login")  # type: ignore[attr-defined]
    page.fill("input[name=email]", FR.email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]


def test_member_sees_their_footprint(
    browser: object,
    live_server: str,
    shots: Path,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    made = synth_export(11, Quirks(on=frozenset({"multiline", "subfolder"})))
    export = tmp_path / "my-export.zip"
    export.write_bytes(made.data)
    page = _page(browser)
    _member(page, live_server)
    page.goto(f"{live_server}/my/footprint")
    page.set_input_files("input[name=export]", str(export))
    page.get_by_role("button", name="Show my footprint").click()
    expect(page.get_by_test_id("used-count")).to_have_text(str(sum(made.used.values())))
    page.select_option("select[data-filter=used]", "yes")
    hidden = page.locator("#footprint-table tbody tr[data-used=no]").first
    expect(hidden).to_be_hidden()
    page.screenshot(path=str(shots / "10-footprint.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("footprint-json").click()
    assert download.value.suggested_filename == "my-ai-footprint.json"
    page.get_by_test_id("import-button").click()
    expect(page.get_by_test_id("imported")).to_contain_text("imported")


def test_dpo_closes_a_request_starts_forgetting_and_downloads_the_pack(
    browser: object,
    live_server: str,
    shots: Path,
    sqlite_workspace: Workspace,
) -> None:
    from playwright.sync_api import expect

    write_dataset(
        sqlite_workspace, "d1", "2026-01-01T00:00:00+00:00", [("c1", FR.member_id, "post")]
    )
    write_model(sqlite_workspace, "m1", "d1", "2000-01-01T00:00:00+00:00")
    member = _page(browser)
    _member(member, live_server)
    member.goto(f"{live_server}{OBJECTION}")
    member.get_by_role("button", name="Submit").click()
    dpo = _page(browser)
    dpo.goto(f"{live_server}/dpo")
    dpo.fill("input[name=username]", "dpo")
    dpo.fill("input[name=password]", PASSWORD)
    dpo.click("button[type=submit]")
    row = dpo.get_by_test_id("open-requests").locator("tbody tr").first
    row.locator("select[name=outcome]").select_option("refused")
    row.locator("input[name=reason]").fill("Compelling legitimate grounds (art. 21(1))")
    dpo.screenshot(path=str(shots / "11-dpo-actions.png"), full_page=True)
    row.get_by_role("button", name="Close").click()
    expect(dpo.get_by_test_id("closed-notice")).to_be_visible()
    member.goto(f"{live_server}{OBJECTION}")
    expect(member.get_by_test_id("outcome")).to_have_text("refused")
    with dpo.expect_download() as download:
        dpo.get_by_test_id("evidence-pack").click()
    assert download.value.suggested_filename.startswith("evidence-pack-")
    dpo.get_by_test_id("start-forgetting").click()
    assert wait_for_forgetting(60)
    dpo.reload()
    expect(dpo.get_by_test_id("forget-state")).to_be_visible()
    dpo.screenshot(path=str(shots / "12-dpo-forgetting.png"), full_page=True)


def test_a_member_may_not_act_as_dpo(browser: object, live_server: str) -> None:
    page = _page(browser)
    _member(page, live_server)
    for path in ("/dpo", "/dpo/forget", "/dpo/evidence.zip"):
        response = page.request.get(f"{live_server}{path}")  # type: ignore[attr-defined]
        assert response.status == 403, path
    response = page.request.post(f"{live_server}/dpo/forget", form={"csrf_token": "x"})  # type: ignore[attr-defined]
    assert response.status == 403


def _no_sideways_scroll(page: object) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))  # type: ignore[attr-defined]


def test_phone_375px_in_french_no_sideways_scroll_switch_before_menu(
    browser: object, live_server: str, shots: Path, sqlite_workspace: Workspace
) -> None:
    from playwright.sync_api import expect

    populate_history(sqlite_workspace)
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 375, "height": 740}, locale="fr-FR", is_mobile=True
    )
    page = context.new_page()
    _member(page, live_server)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    switch = page.get_by_test_id("ai-switch").bounding_box()
    menu = page.locator("aside.sidebar").bounding_box()
    lang = page.get_by_test_id("language-switch").bounding_box()
    assert switch and menu and lang and switch["y"] < menu["y"] and lang["y"] < menu["y"]
    page.screenshot(path=str(shots / "13-setting-fr-375.png"), full_page=True)
    for path in (SETTING, "/notices", OBJECTION, "/mypreferences/d/my-data-and-ai",
                 "/my/footprint", "/mypreferences/d/password"):  # fmt: skip
        page.goto(f"{live_server}{path}")
        assert _no_sideways_scroll(page) <= 375, path
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    dpo = context.new_page()
    dpo.goto(f"{live_server}/dpo/login")
    dpo.fill("input[name=username]", "dpo")
    dpo.fill("input[name=password]", PASSWORD)
    dpo.click("button[type=submit]")
    expect(dpo.get_by_test_id("ledger-status")).to_be_visible()
    assert _no_sideways_scroll(dpo) <= 375
    top = [dpo.locator(s).bounding_box() for s in (".brand", ".topnav")]
    assert all(box and box["x"] + box["width"] <= 375 for box in top)
    dpo.screenshot(path=str(shots / "14-dpo-375.png"), full_page=True)
    context.close()
