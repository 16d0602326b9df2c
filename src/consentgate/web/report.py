"""The member's "My data and AI" report: records, datasets, models, receipts, requests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consentgate.ledger.store import ConsentLedger
from consentgate.models import ContentRecord, ForgetReceipt, MemberRequest
from consentgate.pipeline.datasets import member_records
from consentgate.web.dashboard import newest_datasets, newest_models
from consentgate.web.schemas import (
    ConsentEventOut,
    DataReport,
    DatasetUse,
    ReceiptOut,
    RequestOut,
)
from consentgate.workflows.services import MemberRef, now_utc
from consentgate.workspace import Workspace


def request_out(row: MemberRequest) -> RequestOut:
    """A request as the API shows it, with `overdue` computed now."""
    out = RequestOut.model_validate(row)
    # SQLite hands back naive datetimes (stored as UTC): say so in the answer.
    out.received_at, out.due_at = aware(out.received_at), aware(out.due_at)
    out.closed_at = aware(out.closed_at) if out.closed_at else None
    out.overdue = out.status == "open" and out.due_at < now_utc()
    return out


def aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def data_report(db: Session, ws: Workspace, member: MemberRef) -> DataReport:
    """Everything the member may know about the use of their data, as one document."""
    counts = db.execute(
        select(ContentRecord.kind, func.count())
        .where(ContentRecord.member_id == member.member_id)
        .group_by(ContentRecord.kind)
    ).all()
    models = newest_models(ws)
    receipt_rows = list(
        db.scalars(
            select(ForgetReceipt)
            .where(ForgetReceipt.member_id == member.member_id)
            .order_by(ForgetReceipt.created_at.desc())
        )
    )
    forgotten = {
        str(r.payload.get("dataset_from")): str(r.payload.get("dataset_to"))
        for r in receipt_rows
        if isinstance(r.payload, dict) and r.payload.get("dataset_from")
    }
    uses = []
    for dataset in newest_datasets(ws):
        kinds = member_records(dataset.path, member.member_id)
        if not kinds:
            continue
        uses.append(
            DatasetUse(
                version=dataset.version,
                created_at=dataset.created_at or None,
                policy=dataset.policy,
                records=sum(kinds.values()),
                kinds=dict(sorted(kinds.items())),
                models=[m.version for m in models if m.dataset_version == dataset.version],
                forgotten_in=forgotten.get(dataset.version),
            )
        )
    requests = db.scalars(
        select(MemberRequest)
        .where(MemberRequest.member_id == member.member_id)
        .order_by(MemberRequest.received_at.desc())
    )
    events = ConsentLedger(db).events_for(member.member_id)
    return DataReport(
        member_id=member.member_id,
        name=member.name,
        country=member.country,
        generated_at=now_utc(),
        records_by_kind={str(kind): int(n) for kind, n in sorted(counts)},
        datasets=uses,
        receipts=[
            ReceiptOut(
                receipt_id=r.receipt_id, created_at=aware(r.created_at), payload=r.payload or {}
            )
            for r in receipt_rows
        ],
        requests=[request_out(r) for r in requests],
        consent_events=[
            ConsentEventOut(
                at=e.at,
                type=e.type,
                value=e.value,
                channel=e.channel,
                policy_version=e.policy_version,
            )
            for e in events
        ],
    )
