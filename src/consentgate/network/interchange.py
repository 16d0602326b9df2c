"""`consentgate import` / `export`: the interchange files (DESIGN.md) in and out of a workspace.

Import is all or nothing: every line of the three files is validated, references are checked
against the files and the database, and conflicts with stored records are found before the
first write; the writes then happen in one transaction.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from consentgate.errors import ConflictError, ConsentgateError, ImportValidationError
from consentgate.ledger.actions import sync_requests
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.store import ConsentLedger
from consentgate.models import REQUEST_KINDS, ConsentEvent, ContentRecord, Member, MemberSecret
from consentgate.network.bulk import bulk_insert
from consentgate.network.erasure import erase_stored
from consentgate.network.export import export_directory
from consentgate.network.passwords import hash_passwords, verify_password
from consentgate.network.rows import (
    CONTENT_FIELDS,
    MEMBER_FIELDS,
    content_row,
    differing,
    erased_in_ledger,
    event_key,
    ledger_event,
    ledger_events_by_id,
    member_row,
    present_ids,
    rows_by_id,
)
from consentgate.network.validation import (
    CONTENT_FILE,
    EVENTS_FILE,
    MAX_SHOWN_PROBLEMS,
    MEMBERS_FILE,
    ContentIn,
    EventIn,
    MemberIn,
    Parsed,
    Problems,
    parse_file,
)
from consentgate.workspace import Workspace

__all__ = [
    "ContentIn",
    "EventIn",
    "ImportReport",
    "MemberIn",
    "export_directory",
    "import_directory",
]

Progress = Callable[[str], None]


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


MEMBERS = _table(Member)
CONTENT = _table(ContentRecord)
SECRETS = _table(MemberSecret)


@dataclass(slots=True)
class ImportReport:
    """What an import did: records added, already present (identical), skipped as erased."""

    members_added: int = 0
    members_unchanged: int = 0
    content_added: int = 0
    content_unchanged: int = 0
    events_added: int = 0
    events_unchanged: int = 0
    erased_skipped: int = 0
    erased_deleted: int = 0
    erasures_added: int = 0
    passwords_hashed: int = 0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        """Lines read from the three files."""
        return (
            self.members_added
            + self.members_unchanged
            + self.content_added
            + self.content_unchanged
            + self.events_added
            + self.events_unchanged
            + self.erased_skipped
        )

    def summary(self) -> str:
        """One line for the CLI."""
        rate = self.records / self.seconds if self.seconds else 0.0
        return (
            f"imported {self.members_added} members, {self.content_added} content records, "
            f"{self.events_added} events; unchanged {self.members_unchanged}/"
            f"{self.content_unchanged}/{self.events_unchanged}; {self.erased_skipped} records "
            f"of erased members skipped, {self.erased_deleted} deleted "
            f"({self.records} records in {self.seconds:.1f} s, {rate:,.0f} records/s)"
        )


@dataclass
class _Files:
    members: Parsed[MemberIn]
    content: Parsed[ContentIn]
    events: Parsed[EventIn]


@dataclass
class _Plan:
    """The writes an import will do, decided before any of them happens."""

    erased: set[str] = field(default_factory=set)
    members: list[MemberIn] = field(default_factory=list)
    content: list[dict[str, Any]] = field(default_factory=list)
    events: list[LedgerEvent] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    conflict_total: int = 0

    def conflict(self, where: str, record_id: str, fields: list[str]) -> None:
        self.conflict_total += 1
        if len(self.conflicts) < MAX_SHOWN_PROBLEMS:
            what = ", ".join(fields)
            self.conflicts.append(
                f"{where}: {record_id} already exists with different content ({what})"
            )


def import_directory(
    ws: Workspace, path: Path | str, progress: Progress | None = None
) -> ImportReport:
    """Import members.jsonl, content.jsonl and events.jsonl from `path`, all or nothing.

    Raises ImportValidationError (bad lines, unknown member references, duplicate ids) or
    ConflictError (an id already stored with different content); nothing is written then.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    report = ImportReport()
    problems = Problems()
    with paused_gc():
        files = _read(Path(path), say, problems)
        with ws.session() as session, _big_cache(session):
            # The ledger's write lock first: on SQLite a transaction that read before it
            # wrote can fail when another writer got in between, and holding it keeps an
            # erasure from landing between our erasure check and our writes.
            ConsentLedger(session).lock()
            say("checking references")
            _check_references(session, files, problems)
            if problems.total:
                raise ImportValidationError(problems.shown, problems.total)
            say("comparing with stored records")
            plan = _plan(session, files, report)
            say("writing")
            _write(session, plan, report, say, ws.home)
    report.seconds = time.perf_counter() - started
    return report


REQUEST_EVENT_TYPES = frozenset({*REQUEST_KINDS, "request_closed"})


@contextmanager
def _big_cache(session: Session) -> Iterator[None]:
    """A 256 MiB SQLite page cache while importing: the member_id index is written in random
    order, and the default 2 MiB cache turns that into a read and a write per row."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    session.execute(text("PRAGMA cache_size=-262144"))
    yield
    # Back to the default for the pooled connection (after an error the session cannot run
    # it, and a connection left with a large cache is harmless).
    session.execute(text("PRAGMA cache_size=-2000"))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic GC: with a million live row objects, its full passes (each one
    scanning them all) cost more than the validation itself. Nothing here makes cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(directory: Path, say: Progress, problems: Problems) -> _Files:
    if not directory.is_dir():
        raise ConsentgateError(f"{directory}: not a directory")
    names = (MEMBERS_FILE, CONTENT_FILE, EVENTS_FILE)
    if not any((directory / name).exists() for name in names):
        raise ConsentgateError(f"{directory}: none of {', '.join(names)} found")
    say(f"validating {MEMBERS_FILE}")
    members = parse_file(directory / MEMBERS_FILE, MemberIn, problems)
    say(f"validating {CONTENT_FILE}")
    content = parse_file(directory / CONTENT_FILE, ContentIn, problems)
    say(f"validating {EVENTS_FILE}")
    events = parse_file(directory / EVENTS_FILE, EventIn, problems)
    _check_duplicates(members, "member_id", problems)
    _check_duplicates(content, "record_id", problems)
    _check_duplicates(events, "event_id", problems)
    return _Files(members, content, events)


def _check_duplicates(parsed: Parsed[Any], key: str, problems: Problems) -> None:
    first: dict[str, int] = {}
    for line, row in parsed:
        value = getattr(row, key)
        if value in first:
            problems.add(f"{parsed.name}:{line}", key, f"duplicate of line {first[value]}")
        else:
            first[value] = line


def _check_references(session: Session, files: _Files, problems: Problems) -> None:
    """Every content and event line names a member of the file, the database or the ledger."""
    in_file = {row.member_id for row in files.members.rows}
    erased_in_file = {row.member_id for row in files.events.rows if row.type == "erasure"}
    known = in_file | erased_in_file
    wanted = {row.member_id for row in files.content.rows} | {
        row.member_id for row in files.events.rows
    }
    missing = wanted - known
    if missing:
        known |= present_ids(session, MEMBERS.c.member_id, sorted(missing))
        # An erased member has no profile left, only their events (the tombstone).
        known |= present_ids(session, _table(ConsentEvent).c.member_id, sorted(missing - known))
    for parsed in (files.content, files.events):
        for line, row in parsed:
            if row.member_id not in known:
                problems.add(
                    f"{parsed.name}:{line}", "member_id", f"unknown member {row.member_id!r}"
                )


def _plan(session: Session, files: _Files, report: ImportReport) -> _Plan:
    plan = _Plan()
    plan.erased = erased_in_ledger(session) | {
        row.member_id for row in files.events.rows if row.type == "erasure"
    }
    _plan_members(session, files.members, plan, report)
    _plan_content(session, files.content, plan, report)
    _plan_events(session, files.events, plan, report)
    if plan.conflict_total:
        more = plan.conflict_total - len(plan.conflicts)
        suffix = f"\n... and {more} more conflicts" if more > 0 else ""
        raise ConflictError(
            f"{plan.conflict_total} conflicting record(s), nothing imported:\n"
            + "\n".join(plan.conflicts)
            + suffix
        )
    return plan


def _plan_members(
    session: Session, parsed: Parsed[MemberIn], plan: _Plan, report: ImportReport
) -> None:
    ids = [row.member_id for row in parsed.rows if row.member_id not in plan.erased]
    stored = rows_by_id(session, MEMBERS, "member_id", ids, MEMBER_FIELDS)
    secrets = rows_by_id(session, SECRETS, "member_id", list(stored), _SECRET_FIELDS)
    for line, row in parsed:
        if row.member_id in plan.erased:
            report.erased_skipped += 1
            continue
        old = stored.get(row.member_id)
        if old is None:
            plan.members.append(row)
            continue
        diff = differing(member_row(row), old)
        diff += _secret_differences(row, secrets.get(row.member_id))
        if diff:
            plan.conflict(f"{parsed.name}:{line}", f"member {row.member_id}", diff)
        else:
            report.members_unchanged += 1


_SECRET_FIELDS = ("member_id", "password_hash", "salary_amount", "salary_currency")


def _secret_differences(row: MemberIn, stored: dict[str, Any] | None) -> list[str]:
    """Secret fields the line gives that differ from the stored ones (absent = not compared)."""
    stored = stored or {}
    diff: list[str] = []
    if row.salary is not None and (
        stored.get("salary_amount") != row.salary.amount
        or stored.get("salary_currency") != row.salary.currency
    ):
        diff.append("salary")
    if row.password_hash is not None and stored.get("password_hash") != row.password_hash:
        diff.append("password_hash")
    if row.password is not None:
        old_hash = stored.get("password_hash")
        if old_hash is None or not verify_password(old_hash, row.password):
            diff.append("password")
    return diff


def _plan_content(
    session: Session, parsed: Parsed[ContentIn], plan: _Plan, report: ImportReport
) -> None:
    ids = [row.record_id for row in parsed.rows if row.member_id not in plan.erased]
    stored = rows_by_id(session, CONTENT, "record_id", ids, CONTENT_FIELDS)
    for line, row in parsed:
        if row.member_id in plan.erased:
            report.erased_skipped += 1
            continue
        new = content_row(row)
        old = stored.get(row.record_id)
        if old is None:
            plan.content.append(new)
        elif diff := differing(new, old):
            plan.conflict(f"{parsed.name}:{line}", f"record {row.record_id}", diff)
        else:
            report.content_unchanged += 1


def _plan_events(
    session: Session, parsed: Parsed[EventIn], plan: _Plan, report: ImportReport
) -> None:
    stored = ledger_events_by_id(session, [row.event_id for row in parsed.rows])
    for line, row in parsed:
        event = ledger_event(row)
        old = stored.get(row.event_id)
        if old is None:
            plan.events.append(event)
        elif diff := differing(event_key(event), old):
            plan.conflict(f"{parsed.name}:{line}", f"event {row.event_id}", diff)
        else:
            report.events_unchanged += 1


def _write(session: Session, plan: _Plan, report: ImportReport, say: Progress, home: Path) -> None:
    # Never resurrect: whatever an erased member still has here goes (their name kept only
    # on the suppression list), as the erasure workflow does.
    report.erased_deleted += erase_stored(session, home, plan.erased, plan.events)
    say(f"writing {len(plan.members)} members")
    if plan.members:
        bulk_insert(session, MEMBERS, [member_row(row) for row in plan.members])
        bulk_insert(session, SECRETS, _secret_rows(plan.members, report))
    report.members_added = len(plan.members)
    say(f"writing {len(plan.content)} content records")
    bulk_insert(session, CONTENT, plan.content)
    report.content_added = len(plan.content)
    say(f"appending {len(plan.events)} events to the ledger")
    ConsentLedger(session).append_many(plan.events)
    report.events_added = len(plan.events)
    report.erasures_added = sum(1 for event in plan.events if event.type == "erasure")
    if any(event.type in REQUEST_EVENT_TYPES for event in plan.events):
        # Objections, restrictions and erasures that came as events become requests.
        sync_requests(session)


def _secret_rows(members: list[MemberIn], report: ImportReport) -> list[dict[str, Any]]:
    clear = [row for row in members if row.password is not None]
    hashed = dict(
        zip(
            (row.member_id for row in clear),
            hash_passwords([row.password for row in clear if row.password is not None]),
            strict=True,
        )
    )
    report.passwords_hashed = len(hashed)
    rows = []
    for row in members:
        password_hash = hashed.get(row.member_id, row.password_hash)
        if password_hash is None and row.salary is None:
            continue
        rows.append(
            {
                "member_id": row.member_id,
                "password_hash": password_hash,
                "salary_amount": row.salary.amount if row.salary else None,
                "salary_currency": row.salary.currency if row.salary else None,
            }
        )
    return rows
