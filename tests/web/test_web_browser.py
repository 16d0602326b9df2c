"""The member pages and the DPO dashboard in Debian's Chromium, driven by Playwright.

The app runs under uvicorn on 127.0.0.1 (a free port, in a thread; the fixtures are
browser_fixtures.py's); screenshots go to test-output/screenshots/. Without
/usr/bin/chromium these tests fail (`make test` installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import FR, NOTICE, PASSWORD, populate_history

from consentgate.workspace import Workspace

pytestmark = pytest.mark.browser

SETTING = "/mypreferences/d/settings/data-for-ai-improvement"


def _page(browser: object) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    return context.new_page()


def test_member_flips_the_switch_answers_a_notice_and_objects(
    browser: object, live_server: str, shots: Path
) -> None:
    from playwright.sync_api import expect

    page = _page(browser)
    page.goto(f"{live_server}{SETTING}")
    expect(page).to_have_url(f"{live_server}/login?next={SETTING}")
    page.screenshot(path=str(shots / "01-login.png"))
    page.fill("input[name=email]", FR.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("notice-banner")).to_be_visible()
    switch = page.get_by_test_id("ai-switch")
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(page.get_by_test_id("history-empty")).to_be_visible()
    page.screenshot(path=str(shots / "02-setting-on.png"), full_page=True)

    switch.click()
    expect(page.get_by_test_id("ai-switch")).to_have_attribute("aria-checked", "false")
    expect(page.get_by_test_id("history")).to_contain_text("Off")
    expect(page.get_by_test_id("setting-source")).to_contain_text("via the website")
    page.screenshot(path=str(shots / "03-setting-off-history.png"), full_page=True)

    page.get_by_role("link", name="Review notice").click()
    notice = page.get_by_test_id(f"notice-{NOTICE}")
    page.screenshot(path=str(shots / "04-notice.png"), full_page=True)
    notice.get_by_role("button", name="Accept").click()
    expect(page.get_by_test_id("notice-status")).to_contain_text("accepted")
    expect(page.get_by_test_id("notice-banner")).to_have_count(0)
    page.get_by_role("button", name="Change to refuse").click()
    expect(page.get_by_test_id("notice-status")).to_contain_text("refused")
    page.screenshot(path=str(shots / "05-notice-refused.png"), full_page=True)

    page.get_by_role("link", name="Data processing objection").click()
    page.check("input[value=restriction]")
    page.fill("textarea[name=reason]", "Je souhaite limiter le traitement.")
    page.screenshot(path=str(shots / "06-objection-form.png"), full_page=True)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("request-confirmation")).to_contain_text("restriction")
    expect(page.get_by_test_id("request-status")).to_have_text("open")
    page.screenshot(path=str(shots / "07-objection-confirmed.png"), full_page=True)

    page.get_by_role("link", name="My data and AI").click()
    expect(page.get_by_test_id("no-datasets")).to_be_visible()
    page.screenshot(path=str(shots / "08-my-data.png"), full_page=True)


def test_dpo_opens_the_dashboard(
    browser: object, live_server: str, shots: Path, sqlite_workspace: Workspace
) -> None:
    from playwright.sync_api import expect

    populate_history(sqlite_workspace)
    page = _page(browser)
    page.goto(f"{live_server}/dpo")
    page.fill("input[name=username]", "dpo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("ledger-status")).to_contain_text("Hash chain verified")
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator("tr.overdue")).to_contain_text("overdue")
    page.screenshot(path=str(shots / "09-dpo-dashboard.png"), full_page=True)


def test_a_member_is_refused_the_dashboard(browser: object, live_server: str) -> None:
    page = _page(browser)
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", FR.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    response = page.goto(f"{live_server}/dpo")
    assert response is not None and response.status == 403


def test_api_docs_render_under_the_apps_own_csp(
    browser: object, live_server: str, shots: Path
) -> None:
    """Swagger UI from this origin only, no CSP violation, every operation shown."""
    from playwright.sync_api import expect

    page = _page(browser)
    violations: list[str] = []
    foreign: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    page.on(  # type: ignore[attr-defined]
        "request", lambda req: None if req.url.startswith(live_server) else foreign.append(req.url)
    )
    page.goto(f"{live_server}/api/docs")  # type: ignore[attr-defined]
    expect(page.locator(".opblock").first).to_be_visible()  # type: ignore[attr-defined]
    assert page.locator(".opblock").count() >= 9  # type: ignore[attr-defined]
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/auth/token").first
    ).to_be_visible()  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "10-api-docs.png"), full_page=True)  # type: ignore[attr-defined]
    assert violations == [] and foreign == []
