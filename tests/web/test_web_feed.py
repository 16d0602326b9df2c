"""The consent feed: the outbox in the ledger's transaction, client-credentials tokens, the
pull feed with its stable cursor, time- and policy-driven entries, erasure."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from web_helpers import FR, MINOR, OTHER, US, bearer

from consentgate.ledger.choices import deliver_notice, set_choice
from consentgate.models import ConsentEvent, ConsentOutbox, FeedMemberState, Member
from consentgate.policy import load_policy
from consentgate.workflows.erasure import erase_member
from consentgate.workflows.feed import resolve_pending, scan_changes
from consentgate.workspace import Workspace

FIELDS = {
    "cursor",
    "member_id",
    "kind",
    "may_train",
    "since",
    "reason",
    "policy",
    "ledger_seq",
    "event_id",
    "at",
}


def feed_client(client: TestClient) -> dict[str, str]:
    """A feed client made by the DPO, and a bearer token of it."""
    dpo = bearer(client, None, username="dpo")
    made = client.post("/api/v1/dpo/feed/clients", json={"name": "feature store"}, headers=dpo)
    assert made.status_code == 201, made.text
    body = {"client_id": made.json()["client_id"], "client_secret": made.json()["client_secret"]}
    token = client.post("/api/v1/auth/client-token", json=body)
    assert token.status_code == 200, token.text
    assert token.json()["scope"] == "consent-feed"
    return {"Authorization": f"Bearer {token.json()['access_token']}", "client": body["client_id"]}


def pull(client: TestClient, headers: dict[str, str], after: str = "0", limit: int = 100) -> dict:
    auth = {"Authorization": headers["Authorization"]}
    page = client.get(f"/api/v1/consent-changes?after={after}&limit={limit}", headers=auth)
    assert page.status_code == 200, page.text
    return page.json()


def test_the_outbox_row_is_in_the_events_transaction(web_ws: Workspace) -> None:
    with web_ws.session() as session:
        before = session.scalar(select(func.count()).select_from(ConsentOutbox))
        set_choice(session, US.member_id, False, "web")
        session.rollback()  # the event and its outbox row go together
        assert session.scalar(select(func.count()).select_from(ConsentOutbox)) == before
        event = set_choice(session, US.member_id, False, "web")
        session.commit()
        row = session.scalars(select(ConsentOutbox).order_by(ConsentOutbox.id.desc())).first()
        assert row is not None and row.event_id == event.event_id
        seq = session.scalar(
            select(ConsentEvent.seq).where(ConsentEvent.event_id == event.event_id)
        )
        assert row.ledger_seq == seq and row.member_id == US.member_id
        events = session.scalar(select(func.count()).select_from(ConsentEvent))
        assert session.scalar(select(func.count()).select_from(ConsentOutbox)) == events


def test_pull_feed_in_order_with_a_stable_cursor(client: TestClient, web_ws: Workspace) -> None:
    headers = feed_client(client)
    member = bearer(client, US)
    for value in (False, True, False):
        answer = client.put(
            "/api/v1/me/ai-training-setting", json={"enabled": value}, headers=member
        )
        assert answer.status_code == 200
    first = pull(client, headers, limit=3)
    assert len(first["entries"]) == 3
    rest = pull(client, headers, after=first["next_cursor"])
    entries = first["entries"] + rest["entries"]
    assert [int(e["cursor"]) for e in entries] == sorted(int(e["cursor"]) for e in entries)
    assert pull(client, headers)["entries"] == entries  # the same entries on a re-read
    assert all(set(e) == FIELDS for e in entries)
    mine = [e for e in entries if e["member_id"] == US.member_id]
    assert [e["may_train"] for e in mine] == [False, True, False]
    assert [e["reason"] for e in mine] == ["said_no", None, "said_no"]
    assert all(
        e["kind"] == "ai_training_setting" and e["event_id"] and e["ledger_seq"] for e in mine
    )
    assert mine[-1]["since"] is not None and mine[-1]["policy"] == "linkedin-2025"
    text = str(entries)
    for private in (US.name, US.email, FR.email, "1985"):
        assert private not in text
    empty = pull(client, headers, after=rest["next_cursor"])
    assert empty == {"entries": [], "next_cursor": rest["next_cursor"]}


def test_feed_tokens_are_scoped_and_revocable(client: TestClient) -> None:
    headers = feed_client(client)
    member = bearer(client, FR)
    assert client.get("/api/v1/consent-changes", headers=member).status_code == 403
    assert client.get("/api/v1/consent-changes").status_code == 401
    feed_only = {"Authorization": headers["Authorization"]}
    assert client.get("/api/v1/me/ai-training-setting", headers=feed_only).status_code == 401
    wrong = {"client_id": headers["client"], "client_secret": "x" * 43}
    assert client.post("/api/v1/auth/client-token", json=wrong).status_code == 401
    for bad in ("-1", "abc", "9" * 30):
        assert (
            client.get(f"/api/v1/consent-changes?after={bad}", headers=feed_only).status_code == 422
        )
    assert client.get("/api/v1/consent-changes?limit=0", headers=feed_only).status_code == 422
    dpo = bearer(client, None, username="dpo")
    assert (
        client.delete(f"/api/v1/dpo/feed/clients/{headers['client']}", headers=dpo).status_code
        == 204
    )
    assert client.get("/api/v1/consent-changes", headers=feed_only).status_code == 401
    assert client.delete("/api/v1/dpo/feed/clients/nope", headers=dpo).status_code == 404
    assert (
        client.post("/api/v1/dpo/feed/clients", json={"name": "x"}, headers=member).status_code
        == 403
    )


def test_openapi_documents_the_feed(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/consent-changes" in spec["paths"]
    assert "/api/v1/auth/client-token" in spec["paths"]
    assert "FeedEntryOut" in spec["components"]["schemas"]


def test_time_and_policy_changes_and_erasure(web_ws: Workspace) -> None:
    policy = load_policy("linkedin-2025")
    with web_ws.session() as session:
        scan_changes(session, policy)  # first publication of every member's answer
        states = {s.member_id: s for s in session.scalars(select(FeedMemberState))}
        assert states[MINOR.member_id].reason == "minor"
        # The minor turns 18 (their birth date moved back): no event, one entry.
        member = session.get(Member, MINOR.member_id)
        assert member is not None
        member.birth_date = dt.date(2000, 1, 5)
        session.commit()
        assert scan_changes(session, policy) == 1
        row = session.scalars(select(ConsentOutbox).order_by(ConsentOutbox.id.desc())).first()
        assert row is not None and (row.kind, row.member_id) == ("turned_18", MINOR.member_id)
        assert row.may_train and row.event_id is None
        assert scan_changes(session, policy) == 0  # nothing new, nothing published
        # A new default policy: members whose answer changes get `policy_changed` entries.
        changed = scan_changes(session, load_policy("privacy-by-default"))
        kinds = set(
            session.scalars(
                select(ConsentOutbox.kind).where(ConsentOutbox.kind == "policy_changed")
            )
        )
        assert changed >= 1 and kinds == {"policy_changed"}
    erase_member(web_ws, OTHER.member_id)
    with web_ws.session() as session:  # blanked in the erasure's own transaction
        kept = select(ConsentOutbox.event_id).where(
            ConsentOutbox.member_id == OTHER.member_id, ConsentOutbox.kind != "erasure"
        )
        assert set(session.scalars(kept)) == {None}
        resolve_pending(session, policy)
        session.commit()
        rows = session.scalars(
            select(ConsentOutbox).where(ConsentOutbox.member_id == OTHER.member_id)
        ).all()
        erasure = [r for r in rows if r.kind == "erasure"]
        assert len(erasure) == 1 and erasure[0].reason == "erased" and not erasure[0].may_train
        for row in rows:
            if row.kind != "erasure":
                assert (row.since, row.event_id, row.ledger_seq, row.reason) == (
                    None,
                    None,
                    None,
                    "erased",
                )


def _last(session: Session, member_id: str) -> ConsentOutbox:
    row = session.scalars(
        select(ConsentOutbox)
        .where(ConsentOutbox.member_id == member_id)
        .order_by(ConsentOutbox.id.desc())
    ).first()
    assert row is not None
    return row


def test_a_rule_taking_effect_and_a_notice_period_ending(web_ws: Workspace) -> None:
    """FR got the linkedin-2025 notice on 18 Sep 2025, before the EEA rule took effect on 3
    Nov; a German member gets it on 10 Nov, so their 30 days end on 10 Dec."""
    policy = load_policy("linkedin-2025")
    with web_ws.session() as session:
        session.add(
            Member(
                member_id="m-de",
                name="Anna Schmidt",
                birth_date=dt.date(1980, 1, 1),
                country="DE",
                created_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
                positions=[],
                education=[],
                skills=[],
            )
        )
        session.flush()
        deliver_notice(
            session, ["m-de"], "linkedin-2025", "web", at=dt.datetime(2025, 11, 10, tzinfo=dt.UTC)
        )
        session.commit()
        scan_changes(session, policy, now=dt.datetime(2025, 10, 1, tzinfo=dt.UTC))
        assert _last(session, FR.member_id).reason == "not_yet_effective"
        scan_changes(session, policy, now=dt.datetime(2025, 11, 20, tzinfo=dt.UTC))
        fr = _last(session, FR.member_id)
        assert (fr.kind, fr.may_train, fr.event_id) == ("rule_effective", True, None)
        assert _last(session, "m-de").reason == "no_notice"
        scan_changes(session, policy, now=dt.datetime(2025, 12, 11, tzinfo=dt.UTC))
        de = _last(session, "m-de")
        assert (de.kind, de.may_train, de.reason) == ("notice_period_ended", True, None)
        assert de.since is not None and de.since.date() == dt.date(2025, 12, 10)
