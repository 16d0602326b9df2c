"""What a member can learn about their data in models: presence per version and receipts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consentgate.errors import DatasetError, UnknownMemberError
from consentgate.network.members import known_member
from consentgate.pipeline.datasets import open_dataset
from consentgate.training.purge import read_purged
from consentgate.training.receipts import Receipt, receipts_for
from consentgate.training.registry import list_models
from consentgate.workspace import Workspace


@dataclass(frozen=True, slots=True)
class MemberReport:
    """A member's receipts and, for each model version, how many of their records it holds."""

    member_id: str
    models: list[dict[str, Any]]
    receipts: list[Receipt]

    def to_dict(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "models": self.models,
            "receipts": [
                {"receipt_id": r.receipt_id, "created_at": r.created_at.isoformat(), **r.payload}
                for r in self.receipts
            ],
        }


def member_report(ws: Workspace, member_id: str) -> MemberReport:
    """Build the report of one member (the lineage of every model version, then receipts)."""
    models = []
    counts: dict[str, tuple[int, list[int]]] = {}
    for model in list_models(ws):
        version = model.dataset_version
        if version not in counts:
            counts[version] = _records_in(ws, version, member_id)
        records, shards = counts[version]
        purged = {int(s) for s in read_purged(model.path).get("shards", {})}
        models.append(
            {
                "model": model.version,
                "dataset": version,
                "records": records,
                "shards": shards,
                "purged_shards": sorted(purged & set(shards)),
            }
        )
    with ws.session() as session:
        receipts = receipts_for(session, member_id)
    if not receipts and not any(m["records"] for m in models) and not known_member(ws, member_id):
        raise UnknownMemberError(member_id)
    return MemberReport(member_id, models, receipts)


def _records_in(ws: Workspace, version: str, member_id: str) -> tuple[int, list[int]]:
    try:
        dataset = open_dataset(ws, version)
    except DatasetError:
        return 0, []
    mine = dataset.lineage_of([member_id])
    return mine.num_rows, sorted({int(s) for s in mine["shard"].to_pylist()})
