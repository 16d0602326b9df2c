"""`consentgate export DIR`: the workspace back into the three interchange files.

Stable order (members and content by id, events in ledger order), UTC timestamps, and the
password's argon2 hash instead of any clear password, so that export -> import round-trips.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.db import read_snapshot
from consentgate.ledger.store import current_head
from consentgate.models import ConsentEvent, ContentRecord, Member, MemberSecret
from consentgate.network.erasure import load_suppression
from consentgate.network.lake import DEFAULT_BUCKETS, LakeReport, write_lake
from consentgate.network.validation import CONTENT_FILE, EVENTS_FILE, MEMBERS_FILE
from consentgate.workspace import Workspace

BATCH = 5000


@dataclass(slots=True)
class ExportReport:
    """How many lines each file got."""

    members: int
    content: int
    events: int

    def summary(self) -> str:
        return (
            f"exported {self.members} members, {self.content} content records, {self.events} events"
        )


def iso(value: dt.datetime) -> str:
    """An ISO 8601 UTC timestamp; a naive value (SQLite) is UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def _number(value: float) -> float | int:
    """52000.0 as 52000, so both backends write the same bytes."""
    return int(value) if float(value).is_integer() else float(value)


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(", ", ": ")) + "\n"


def member_rows(session: Session, secrets: bool = True) -> Iterator[dict[str, Any]]:
    """Members as interchange dicts, by member_id; without `secrets`, no salary or password."""
    query = (
        select(Member, MemberSecret)
        .outerjoin(MemberSecret, MemberSecret.member_id == Member.member_id)
        .order_by(Member.member_id)
        .execution_options(yield_per=BATCH)
    )
    for member, secret in session.execute(query):
        line: dict[str, Any] = {
            "member_id": member.member_id,
            "name": member.name,
            "email": member.email,
            "phone": member.phone,
            "birth_date": member.birth_date.isoformat(),
            "country": member.country,
            "created_at": iso(member.created_at),
            "headline": member.headline,
            "summary": member.summary,
            "location": member.location,
            "positions": member.positions,
            "education": member.education,
            "skills": member.skills,
        }
        if secrets and secret is not None and secret.salary_amount is not None:
            line["salary"] = {
                "amount": _number(secret.salary_amount),
                "currency": secret.salary_currency,
            }
        if secrets and secret is not None and secret.password_hash is not None:
            line["password_hash"] = secret.password_hash
        yield line
        session.expunge(member)
        if secret is not None:
            session.expunge(secret)


def content_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Content records as interchange dicts, by record_id."""
    table = ContentRecord.__table__
    query = select(table).order_by(table.c.record_id).execution_options(yield_per=BATCH)
    for row in session.execute(query).mappings():
        line: dict[str, Any] = {
            "record_id": row["record_id"],
            "member_id": row["member_id"],
            "kind": row["kind"],
            "text": row["text"],
            "created_at": iso(row["created_at"]),
            "visibility": row["visibility"],
        }
        for key in ("parent_id", "group_id"):
            if row[key] is not None:
                line[key] = row[key]
        yield line


def event_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Consent events as interchange dicts, in ledger order."""
    table = ConsentEvent.__table__
    query = select(table).order_by(table.c.seq).execution_options(yield_per=BATCH)
    for row in session.execute(query).mappings():
        line: dict[str, Any] = {
            "event_id": row["event_id"],
            "member_id": row["member_id"],
            "at": iso(row["at"]),
            "type": row["type"],
        }
        if row["value"] is not None:
            line["value"] = row["value"]
        if row["policy_version"] is not None:
            line["policy_version"] = row["policy_version"]
        line["channel"] = row["channel"]
        yield line


def _write(path: Path, lines: Iterator[str]) -> int:
    """Write through a temporary file and rename, so a file appears whole or not at all."""
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    handle: IO[str]
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line)
            count += 1
    os.replace(tmp, path)
    return count


def export_directory(ws: Workspace, path: Path | str) -> ExportReport:
    """Write members.jsonl, content.jsonl and events.jsonl of the workspace into `path`."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    with ws.session() as session:
        members = _write(directory / MEMBERS_FILE, map(_dump, member_rows(session)))
        content = _write(directory / CONTENT_FILE, map(_dump, content_rows(session)))
        events = _write(directory / EVENTS_FILE, map(_dump, event_rows(session)))
    return ExportReport(members, content, events)


def export_lake(ws: Workspace, uri: str, buckets: int = DEFAULT_BUCKETS) -> LakeReport:
    """Write the workspace as a lake snapshot at `uri`, read in one database snapshot.

    The lake carries the ledger's signed head and the suppression list (erased members'
    names as keyed hashes, with their key): a build from the lake keeps them redacted.
    """
    with read_snapshot(ws.engine) as session:
        head = current_head(session)
        return write_lake(
            uri,
            {
                "members": member_rows(session, secrets=False),
                "content": content_rows(session),
                "events": event_rows(session),
            },
            source="workspace",
            suppression=load_suppression(session, ws.home),
            ledger_head=head.to_dict() if head else None,
            buckets=buckets,
        )
