"""What the DPO does from the dashboard: forget the pending withdrawals (with progress), and
put together the evidence pack an auditor asks for.

Forgetting runs in a thread of the web process and writes its progress to
`<home>/forgetting.json` (the page reads it; any worker of the app sees the same file). Only
one run at a time: a run that is going is not started again.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from consentgate.errors import ConsentgateError
from consentgate.ledger.actions import outcomes_by_request_event, record_forgetting_started
from consentgate.ledger.heads import artifact_heads
from consentgate.ledger.requests import list_requests
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ForgetReceipt
from consentgate.pipeline.datasets import list_datasets
from consentgate.training.registry import AUDIT, CARD, list_models
from consentgate.workflows.forget import forget_members
from consentgate.workspace import Workspace

PROGRESS_FILE = "forgetting.json"
_RUNNING = threading.Lock()


@dataclass(slots=True)
class ForgetProgress:
    """Where a forgetting run is: state (idle, running, done, failed), steps, message."""

    state: str = "idle"
    members: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0
    step: str = ""
    started_at: str | None = None
    finished_at: str | None = None
    actor: str | None = None
    receipts: int = 0
    error: str | None = None

    @property
    def percent(self) -> int:
        return (
            100 if self.state == "done" else int(100 * self.done / self.total) if self.total else 0
        )


def read_progress(ws: Workspace) -> ForgetProgress:
    path = ws.home / PROGRESS_FILE
    try:
        return ForgetProgress(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return ForgetProgress()


def _write_progress(ws: Workspace, progress: ForgetProgress) -> None:
    path = ws.home / PROGRESS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(progress)))
    tmp.replace(path)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def start_forgetting(ws: Workspace, member_ids: Sequence[str], actor: str,
                     model: str | None) -> ForgetProgress:  # fmt: skip
    """Record `forgetting_started` for the members (the DPO's action, in the ledger), then
    forget them in a thread. A ConsentgateError when a run is going or nobody is pending."""
    if not member_ids:
        raise ConsentgateError("no withdrawal is waiting to be forgotten")
    if not _RUNNING.acquire(blocking=False):
        raise ConsentgateError("forgetting is already running: see its progress")
    try:
        with ws.session() as session:
            record_forgetting_started(session, list(member_ids), actor, model)
            session.commit()
        progress = ForgetProgress("running", list(member_ids), started_at=_now(), actor=actor,
                                  step="rebuilding the dataset")  # fmt: skip
        _write_progress(ws, progress)
    except BaseException:
        _RUNNING.release()
        raise
    threading.Thread(target=_run, args=(ws, progress), daemon=True, name="forgetting").start()
    return progress


def _run(ws: Workspace, progress: ForgetProgress) -> None:
    def step(done: int, total: int, what: str) -> None:
        progress.done, progress.total, progress.step = done, total, what
        _write_progress(ws, progress)

    try:
        receipts = forget_members(ws, progress.members, workers=1, progress=step)
        progress.state, progress.receipts = "done", len(receipts)
        progress.step = f"{len(receipts)} receipt(s) stored"
    except Exception as exc:  # the page shows why; nothing half-written (forget's guarantee)
        progress.state, progress.error = "failed", str(exc) or type(exc).__name__
    finally:
        progress.finished_at = _now()
        _write_progress(ws, progress)
        _RUNNING.release()


def wait_for_forgetting(timeout: float) -> bool:
    """Wait until no run is going (tests, the command line); False on timeout."""
    if _RUNNING.acquire(timeout=timeout):
        _RUNNING.release()
        return True
    return False


def _add_file(archive: zipfile.ZipFile, name: str, path: Path, listed: list[str]) -> None:
    if path.is_file():
        archive.write(path, name)
        listed.append(name)


def _add_text(archive: zipfile.ZipFile, name: str, text: str, listed: list[str]) -> None:
    archive.writestr(name, text)
    listed.append(name)


def evidence_pack(ws: Workspace, now: dt.datetime | None = None) -> bytes:
    """One zip for an audit: index.html, the ledger's verdict and signed checkpoints, dataset
    manifests and cards, model cards with their canary audits, receipts, requests."""
    now = now or dt.datetime.now(dt.UTC)
    listed: list[str] = []
    buffer = io.BytesIO()
    with ws.session() as session, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        report = verify_ledger(session, artifact_heads(ws.datasets_dir, ws.models_dir))
        _add_text(archive, "ledger/verify.json", json.dumps(report.to_dict(), indent=2), listed)
        _add_file(archive, "ledger/signed-checkpoints.jsonl", ws.ledger_heads_file, listed)
        for d in list_datasets(ws, skip_unreadable=True):
            for name in ("manifest.json", "CARD.md"):
                _add_file(archive, f"datasets/{d.version}/{name}", d.path / name, listed)
        for m in list_models(ws, skip_unreadable=True):
            for name in ("model.json", CARD, AUDIT):
                _add_file(archive, f"models/{m.version}/{name}", m.path / name, listed)
        receipts = [
            {"receipt_id": r.receipt_id, "member_id": r.member_id,
             "created_at": r.created_at.isoformat(), "payload": r.payload}
            for r in session.scalars(select(ForgetReceipt).order_by(ForgetReceipt.created_at))
        ]  # fmt: skip
        _add_text(archive, "forgetting/receipts.json", json.dumps(receipts, indent=2), listed)
        requests = _requests(session, now)
        _add_text(archive, "requests/requests.json", json.dumps(requests, indent=2), listed)
        archive.writestr("index.html", _index(report.ok, report.summary(), requests, listed, now))
    return buffer.getvalue()


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive UTC instants back: say they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _requests(session: Any, now: dt.datetime) -> list[dict[str, Any]]:
    outcomes = outcomes_by_request_event(session)
    out = []
    for r in list_requests(session, now=now):
        outcome = outcomes.get(r.event_id or "")
        due, received = _aware(r.due_at), _aware(r.received_at)
        out.append({
            "request_id": r.request_id, "member_id": r.member_id, "kind": r.kind,
            "status": r.status, "received_at": received.isoformat(),
            "due_at": due.isoformat(), "overdue": r.status == "open" and due < now,
            "closed_at": _aware(r.closed_at).isoformat() if r.closed_at else None,
            "outcome": outcome.outcome if outcome else None,
            "outcome_reason": outcome.reason if outcome else None,
            "closed_by": outcome.actor if outcome else None,
        })  # fmt: skip
    return out


def _index(ok: bool, summary: str, requests: list[dict[str, Any]], files: list[str],
           now: dt.datetime) -> str:  # fmt: skip
    rows = "".join(
        f"<tr><td>{html.escape(r['request_id'])}</td><td>{html.escape(r['kind'])}</td>"
        f"<td>{r['received_at'][:10]}</td><td>{r['due_at'][:10]}</td>"
        f"<td>{html.escape(r['status'])}</td><td>{html.escape(r['outcome'] or '')}</td>"
        f"<td>{html.escape(r['outcome_reason'] or '')}</td></tr>"
        for r in requests
    )
    links = "".join(f'<li><a href="{html.escape(f)}">{html.escape(f)}</a></li>' for f in files)
    verdict = "verified" if ok else "FAILED"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>consentgate evidence pack</title></head><body>"
        f"<h1>Evidence pack, {now:%Y-%m-%d %H:%M} UTC</h1>"
        f"<h2>Consent ledger: {verdict}</h2><p>{html.escape(summary)}</p>"
        "<h2>Requests</h2><table border=1><tr><th>Request</th><th>Kind</th><th>Received</th>"
        f"<th>Due</th><th>Status</th><th>Outcome</th><th>Reason</th></tr>{rows}</table>"
        f"<h2>Files</h2><ul>{links}</ul></body></html>"
    )
