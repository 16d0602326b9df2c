"""What erasure does to the member tables, in the caller's transaction; and the suppression list.

`erase_member_rows` is the database half of every erasure (the workflow's, and an imported
`erasure` event's): it keeps the member's name only as keyed hashes (the suppression list,
redact), blanks the free text of all their requests, and deletes their profile,
content and secrets. The ledger events stay as the tombstone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from consentgate import keys
from consentgate.errors import ConfigError
from consentgate.ledger.events import LedgerEvent
from consentgate.models import (
    ConsentEvent,
    ContentRecord,
    ErasureSuppression,
    Member,
    MemberRequest,
    MemberSecret,
)
from consentgate.network.rows import chunks
from consentgate.redact import SuppressedName, SuppressionList, suppression_entries
from consentgate.workspace import Workspace

SUPPRESSION_KEY_FILE = Path("pipeline") / "suppression.key"


@dataclass(slots=True)
class ErasedRows:
    """Rows an erasure deleted or blanked, per table; suppression entries stored."""

    deleted: dict[str, int] = field(default_factory=dict)
    reasons_blanked: int = 0
    suppressed: int = 0


def suppression_key(home: Path) -> bytes:
    """The workspace's suppression key (`<home>/pipeline/suppression.key`), created once."""
    return keys.load_or_create_key(home / SUPPRESSION_KEY_FILE)


def load_suppression(session: Session, home: Path) -> SuppressionList:
    """The suppression list; a ConfigError when it holds entries but the key file is gone."""
    rows = session.execute(
        select(
            ErasureSuppression.key_hash, ErasureSuppression.first_hash, ErasureSuppression.words
        ).distinct()
    ).all()
    if not rows:
        return SuppressionList(b"")
    key = keys.load_key(home / SUPPRESSION_KEY_FILE)
    if key is None:
        raise ConfigError(
            f"{home / SUPPRESSION_KEY_FILE}: missing, but the suppression list holds "
            f"{len(rows)} entries: erased members' names could not be redacted; restore "
            "the key file from the workspace's backup"
        )
    return SuppressionList(key, tuple(sorted(SuppressedName(*row) for row in rows)))


def workspace_suppression(ws: Workspace) -> SuppressionList:
    """The workspace's suppression list, read in a session of its own."""
    with ws.session() as session:
        return load_suppression(session, ws.home)


def erasure_events(session: Session) -> dict[str, str]:
    """Every erased member with their first erasure event's id."""
    rows = session.execute(
        select(ConsentEvent.member_id, ConsentEvent.event_id)
        .where(ConsentEvent.type == "erasure")
        .order_by(ConsentEvent.seq)
    )
    found: dict[str, str] = {}
    for member_id, event_id in rows:
        found.setdefault(member_id, event_id)
    return found


def erase_member_rows(session: Session, key: bytes, erasures: Mapping[str, str]) -> ErasedRows:
    """Erase these members (member_id -> erasure event id) from the member tables.

    Their names go to the suppression list first (as keyed hashes, tagged with the event),
    then the reasons of all their requests are blanked (the rows stay: the DPO's
    deadlines), then their content, secrets and profile are deleted. Members already gone
    are skipped; nothing is committed here.
    """
    out = ErasedRows()
    for chunk in chunks(sorted(erasures)):
        names = session.execute(
            select(Member.member_id, Member.name).where(Member.member_id.in_(chunk))
        ).all()
        rows = [
            (erasures[member_id], entry)
            for member_id, name in names
            for entry in suppression_entries(name or "", key)
        ]
        known = _stored_hashes(session, {event_id for event_id, _ in rows})
        fresh = [
            ErasureSuppression(
                event_id=event_id,
                key_hash=entry.key_hash,
                first_hash=entry.first_hash,
                words=entry.words,
            )
            for event_id, entry in rows
            if (event_id, entry.key_hash) not in known
        ]
        session.add_all(fresh)
        out.suppressed += len(fresh)
        blanked = session.execute(
            update(MemberRequest)
            .where(MemberRequest.member_id.in_(chunk), MemberRequest.reason.is_not(None))
            .values(reason=None)
        )
        out.reasons_blanked += int(getattr(blanked, "rowcount", 0) or 0)
        for name, table, column in (
            ("content", ContentRecord, ContentRecord.member_id),
            ("secrets", MemberSecret, MemberSecret.member_id),
            ("profile", Member, Member.member_id),
        ):
            result = session.execute(delete(table).where(column.in_(chunk)))
            out.deleted[name] = out.deleted.get(name, 0) + int(getattr(result, "rowcount", 0) or 0)
    return out


def erase_stored(
    session: Session, home: Path, erased: Iterable[str], new_events: Iterable[LedgerEvent]
) -> int:
    """Erase those of `erased` still stored (an import of their erasure event); rows deleted.

    Their erasure event is the ledger's first, or one of `new_events` (about to be appended).
    """
    present = {
        member_id
        for chunk in chunks(sorted(set(erased)))
        for member_id in session.scalars(
            select(Member.member_id).where(Member.member_id.in_(chunk))
        )
    }
    if not present:
        return 0
    events = erasure_events(session)
    for event in new_events:
        if event.type == "erasure":
            events.setdefault(event.member_id, event.event_id)
    rows = erase_member_rows(session, suppression_key(home), {m: events[m] for m in present})
    return sum(rows.deleted.values())


def _stored_hashes(session: Session, event_ids: set[str]) -> set[tuple[str, str]]:
    if not event_ids:
        return set()
    rows = session.execute(
        select(ErasureSuppression.event_id, ErasureSuppression.key_hash).where(
            ErasureSuppression.event_id.in_(sorted(event_ids))
        )
    )
    return {(event_id, key_hash) for event_id, key_hash in rows}
