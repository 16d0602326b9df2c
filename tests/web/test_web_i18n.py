"""French and English: Accept-Language and the switch, every member page and message from
the catalogues, dates and numbers in the locale's form, plain words, the notice's law."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from web_helpers import FR, login

from consentgate import i18n
from consentgate.cli import main
from consentgate.ledger.choices import set_choice
from consentgate.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src" / "consentgate" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
SETTING = "/mypreferences/d/settings/data-for-ai-improvement"
MEMBER_PAGES = (SETTING, "/notices", "/mypreferences/d/data-processing-objection",
                "/mypreferences/d/my-data-and-ai", "/my/footprint", "/mypreferences/d/password",
                "/mypreferences/d/close-account")  # fmt: skip
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def test_every_message_of_the_pages_has_its_french() -> None:
    """What `scripts/update_catalogues.py` extracts is all in the French catalogue."""
    method_map = [("src/consentgate/**.py", "python"),
                  ("src/consentgate/web/templates/**.html", "jinja2")]  # fmt: skip
    keywords = {"_": None, "gettext": None, "N_": None}
    found = {m[2] for m in extract_from_dir(str(ROOT), method_map, keywords=keywords)}
    found = {m if isinstance(m, str) else m[0] for m in found}
    with CATALOGUE.open("rb") as po:
        french = {m.id: m.string for m in read_po(po, locale="fr") if m.id}
    assert found, "nothing extracted"
    assert sorted(found - {k for k, v in french.items() if v}) == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [("fr-CH,fr;q=0.9,en;q=0.8", "fr"), ("en-US,en;q=0.9", "en"), ("de-DE", "en"),
     ("de-DE,fr;q=0.4", "fr"), ("", "en"), ("garbage;;q=x", "en")],
)  # fmt: skip
def test_accept_language(header: str, expected: str) -> None:
    assert i18n.negotiate(header) == expected


def test_dates_and_numbers_in_the_locale_form() -> None:
    day = dt.date(2025, 11, 3)
    with i18n.language("fr"):
        assert (i18n.day(day), i18n.long_day(day), i18n.number(12345)) == (
            "3 nov. 2025", "3 novembre 2025", "12\u202f345")  # fmt: skip
    with i18n.language("en"):
        assert (i18n.day(day), i18n.long_day(day), i18n.number(12345)) == (
            "3 Nov 2025", "3 November 2025", "12,345")  # fmt: skip


def test_every_member_page_in_french_from_accept_language_and_the_switch(
    client: TestClient, web_ws: Workspace
) -> None:
    login(client, FR)
    english_words = ("Data privacy", "Sign out", "Close account", "My data and AI")
    for path in MEMBER_PAGES:
        page = client.get(path, headers=FRENCH)
        assert page.status_code == 200 and '<html lang="fr">' in page.text, path
        assert "Confidentialité des données" in page.text and "Se déconnecter" in page.text
        visible = re.sub(r"<[^>]+>", " ", page.text)
        for words in english_words:
            assert words not in visible, (path, words)
    setting = client.get(SETTING, headers=FRENCH).text
    assert "Utiliser mes données pour entraîner les modèles d’IA" in setting
    assert "politique du 3 novembre 2025" in setting
    # The switch wins over Accept-Language, and only a known language is taken.
    answer = client.get("/language/en?next=" + SETTING, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == SETTING
    assert '<html lang="en">' in client.get(SETTING, headers=FRENCH).text
    assert client.get("/language/xx").status_code == 404
    assert (
        client.get("/language/fr?next=//evil.example").headers.get("location") != "//evil.example"
    )


def test_plain_words_and_the_notice_says_what_the_law_requires(
    client: TestClient, web_ws: Workspace
) -> None:
    with web_ws.session() as session:
        set_choice(session, FR.member_id, False, "ios")
        set_choice(session, FR.member_id, True, "gpc")
        session.commit()
    login(client, FR)
    setting = client.get(SETTING).text
    assert 'href="/notices#linkedin-2025"' in setting and "Policy of 3 November 2025" in setting
    assert (
        "the iOS app" in setting
        and "the Global Privacy Control signal from your browser" in setting
    )
    assert "Your questions to the AI features" in setting
    notice = client.get("/notices").text
    assert "legitimate interest (GDPR art. 6(1)(f))" in notice
    assert "Switzerland and the United Kingdom" in notice and "3 November 2025" in notice
    assert "right to object at any time (GDPR art. 21)" in notice
    assert 'href="/mypreferences/d/data-processing-objection"' in notice
    assert "Private messages" in notice and "A no reaches the models already trained" in notice
    french = client.get("/notices", headers=FRENCH).text
    assert "intérêt légitime (RGPD art. 6(1)(f))" in french and "Messages privés" in french


def test_back_on_the_setting_page_goes_somewhere(client: TestClient, web_ws: Workspace) -> None:
    login(client, FR)
    page = client.get(SETTING).text
    href = re.search(r'class="back" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert href != SETTING and client.get(href).status_code == 200


def test_redact_without_an_argument_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "give the TEXT to redact" in err and "--jsonl" in err and "not both" not in err
