"""What erasure purged from a dataset version, for forgetting: members, kinds and shards.

An erasure rewrites every dataset version at once (pipeline.purge), before `forget` runs;
the member's rows are then gone from the version a model was trained on. The version's
manifest keeps a `purges` entry per erasure (its ledger event, time, records removed per
shard and kind), and the ledger maps the event to the member: enough to know which model
shards were trained on the member's data and what the receipt must say was removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from consentgate.network.erasure import erasure_events
from consentgate.pipeline.datasets import DatasetView
from consentgate.workspace import Workspace

# (record_id, kind, shard), as forget counts records; a purged record's id is gone with it.
RecordRef = tuple[str, str, int]


def purges_by_member(ws: Workspace, dataset: DatasetView) -> dict[str, list[dict[str, Any]]]:
    """The dataset's purge entries, by the erased member their ledger event names."""
    purges = dataset.manifest.get("purges") or []
    if not purges:
        return {}
    with ws.session() as session:
        members = {event_id: member_id for member_id, event_id in erasure_events(session).items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in purges:
        member_id = members.get(str(entry.get("erasure_event_id")))
        if member_id is not None:
            out.setdefault(member_id, []).append(entry)
    return out


def purged_records(
    ws: Workspace, dataset: DatasetView, trained_at: str
) -> dict[str, list[RecordRef]]:
    """Records purged from `dataset` after a model trained on it was created (`trained_at`)."""
    created = dt.datetime.fromisoformat(trained_at)
    out: dict[str, list[RecordRef]] = {}
    for member_id, entries in purges_by_member(ws, dataset).items():
        for entry in entries:
            if dt.datetime.fromisoformat(str(entry["purged_at"])) < created:
                continue  # the model was trained on the purged version: never held them
            for shard in entry["shards"]:
                for kind, n in shard.get("by_kind", {}).items():
                    out.setdefault(member_id, []).extend([("", kind, int(shard["shard"]))] * n)
    return out


def purged_shards(ws: Workspace, dataset: DatasetView, members: set[str]) -> set[int]:
    """The shards of `dataset` that held records of `members` before an erasure purged them."""
    return {
        int(shard["shard"])
        for member_id, entries in purges_by_member(ws, dataset).items()
        if member_id in members
        for entry in entries
        for shard in entry["shards"]
    }
