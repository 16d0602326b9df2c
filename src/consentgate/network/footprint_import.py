"""Import the posts, comments and articles of a data export that their member confirms.

Only content of the member's own (posts, comments, articles) is offered: the profile is the
account's, private messages and job applications are never used and never stored from an
export. Each row gets a record id from its file and row, so importing twice adds nothing.
The policy decides at build time, as for every record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.errors import ArchiveError
from consentgate.models import ContentRecord
from consentgate.network.archive import ExportArchive

IMPORTABLE_KINDS = ("post", "comment", "article")
MAX_IMPORT = 2_000  # rows offered at once: what a form can carry back


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One row the member may import: the unredacted text goes into the network's content."""

    record_id: str
    source: str
    row: int
    kind: str
    text: str
    created_at: dt.datetime
    visibility: str

    def to_json(self) -> list[Any]:
        return [self.record_id, self.source, self.row, self.kind, self.text,
                self.created_at.isoformat(), self.visibility]  # fmt: skip

    @classmethod
    def from_json(cls, data: list[Any]) -> ImportItem:
        record_id, source, row, kind, text, created, visibility = data
        if kind not in IMPORTABLE_KINDS:
            raise ArchiveError(f"{source}:{row}: {kind!r} cannot be imported")
        return cls(str(record_id), str(source), int(row), kind, str(text),
                   dt.datetime.fromisoformat(created), str(visibility))  # fmt: skip


def export_record_id(member_id: str, source: str, row: int) -> str:
    """A stable id for a row of a member's export (fits the 64-character id column)."""
    digest = hashlib.sha256(f"{member_id}\0{source}\0{row}".encode()).hexdigest()[:24]
    return f"export-{digest}"


def importable(archive: ExportArchive, member_id: str, at: dt.datetime) -> list[ImportItem]:
    """The archive's posts, comments and articles with words of their own, first MAX_IMPORT."""
    items = [
        ImportItem(export_record_id(member_id, row.source, row.row), row.source, row.row,
                   row.spec.kind, row.text, row.created_at or at, row.visibility or "public")
        for row in archive.rows
        if row.spec.kind in IMPORTABLE_KINDS and row.text.strip()
    ]  # fmt: skip
    return items[:MAX_IMPORT]


def import_items(session: Session, member_id: str, items: list[ImportItem]) -> tuple[int, int]:
    """Add the items as the member's content records; (added, already there). No commit."""
    ids = [item.record_id for item in items]
    present = set(
        session.scalars(select(ContentRecord.record_id).where(ContentRecord.record_id.in_(ids)))
    )
    added = 0
    for item in items:
        if item.record_id in present:
            continue
        session.add(ContentRecord(record_id=item.record_id, member_id=member_id, kind=item.kind,
                                  text=item.text, created_at=item.created_at,
                                  visibility=item.visibility))  # fmt: skip
        present.add(item.record_id)
        added += 1
    session.flush()
    return added, len(items) - added
