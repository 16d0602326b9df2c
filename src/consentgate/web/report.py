"""The member's "My data and AI" report: records, datasets, models, receipts, requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consentgate.ledger.models import ForgetReceipt, MemberRequest
from consentgate.ledger.store import ConsentLedger
from consentgate.network.models import ContentRecord
from consentgate.web.artifacts import list_datasets, list_models, member_records_in
from consentgate.web.schemas import (
    ConsentEventOut,
    DataReport,
    DatasetUse,
    ReceiptOut,
    RequestOut,
)
from consentgate.web.services import MemberRef, now_utc

if TYPE_CHECKING:
    from consentgate.workspace import Workspace


def request_out(row: MemberRequest) -> RequestOut:
    """A request as the API shows it, with `overdue` computed now."""
    out = RequestOut.model_validate(row)
    due = out.due_at if out.due_at.tzinfo else out.due_at.replace(tzinfo=now_utc().tzinfo)
    out.overdue = out.status == "open" and due < now_utc()
    return out


def data_report(db: Session, ws: Workspace, member: MemberRef) -> DataReport:
    """Everything the member may know about the use of their data, as one document."""
    counts = db.execute(
        select(ContentRecord.kind, func.count())
        .where(ContentRecord.member_id == member.member_id)
        .group_by(ContentRecord.kind)
    ).all()
    models = list_models(ws.models_dir)
    uses = []
    for dataset in list_datasets(ws.datasets_dir):
        kinds = member_records_in(dataset, member.member_id)
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
            )
        )
    receipts = db.scalars(
        select(ForgetReceipt)
        .where(ForgetReceipt.member_id == member.member_id)
        .order_by(ForgetReceipt.created_at.desc())
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
            ReceiptOut(receipt_id=r.receipt_id, created_at=r.created_at, payload=r.payload or {})
            for r in receipts
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
