"""Forgetting receipts: stored in the ForgetReceipt table, one per member and forgetting run."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.models import ForgetReceipt


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a forgetting run removed for one member, and where it was removed from."""

    receipt_id: str
    member_id: str
    created_at: dt.datetime
    payload: dict[str, Any]

    def summary(self) -> str:
        """A short human-readable account of the receipt."""
        p = self.payload
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(p["removed_kinds"].items())) or "none"
        return (
            f"{self.receipt_id} {self.created_at:%Y-%m-%d %H:%M:%S}Z: removed "
            f"{p['records_removed']} record(s) ({kinds}); dataset {p['dataset_from']} -> "
            f"{p['dataset_to']}; model {p['model_from']} -> {p['model_to']}; member shard(s) "
            f"{p['member_shards']} retrained: {p['member_shards_retrained']}; "
            f"shards retrained in total: {p['shards_retrained']}"
        )


def store_receipts(session: Session, payloads: list[dict[str, Any]]) -> list[Receipt]:
    """Insert one receipt per payload (each names its member_id)."""
    now = dt.datetime.now(dt.UTC)
    receipts = []
    for payload in payloads:
        receipt = Receipt(f"fr-{uuid.uuid4().hex[:16]}", payload["member_id"], now, payload)
        session.add(
            ForgetReceipt(
                receipt_id=receipt.receipt_id,
                member_id=receipt.member_id,
                created_at=receipt.created_at,
                payload=receipt.payload,
            )
        )
        receipts.append(receipt)
    session.flush()
    return receipts


def receipts_for(session: Session, member_id: str) -> list[Receipt]:
    """A member's receipts, oldest first."""
    rows = session.scalars(
        select(ForgetReceipt)
        .where(ForgetReceipt.member_id == member_id)
        .order_by(ForgetReceipt.created_at, ForgetReceipt.receipt_id)
    )
    return [
        Receipt(
            row.receipt_id,
            row.member_id,
            row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC),
            dict(row.payload),
        )
        for row in rows
    ]
