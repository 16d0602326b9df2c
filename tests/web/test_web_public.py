"""Public pages and their AI opt-out signals, read with real parsers: protego for robots.txt,
html.parser for the page, json for tdmrep.json and the TDM policy."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import jsonschema
import pytest
from fastapi.testclient import TestClient
from protego import Protego
from web_helpers import FR, MINOR, OTHER, US, bearer

from consentgate.ledger.choices import set_choice
from consentgate.models import ContentRecord, Member, PublicProfile
from consentgate.network.members import describe_member
from consentgate.network.public import is_public_id
from consentgate.web.signals import ai_crawlers, robots_txt
from consentgate.workflows.erasure import erase_member
from consentgate.workspace import Workspace

BASE = "http://testserver"
AI_BOTS = (
    "GPTBot",
    "Google-Extended",
    "CCBot",
    "ClaudeBot",
    "anthropic-ai",
    "PerplexityBot",
    "Applebot-Extended",
    "Bytespider",
    "meta-externalagent",
)


class Meta(HTMLParser):
    """The <meta name=... content=...> tags of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta[str(values["name"])] = str(values.get("content"))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Meta:
    parser = Meta()
    parser.feed(html)
    return parser


def url_of(ws: Workspace, member_id: str) -> str:
    url = describe_member(ws, member_id)["public_url"]
    assert url.startswith("/in/") and is_public_id(url.removeprefix("/in/"))
    return url


def add_post(ws: Workspace, member_id: str, record_id: str, visibility: str = "public") -> None:
    with ws.session() as session:
        session.add(
            ContentRecord(
                record_id=record_id,
                member_id=member_id,
                kind="post",
                text=f"Post {record_id}",
                created_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
                visibility=visibility,
            )
        )
        session.commit()


def choose(ws: Workspace, member_id: str, value: bool) -> None:
    with ws.session() as session:
        set_choice(session, member_id, value, "web")
        session.commit()


def robots(client: TestClient) -> Protego:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return Protego.parse(response.text)


# TDMRep's well-known file (W3C TDMRep report, section 4.1), as a JSON Schema.
TDMREP_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["location", "tdm-reservation"],
        "additionalProperties": False,
        "properties": {
            "location": {"type": "string", "pattern": "^/"},
            "tdm-reservation": {"enum": [0, 1]},
            "tdm-policy": {"type": "string", "format": "uri"},
        },
    },
}


def tdmrep(client: TestClient) -> list[dict[str, object]]:
    response = client.get("/.well-known/tdmrep.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    rules = json.loads(response.text)
    jsonschema.validate(rules, TDMREP_SCHEMA)
    for rule in rules:
        assert rule["tdm-reservation"] == 1 and rule["tdm-policy"] == BASE + "/ai-policy.json"
    return rules


def assert_reserved(client: TestClient, path: str, *, minor: bool = False) -> None:
    page = client.get(path)
    assert page.status_code == 200
    meta = parsed(page.text).meta
    robots_value = ("noindex, " if minor else "") + "noai, noimageai"
    assert meta["robots"] == robots_value
    assert meta["tdm-reservation"] == "1"
    assert page.headers["x-robots-tag"] == robots_value
    assert page.headers["tdm-reservation"] == "1"
    assert page.headers["tdm-policy"] == BASE + "/ai-policy.json"
    assert page.headers["content-usage"] == "train-ai=n"


def assert_free(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert not {"robots", "tdm-reservation"} & set(parsed(page.text).meta)
    for header in ("x-robots-tag", "tdm-reservation", "tdm-policy", "content-usage"):
        assert header not in page.headers


def test_said_no_said_yes_and_minor(client: TestClient, web_ws: Workspace) -> None:
    choose(web_ws, OTHER.member_id, False)  # an adult who said no
    no, yes, minor = (url_of(web_ws, p.member_id) for p in (OTHER, US, MINOR))
    add_post(web_ws, OTHER.member_id, "p-no")
    add_post(web_ws, US.member_id, "p-yes")
    add_post(web_ws, MINOR.member_id, "p-minor")
    assert_reserved(client, no)
    assert_reserved(client, f"{no}/posts/p-no")
    assert_free(client, yes)
    assert_free(client, f"{yes}/posts/p-yes")
    assert_reserved(client, minor, minor=True)
    assert_reserved(client, f"{minor}/posts/p-minor", minor=True)

    parser = robots(client)
    for bot in AI_BOTS:
        assert bot in ai_crawlers().tokens
        assert not parser.can_fetch(BASE + no, bot)
        assert not parser.can_fetch(BASE + f"{no}/posts/p-no", bot)
        assert parser.can_fetch(BASE + yes, bot)
        assert parser.can_fetch(BASE + minor, bot)  # never listed: noindex + page signals
    assert parser.can_fetch(BASE + no, "Googlebot")  # search stays allowed
    text = client.get("/robots.txt").text
    assert f"Content-Usage: {no} train-ai=n" in text
    assert minor not in text and yes not in text
    assert ai_crawlers().checked in text

    locations = {str(rule["location"]) for rule in tdmrep(client)}
    assert locations == {no, f"{no}/*"}
    policy = json.loads(client.get("/ai-policy.json").text)
    assert policy["profile"] == "http://www.w3.org/ns/tdmrep"


def test_changes_mind_at_the_next_request(client: TestClient, web_ws: Workspace) -> None:
    path = url_of(web_ws, US.member_id)
    assert_free(client, path)
    headers = bearer(client, US)
    off = client.put("/api/v1/me/ai-training-setting", json={"enabled": False}, headers=headers)
    assert off.status_code == 200, off.text
    assert_reserved(client, path)
    assert not robots(client).can_fetch(BASE + path, "GPTBot")
    assert {str(r["location"]) for r in tdmrep(client)} >= {path}
    on = client.put("/api/v1/me/ai-training-setting", json={"enabled": True}, headers=headers)
    assert on.status_code == 200, on.text
    assert_free(client, path)
    assert robots(client).can_fetch(BASE + path, "GPTBot")
    assert path not in client.get("/.well-known/tdmrep.json").text


def test_nothing_private_and_erased_is_404(client: TestClient, web_ws: Workspace) -> None:
    with web_ws.session() as session:
        member = session.get(Member, FR.member_id)
        assert member is not None
        member.phone, member.headline = "+33 6 12 34 56 78", "Cheffe de projet data"
        session.commit()
    add_post(web_ws, FR.member_id, "p-public")
    add_post(web_ws, FR.member_id, "p-private", visibility="connections")
    path = url_of(web_ws, FR.member_id)
    page = client.get(path)
    assert page.status_code == 200
    text = " ".join(parsed(page.text).text)
    assert FR.name in text and "Cheffe de projet data" in text and "Post p-public" in text
    for private in (FR.email, "+33 6 12 34 56 78", "1990", "Post p-private", FR.member_id):
        assert private not in page.text
    assert client.get(f"{path}/posts/p-private").status_code == 404
    assert client.get(f"{url_of(web_ws, US.member_id)}/posts/p-public").status_code == 404
    assert client.get("/in/zzzzzzzzzzzz").status_code == 404
    assert client.get("/in/" + "a" * 65).status_code in (404, 422)
    erase_member(web_ws, FR.member_id)
    with web_ws.session() as session:
        assert session.get(PublicProfile, FR.member_id) is None
    assert client.get(path).status_code == 404
    assert client.get(f"{path}/posts/p-public").status_code == 404
    assert path not in client.get("/robots.txt").text


def test_public_ids_are_random_not_the_name(web_ws: Workspace) -> None:
    ids = {url_of(web_ws, p.member_id) for p in (FR, US, MINOR, OTHER)}
    assert len(ids) == 4
    assert url_of(web_ws, FR.member_id) in ids  # stable once drawn
    for p in (FR, US):
        for part in p.name.lower().split():
            assert part not in url_of(web_ws, p.member_id)


@pytest.mark.parametrize("count", [30_000])
def test_robots_txt_stays_under_500_kib(count: int) -> None:
    paths = [f"/in/{i:012d}" for i in range(count)]
    text, left_out = robots_txt(paths)
    assert len(text.encode()) <= 500 * 1024
    assert left_out > 0 and f"{left_out} paths left out" in text
    parser = Protego.parse(text)
    assert not parser.can_fetch(BASE + paths[0], "GPTBot")
    assert parser.can_fetch(BASE + paths[-1], "GPTBot")  # left out: per-page signals only
