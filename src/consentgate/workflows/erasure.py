"""Erasing a member (GDPR art. 17): one workflow for the CLI, the web page, the API and import.

1. In one database transaction: the ledger's erasure event and the request (kept, done, with
   its legal due date), the name kept only as keyed hashes (the suppression list, so other
   members' texts that name the person stay redacted), the free text of all the member's
   requests blanked, their profile, content and secrets deleted. The ledger events stay as
   the tombstone. Their web sessions and API tokens are deleted in the same transaction
   (and would go with the member row anyway: ON DELETE CASCADE).
2. After the commit: every dataset version holding their records is rewritten without them
   (pipeline.purge), without waiting for `forget`, which retrains the models' shards.
3. Then the database files are scrubbed (db.scrub_database: SQLite's WAL checkpointed into
   a file whose deleted cells are zeros; VACUUM on PostgreSQL, see docs/policy.md).

Steps 2 and 3 find their work from the data (erased members still in a dataset's lineage),
so a process that dies after the commit leaves nothing that the next erasure, the next
build, `consentgate datasets purge` or running `request erase` again does not finish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.db import ScrubReport, scrub_database
from consentgate.errors import UnknownMemberError
from consentgate.ledger.requests import file_request
from consentgate.ledger.store import ConsentLedger
from consentgate.models import Member
from consentgate.network.erasure import (
    ErasedRows,
    erase_member_rows,
    erasure_events,
    suppression_key,
)
from consentgate.network.sessions import revoke_member_sessions
from consentgate.pipeline.purge import PurgedVersion, purge_erased
from consentgate.workflows.feed import purge_member
from consentgate.workspace import Workspace

# The tables an erasure deletes from or blanks; PostgreSQL vacuums them afterwards.
ERASED_TABLES = (
    "members",
    "content",
    "member_secrets",
    "member_requests",
    "public_profiles",
    "consent_outbox",
    "webhook_deliveries",
)


@dataclass(slots=True)
class ErasureReport:
    """What erasing one member did; `already_erased` when an earlier run had done step 1."""

    member_id: str
    event_id: str | None = None
    request_id: str | None = None
    already_erased: bool = False
    rows: ErasedRows = field(default_factory=ErasedRows)
    datasets: list[PurgedVersion] = field(default_factory=list)
    database: ScrubReport | None = None

    def summary(self) -> str:
        """One line for the CLI."""
        versions = ", ".join(f"{p.version} (-{p.records_removed})" for p in self.datasets)
        scrub = self.database.detail if self.database else "not scrubbed"
        versions = versions or "none held the member"
        rest = f"dataset versions rewritten: {versions}; database: {scrub}"
        if self.already_erased:
            return rest
        deleted = ", ".join(f"{n} {table}" for table, n in sorted(self.rows.deleted.items()))
        return (
            f"deleted {deleted}; {self.rows.suppressed} name keys on the suppression list; "
            f"{self.rows.reasons_blanked} request reasons blanked; {rest}"
        )


def erase_member(
    ws: Workspace, member_id: str, *, channel: str = "form", at: dt.datetime | None = None
) -> ErasureReport:
    """Erase a member everywhere: the database transaction, then datasets and files.

    Idempotent: a member erased before (their profile gone, an erasure event in the ledger)
    gets no second event; steps 2 and 3 run again.
    """
    with ws.session() as session:
        report = erase_in_session(session, ws, member_id, channel=channel, at=at)
    return finish_erasure(ws, report)


def erase_in_session(
    session: Session,
    ws: Workspace,
    member_id: str,
    *,
    channel: str = "form",
    at: dt.datetime | None = None,
) -> ErasureReport:
    """Step 1 in the caller's session, not committed (the web app commits it under its
    write gate); then call `finish_erasure` after the commit."""
    ConsentLedger(session).lock()  # first: SQLite must not upgrade a read transaction
    present = session.scalar(select(Member.member_id).where(Member.member_id == member_id))
    if present is None:
        if member_id in erasure_events(session):
            return ErasureReport(member_id, already_erased=True)
        raise UnknownMemberError(member_id)
    key = suppression_key(ws.home)
    report = ErasureReport(member_id)
    revoke_member_sessions(session, member_id)

    def erase(inner: Session, erased: str, event_id: str) -> None:
        report.rows = erase_member_rows(inner, key, {erased: event_id})

    # The member's words go with the rest: no reason is kept, not even this request's.
    request = file_request(session, member_id, "erasure", None, channel, at, erase=erase)
    report.event_id, report.request_id = request.event_id, request.request_id
    purge_member(session, member_id)  # the consent feed keeps their member id only
    return report


def finish_erasure(ws: Workspace, report: ErasureReport) -> ErasureReport:
    """Steps 2 and 3, after the commit of step 1 (for every pending erasure, not only this)."""
    report.datasets, report.database = finish_pending_erasures(ws)
    return report


def finish_pending_erasures(ws: Workspace) -> tuple[list[PurgedVersion], ScrubReport]:
    """Rewrite every dataset version still holding an erased member; scrub the database."""
    purged = purge_erased(ws)
    return purged, scrub_database(ws.engine, ERASED_TABLES)
