"""The synthetic network: deterministic, valid, and shaped like the real story."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from consentgate.cli import main
from consentgate.network.interchange import import_directory
from consentgate.network.synth import SyntheticNetwork, generate_network
from consentgate.network.synth_data import EEA_CH_UK, NOTICE_COUNTRIES
from consentgate.workspace import Workspace

FRENCH = re.compile(
    r"\b(les|des|de|la|le|et|un|une|pour|avec|nous|vous|sur|chez|merci|bonjour|à|équipe|mon|"
    r"devrait|félicitations|d'accord|c'est|ravi·e|fier·e|vivement)\b",
    re.I,
)
ENGLISH = re.compile(r"\b(the|and|for|with|we|thanks|my|our|your)\b", re.I)


@pytest.fixture(scope="module")
def network() -> SyntheticNetwork:
    return generate_network(2000, seed=11)


def _at(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None
    return parsed


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    generate_network(150, seed=3).write_interchange(tmp_path / "a")
    generate_network(150, seed=3).write_interchange(tmp_path / "b")
    generate_network(150, seed=4).write_interchange(tmp_path / "c")
    for name in ("members.jsonl", "content.jsonl", "events.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()


def test_ids_countries_and_minors(network: SyntheticNetwork) -> None:
    members = network.members
    assert [m["member_id"] for m in members[:3]] == ["m000001", "m000002", "m000003"]
    countries = Counter(m["country"] for m in members)
    expected = {"FR", "US", "GB", "DE", "ES", "IT", "NL", "BR", "IN", "CH", "CA", "HK", "BE"}
    assert expected <= set(countries)
    assert countries["US"] > countries["HK"]
    policy_day = dt.date(2025, 11, 3)

    def age(m: dict[str, Any], on: dt.date) -> int:
        born = dt.date.fromisoformat(m["birth_date"])
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    minors = sum(age(m, policy_day) < 18 for m in members) / len(members)
    assert 0.015 < minors < 0.05
    turning = [
        m
        for m in members
        if age(m, dt.date(2024, 1, 1)) < 18 and age(m, dt.date(2026, 10, 31)) >= 18
    ]
    assert len(turning) >= 10
    assert all(_at(m["created_at"]) < dt.datetime(2025, 7, 1, tzinfo=dt.UTC) for m in members)
    assert any(m.get("salary") for m in members)
    assert {m["education"][0]["school"] for m in members if m["country"] == "FR"} & {
        "HEC Paris",
        "Université Lyon 2",
        "Sorbonne Université",
    }


def test_content_mix_language_and_links(network: SyntheticNetwork) -> None:
    content = network.content
    assert 8 <= len(content) / len(network.members) <= 12
    kinds = Counter(c["kind"] for c in content)
    assert set(kinds) == {
        "post", "article", "comment", "group_post", "recruiter_message",
        "private_message", "ai_prompt", "feedback", "salary",
    }  # fmt: skip
    country = {m["member_id"]: m["country"] for m in network.members}
    posts = [c for c in content if c["kind"] in ("post", "comment", "article")]
    fr = [c["text"] for c in posts if country[c["member_id"]] in ("FR", "CH", "BE")]
    us = [c["text"] for c in posts if country[c["member_id"]] == "US"]
    assert sum(bool(FRENCH.search(t)) for t in fr) / len(fr) > 0.8
    assert sum(bool(FRENCH.search(t)) for t in us) / len(us) < 0.1
    assert sum(bool(ENGLISH.search(t)) for t in us) / len(us) > 0.6
    by_id = {c["record_id"]: c for c in content}
    for comment in (c for c in content if c["kind"] == "comment"):
        parent = by_id[comment["parent_id"]]
        assert parent["kind"] in ("post", "article", "group_post")
        assert _at(comment["created_at"]) >= _at(parent["created_at"])
        assert comment["record_id"] > parent["record_id"]
    visibilities = Counter(c["visibility"] for c in content if c["kind"] == "group_post")
    assert visibilities["group_public"] and visibilities["group_private"]
    assert all(c["visibility"] == "private" for c in content if c["kind"] == "private_message")


def test_texts_mention_members_and_carry_their_contact_details(
    network: SyntheticNetwork,
) -> None:
    texts = [c["text"] for c in network.content]
    names = {m["name"] for m in network.members}
    emails = {m["email"] for m in network.members}
    phones = {m["phone"] for m in network.members if m["phone"]}

    def mentions(text: str) -> bool:
        words = re.findall(r"[\w'-]+", text)
        return any(" ".join(words[i : i + 2]) in names for i in range(len(words) - 1))

    assert sum(mentions(t) for t in texts[:3000]) > 300
    email_re = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    found_emails = {e.rstrip(".") for t in texts for e in email_re.findall(t)}
    assert len(found_emails & emails) > 50
    phone_re = re.compile(r"[+(]?\d[\d ().-]{6,}\d")
    found_phones = {p for t in texts for p in phone_re.findall(t)}
    assert len(found_phones & phones) > 50
    assert any("https://" in t for t in texts)
    assert any(
        re.search(r"\d+.*(rue|Street|Road|Avenue|avenue|Straße|Via|Calle)", t) for t in texts
    )


def test_event_story(network: SyntheticNetwork) -> None:
    country = {m["member_id"]: m["country"] for m in network.members}
    events = network.events
    assert [e["event_id"] for e in events] == sorted(e["event_id"] for e in events)
    times = [_at(e["at"]) for e in events]
    assert times == sorted(times)  # ledger order is time order
    notices = [e for e in events if e["type"] == "notice_delivered"]
    assert notices and all(country[e["member_id"]] in NOTICE_COUNTRIES for e in notices)
    assert all(e["policy_version"] == "linkedin-2025" for e in notices)
    assert all(
        dt.datetime(2025, 9, 15, tzinfo=dt.UTC)
        <= _at(e["at"])
        < dt.datetime(2025, 9, 20, tzinfo=dt.UTC)
        for e in notices
    )
    notice_members = {e["member_id"] for e in notices}
    eea = [m for m in country if country[m] in EEA_CH_UK]
    assert len(notice_members & set(eea)) > 0.8 * len(eea)
    effective = dt.datetime(2025, 11, 3, tzinfo=dt.UTC)
    responses = [e for e in events if e["type"] == "notice_response"]
    refusals = [e for e in responses if e["value"] == "refuse"]
    assert refusals and any(e["value"] == "accept" for e in responses)
    assert all(_at(e["at"]) < effective and e["member_id"] in notice_members for e in responses)
    objections = [e for e in events if e["type"] == "objection"]
    assert objections and all(country[e["member_id"]] in NOTICE_COUNTRIES for e in objections)
    flips = [e for e in events if e["type"] == "ai_training_setting"]
    elsewhere = [e for e in flips if country[e["member_id"]] not in NOTICE_COUNTRIES]
    assert {_at(e["at"]).year for e in elsewhere} == {2024, 2025, 2026}
    assert {e["value"] for e in elsewhere} == {True, False}
    assert any(e["channel"] == "gpc" for e in elsewhere)
    types = Counter(e["type"] for e in events)
    assert types["restriction"] >= 2 and types["erasure"] >= 2


def test_erasure_is_last_and_after_the_members_content(network: SyntheticNetwork) -> None:
    erased = {e["member_id"]: _at(e["at"]) for e in network.events if e["type"] == "erasure"}
    assert "m000008" in erased  # the erased persona
    for event in network.events:
        if event["member_id"] in erased:
            assert _at(event["at"]) <= erased[event["member_id"]]
    for record in network.content:
        if record["member_id"] in erased:
            assert _at(record["created_at"]) < erased[record["member_id"]]


def test_synth_imports_cleanly_and_idempotently(workspace: Workspace, tmp_path: Path) -> None:
    network = generate_network(120, seed=5)
    network.write_interchange(tmp_path / "net")
    first = import_directory(workspace, tmp_path / "net")
    assert first.members_added + first.erased_skipped >= 120
    assert first.content_added > 600 and first.events_added == len(network.events)
    assert first.passwords_hashed == 9  # the first ten have one; m000008 is erased
    again = import_directory(workspace, tmp_path / "net")
    assert again.members_added == again.content_added == again.events_added == 0
    assert again.members_unchanged == first.members_added


def test_synth_command_out_and_into_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(tmp_path / "h"), "synth", "-n", "40", "--seed", "2", "--out",
                 str(tmp_path / "o")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("synthesised 40 members, ")
    assert (tmp_path / "o" / "events.jsonl").exists()
    assert not (tmp_path / "h").exists()  # --out writes files only
    assert main(["--home", str(tmp_path / "h"), "synth", "-n", "40", "--seed", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("imported 3") or lines[1].startswith("imported ")
    assert "members" in lines[1] and "records/s" in lines[1]
