"""Every attack of someone with write access to the database is named by `verify_ledger`.

Six events: e1..e3 in one transaction, then e4, e5 and e6 one per transaction, so the heads
file holds signed heads of sizes 0 (the migration's checkpoint), 3, 4, 5 and 6.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import ledger_attacks as attacks
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, insert, select, text, update

from consentgate.errors import LedgerTamperError
from consentgate.ledger import findings as kinds
from consentgate.ledger.events import LedgerEvent, event_hash, leaf_fields
from consentgate.ledger.findings import Finding, LedgerReport
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ConsentEvent, LedgerHead
from consentgate.workspace import Workspace

UTC = dt.UTC


def _events(n: int) -> list[LedgerEvent]:
    return [
        LedgerEvent(
            f"e{i}",
            f"m{i % 2}",
            dt.datetime(2025, 10, 1, i, tzinfo=UTC),
            "ai_training_setting",
            "web",
            i % 3 == 0,
        )
        for i in range(1, n + 1)
    ]


def _fill(ws: Workspace) -> None:
    events = _events(6)
    with ws.session() as s:
        ConsentLedger(s).append_many(events[:3])
    for event in events[3:]:
        with ws.session() as s:
            ConsentLedger(s).append(event)


def _verify(ws: Workspace) -> LedgerReport:
    with ws.session() as s:
        return verify_ledger(s)


def _only(report: LedgerReport, *wanted: str) -> list[Finding]:
    """The report's findings, checked to be exactly of these kinds (in any order)."""
    assert sorted(f.kind for f in report.findings) == sorted(wanted), report.to_dict()
    return report.findings


def _find(report: LedgerReport, kind: str) -> Finding:
    found = [f for f in report.findings if f.kind == kind]
    assert found, report.to_dict()
    return found[0]


@pytest.fixture
def ledger(workspace: Workspace) -> Workspace:
    _fill(workspace)
    report = _verify(workspace)
    assert report.ok, report.to_dict()
    assert (report.count, report.tree_size, report.heads_checked) == (6, 6, 5)
    return workspace


def _file_head(ws: Workspace, size: int) -> object:
    return next(
        line.head
        for line in ws.ledger_anchor.read_heads()
        if line.head is not None and line.head.tree_size == size
    )


def test_delete_the_last_event_and_point_the_head_before_it(ledger: Workspace) -> None:
    """The head row recomputed for five events keeps a signature it cannot have."""
    attacks.delete_events(ledger, "e6")
    with ledger.session() as s:
        frontier, last = attacks.rechain(s)
        attacks.point_head(s, frontier, last, 5)
    report = _verify(ledger)
    bad, cut = _only(report, kinds.BAD_SIGNATURE, kinds.TRUNCATED)
    assert "database's head row" in bad.message
    assert (cut.first, cut.last) == (5, 5) and "heads file line" in (cut.source or "")


def test_truncate_and_restore_an_older_signed_head(ledger: Workspace) -> None:
    """An older, legitimately signed head in the head row: the heads file has the newer."""
    attacks.delete_events(ledger, "e6")
    attacks.set_head(ledger, _file_head(ledger, 5), "e5")  # type: ignore[arg-type]
    (cut,) = _only(_verify(ledger), kinds.TRUNCATED)
    assert (cut.first, cut.last) == (5, 5)
    assert "covers 6 events, the log ends at position 4" in cut.message


def test_flip_a_no_and_recompute_every_later_hash_and_the_head(ledger: Workspace) -> None:
    attacks.rewrite(ledger, "e5", value=True)  # e5 said no
    bad, rewritten = _only(_verify(ledger), kinds.BAD_SIGNATURE, kinds.REWRITTEN)
    assert "database's head row" in bad.message
    # Heads of sizes 3 and 4 still agree, 5 and 6 do not: the rewrite is at position 4.
    assert (rewritten.first, rewritten.last) == (4, 4), rewritten
    assert "2 signed head(s) disagree" in rewritten.message


def test_rewrite_everything_and_sign_with_a_foreign_key(ledger: Workspace) -> None:
    attacker = Ed25519PrivateKey.generate()
    attacks.rewrite(ledger, "e2", key=attacker, value=True)
    foreign, rewritten = _only(_verify(ledger), kinds.FOREIGN_KEY, kinds.REWRITTEN)
    assert "not the workspace's key" in foreign.message
    assert (rewritten.first, rewritten.last) == (0, 2)
    with ledger.session() as s, pytest.raises(LedgerTamperError, match="signed with key"):
        ConsentLedger(s).append(_events(7)[-1])  # the workspace's writers refuse to extend it


def test_edit_one_row_and_recompute_its_own_hash(ledger: Workspace) -> None:
    attacks.edit_and_rehash(ledger, "e3", value=False)
    (edited,) = _only(_verify(ledger), kinds.EDITED)  # not "deleted before e4"
    assert (edited.event_id, edited.first, edited.last) == ("e3", 2, 2)
    assert "hash recomputed: the next event, e4, commits to another hash" in edited.message


def _swap(ws: Workspace) -> None:
    with ws.session() as s:
        a, b = (
            s.scalar(select(ConsentEvent.seq).where(ConsentEvent.event_id == e))
            for e in ("e2", "e3")
        )
        for event_id, seq in (("e2", -1), ("e3", a), ("e2", b)):
            s.execute(update(ConsentEvent).where(ConsentEvent.event_id == event_id).values(seq=seq))


@pytest.mark.parametrize(
    ("tamper", "kind", "event_id", "span", "words"),
    [
        (lambda ws: attacks.edit(ws, "e3", value=False), kinds.EDITED, "e3", (2, 2), "no longer"),
        (
            lambda ws: attacks.edit(ws, "e4", at=dt.datetime(2024, 1, 1, tzinfo=UTC)),
            kinds.EDITED,
            "e4",
            (3, 3),
            "edited",
        ),
        (
            lambda ws: attacks.edit(ws, "e2", recorded_at=dt.datetime(2024, 1, 1, tzinfo=UTC)),
            kinds.EDITED,
            "e2",
            (1, 1),
            "edited",
        ),
        (
            lambda ws: attacks.delete_events(ws, "e3", "e4"),
            kinds.DELETED,
            "e5",
            (2, 3),
            "positions 2..3 were deleted (between event e2 and",
        ),
        (
            lambda ws: attacks.delete_events(ws, "e1"),
            kinds.DELETED,
            "e2",
            (0, 0),
            "at the start, before event e2",
        ),
        (_swap, kinds.REORDERED, "e2", (1, 1), "stored after event e3"),
    ],  # fmt: skip
    ids=["value", "at", "recorded_at", "middle_range", "first", "reorder"],
)
def test_row_tampering_is_named(
    ledger: Workspace,
    tamper: Callable[[Workspace], None],
    kind: str,
    event_id: str,
    span: tuple[int, int],
    words: str,
) -> None:
    tamper(ledger)
    report = _verify(ledger)
    first = report.findings[0]
    assert (first.kind, first.event_id, (first.first, first.last)) == (kind, event_id, span)
    assert words in first.message, first.message
    assert report.first_bad_event_id == event_id
    assert not any(f.kind == kinds.REWRITTEN for f in report.findings)  # explained by the row


def _raw(ws: Workspace, event_id: str, column: str, value: str) -> None:
    with ws.session() as s:
        s.execute(
            text(f"UPDATE consent_events SET {column} = :v WHERE event_id = :e"),
            {"v": value, "e": event_id},
        )


MALFORMED = [
    ("type", lambda ws: attacks.edit(ws, "e3", type="opt_out"), "opt_out"),
    ("channel", lambda ws: attacks.edit(ws, "e3", channel="fax"), "fax"),
    ("at", lambda ws: _raw(ws, "e3", "at", "yesterday"), "yesterday"),
    ("value", lambda ws: _raw(ws, "e3", "value", "{oops"), "not JSON"),
    ("value", lambda ws: _raw(ws, "e3", "value", "[1, 2]"), "not true, false"),
    ("value", lambda ws: _raw(ws, "e3", "value", " true"), "not stored as true"),
]


@pytest.mark.parametrize(("field", "tamper", "words"), MALFORMED)
def test_malformed_rows_are_named_never_a_traceback(
    ledger: Workspace, field: str, tamper: Callable[[Workspace], None], words: str
) -> None:
    postgres = not ledger.database_url.startswith("sqlite")
    if postgres and (field == "at" or words == "not JSON"):
        pytest.skip("PostgreSQL's timestamptz and json columns refuse this value")
    tamper(ledger)
    report = _verify(ledger)
    malformed = _find(report, kinds.MALFORMED)
    assert (malformed.event_id, malformed.field, malformed.seq) == ("e3", field, 3)
    assert words in malformed.message and "event e3 (seq 3)" in malformed.message


def test_an_event_appended_without_a_signed_head(ledger: Workspace) -> None:
    """A forged event chained to e6, the head row left alone: nothing signed covers it."""
    with ledger.session() as s:
        last = attacks.rows(s)[-1]
        forged = _events(7)[-1]
        recorded = dt.datetime(2025, 10, 2, tzinfo=UTC)
        digest = event_hash(leaf_fields(forged, 6, recorded, last.hash))
        s.execute(
            insert(ConsentEvent).values(
                event_id=forged.event_id, member_id=forged.member_id, at=forged.at,
                type=forged.type, channel=forged.channel, value=forged.value,
                recorded_at=recorded, prev_hash=last.hash, hash=digest, position=6, encoding=1,
            )
        )  # fmt: skip
    (unsigned,) = _only(_verify(ledger), kinds.UNSIGNED)
    assert (unsigned.first, unsigned.last) == (6, 6)


def test_a_deleted_heads_file_is_named_and_the_database_head_still_checked(
    ledger: Workspace,
) -> None:
    ledger.ledger_heads_file.unlink()
    (missing,) = _only(_verify(ledger), kinds.HEADS_FILE)
    assert "is missing" in missing.message
    with ledger.session() as s:  # a writer does not recreate it: it stays missing
        ConsentLedger(s).append(_events(7)[-1])
    assert not ledger.ledger_heads_file.exists()
    _only(_verify(ledger), kinds.HEADS_FILE)
    attacks.rewrite(ledger, "e5", value=True)
    report = _verify(ledger)
    assert report.heads_checked == 1  # the database's head, checked alone
    _only(report, kinds.HEADS_FILE, kinds.BAD_SIGNATURE)


def test_a_head_lost_between_commit_and_file_is_restored(ledger: Workspace) -> None:
    """A crash after the commit, before the file write: verify appends the database's head;
    so does the next writer, for the head it started from."""
    path = ledger.ledger_heads_file
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))
    report = _verify(ledger)
    assert report.ok and any("appended" in note for note in report.notes), report.to_dict()
    assert path.read_text() == "".join(lines)
    path.write_text("".join(lines[:-1]))
    writer = Workspace.open(ledger.home, ledger.database_url)  # another process
    with writer.session() as s:
        ConsentLedger(s).append(_events(7)[-1])
    writer.close()
    restored = path.read_text().splitlines(keepends=True)
    assert restored[: len(lines)] == lines and len(restored) == len(lines) + 1
    assert _verify(ledger).ok


def test_a_line_cut_by_a_crash_is_skipped_then_removed_by_the_next_writer(
    ledger: Workspace,
) -> None:
    """A crash in the middle of a heads-file write: readers skip the cut line, and the next
    writer removes it before appending, so the head it writes stays a line of its own."""
    path = ledger.ledger_heads_file
    before = path.read_bytes()
    with path.open("ab") as handle:
        handle.write(before.splitlines(keepends=True)[-1][:57])  # no newline: cut off
    assert _verify(ledger).ok
    with ledger.session() as s:
        ConsentLedger(s).append(_events(7)[-1])
    after = path.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1
    report = _verify(ledger)
    assert report.ok and report.heads_checked >= 2, report.to_dict()


def test_tampering_a_copy_leaves_the_original_valid(tmp_path: Path) -> None:
    original = Workspace.open(tmp_path / "orig")
    _fill(original)
    original.close()
    shutil.copytree(tmp_path / "orig", tmp_path / "copy")
    copy = Workspace.open(tmp_path / "copy")
    attacks.rewrite(copy, "e5", value=True)
    assert not _verify(copy).ok
    copy.close()
    original = Workspace.open(tmp_path / "orig")
    assert _verify(original).ok
    original.close()


def test_empty_ledger_verifies(workspace: Workspace) -> None:
    report = _verify(workspace)
    assert report.ok and report.count == 0 and report.heads_checked == 1


def test_missing_head_row_is_named_then_rebuilt_on_append(workspace: Workspace) -> None:
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(2))
    with workspace.session() as s:
        s.execute(delete(LedgerHead))
    report = _verify(workspace)
    assert report.problem == "the ledger head row is missing"
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(3)[2:])
    report = _verify(workspace)
    assert report.ok and report.count == 3, report.to_dict()
