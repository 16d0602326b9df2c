"""Exact forgetting: an incremental dataset build, retraining of the affected shards only.

`forget_members` follows the ledger: a member is forgotten when the policy and their ledger
state exclude them from the new dataset (setting turned off, notice refused, objection,
restriction, erasure). Naming a member who is still included is an error, unless
`record_withdrawal` is set: then the DPO records, on the member's behalf, an
`ai_training_setting` = false event (channel `api`) before the build, so the ledger stays
the single source of truth for who is in the data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from consentgate.errors import PolicyError, StillIncludedError, UnknownMemberError
from consentgate.ledger.choices import set_choice
from consentgate.ledger.proofs import withdrawal_proofs
from consentgate.ledger.signing import SignedHead
from consentgate.ledger.store import ConsentLedger
from consentgate.network.members import known_member
from consentgate.pipeline.build import build_dataset
from consentgate.pipeline.datasets import DatasetView, dataset_members, open_dataset
from consentgate.policy import load_policy
from consentgate.training.config import TrainConfig
from consentgate.training.erased import purged_records
from consentgate.training.purge import purge_superseded
from consentgate.training.receipts import Receipt, store_receipts
from consentgate.training.registry import ModelInfo, latest_model
from consentgate.training.train import Progress, train_model
from consentgate.workspace import Workspace

Rebuild = Callable[[Workspace, DatasetView], str]


def forget_members(
    ws: Workspace,
    member_ids: Sequence[str] = (),
    *,
    record_withdrawal: bool = False,
    rebuild: Rebuild | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    executor: str = "local",
) -> list[Receipt]:
    """Forget the named members (or, with none named, everyone newly excluded); one receipt each.

    Builds a dataset with the current model's dataset as parent, retrains only the shards
    whose data changed (train_model with parent_model), stores and returns the receipts.
    """
    started = dt.datetime.now(dt.UTC)
    current = latest_model(ws)
    old = open_dataset(ws, current.dataset_version)
    if member_ids and record_withdrawal:
        _record_withdrawals(ws, member_ids, started)
    elif member_ids:
        _precheck_named(ws, member_ids, old, started)
    new_version = (rebuild or pipeline_rebuild())(ws, old)
    new = open_dataset(ws, new_version)
    old_records = old.records_by_member()
    # Erased members' rows left `old` at their erasure; the purge entries say what they were.
    for member_id, refs in purged_records(ws, old, current.manifest["created_at"]).items():
        old_records.setdefault(member_id, refs)
    new_members = _members(new)
    if member_ids:
        _check_named(ws, member_ids, old_records, new_members)
        targets = list(dict.fromkeys(member_ids))
    else:
        targets = sorted(set(old_records) - new_members)
    if not targets:
        return []
    model = train_model(
        ws,
        new.version,
        TrainConfig(**current.manifest["config"]),
        base=(current.manifest.get("base") or {}).get("path"),
        seed=int(current.manifest["seed"]),
        parent_model=current.version,
        workers=workers,
        progress=progress,
        executor=executor,
    )
    purged = purge_superseded(ws, model.version, set(targets))
    finished = dt.datetime.now(dt.UTC)
    proofs = _withdrawal_proofs(ws, targets, new)
    payloads = [
        _payload(m, old_records.get(m, []), old, new, current, model, started, finished)
        | {"purged_versions": purged, "ledger_inclusion": proofs.get(m)}
        for m in targets
    ]
    with ws.session() as session:
        return store_receipts(session, payloads)


def pipeline_rebuild(*, as_of: dt.datetime | None = None, components: Any = None) -> Rebuild:
    """An incremental build by the pipeline: the parent's policy and shard count, the ledger
    state of `as_of` (default: now); `components` are passed to `build_dataset`."""

    def rebuild(ws: Workspace, old: DatasetView) -> str:
        policy = old.manifest.get("policy")
        policy_name = policy.get("id") if isinstance(policy, dict) else policy
        extra = {"components": components} if components is not None else {}
        info = build_dataset(
            ws,
            as_of=as_of or dt.datetime.now(dt.UTC),
            policy=str(policy_name),
            shards=old.shard_count,
            parent=old.version,
            **extra,
        )
        return str(info.version)

    return rebuild


def _withdrawal_proofs(
    ws: Workspace, member_ids: Sequence[str], dataset: DatasetView
) -> dict[str, dict[str, Any]]:
    """Each member's "no" as of the new dataset's build, proved in the ledger head that the
    build's manifest copies (the receipt's evidence that the ledger said no)."""
    head = dataset.manifest.get("ledger_head")
    if not head:
        return {}
    with ws.session() as session:
        proofs = withdrawal_proofs(
            session,
            member_ids,
            SignedHead.from_dict(head),
            dt.datetime.fromisoformat(str(dataset.manifest["as_of"])),
        )
    return {member_id: proof.to_dict() for member_id, proof in proofs.items()}


def _record_withdrawals(ws: Workspace, member_ids: Sequence[str], at: dt.datetime) -> None:
    """Record `ai_training_setting` = false (channel api) for each named member, in one go."""
    with ws.session() as session:
        for member_id in dict.fromkeys(member_ids):
            set_choice(session, member_id, False, "api", at)


def _precheck_named(
    ws: Workspace, member_ids: Sequence[str], old: DatasetView, at: dt.datetime
) -> None:
    """Refuse before building when the ledger still says yes for a named member."""
    try:
        policy = load_policy(str(old.manifest.get("policy")))
    except PolicyError:
        return  # the build and the check after it still decide
    with ws.session() as session:
        ledger = ConsentLedger(session)
        for member_id in member_ids:
            state = ledger.state_at(member_id, at, policy)
            if state.choice and not state.restricted and not state.erased:
                raise StillIncludedError(_still_included(member_id))


def _still_included(member_id: str) -> str:
    return (
        f"member {member_id} is still included by their consent state; record their "
        "withdrawal first, or pass --record-withdrawal"
    )


def _check_named(
    ws: Workspace,
    member_ids: Sequence[str],
    old_records: dict[str, list[tuple[str, str, int]]],
    new_members: set[str],
) -> None:
    for member_id in member_ids:
        if member_id in new_members:
            raise StillIncludedError(_still_included(member_id))
        if member_id not in old_records and not known_member(ws, member_id):
            raise UnknownMemberError(member_id)


def _members(dataset: DatasetView) -> set[str]:
    return dataset_members(dataset)


def _payload(
    member_id: str,
    records: list[tuple[str, str, int]],
    old: DatasetView,
    new: DatasetView,
    current: ModelInfo,
    model: ModelInfo,
    started: dt.datetime,
    finished: dt.datetime,
) -> dict[str, Any]:
    shards = sorted({shard for _, _, shard in records})
    retrained = list(model.manifest["retrained_shards"])
    weights = {
        str(s): {
            "before": current.manifest["shards"][s].get("sha256"),
            "after": model.manifest["shards"][s].get("sha256") if s < new.shard_count else None,
        }
        for s in shards
    }
    return {
        "member_id": member_id,
        "records_removed": len(records),
        "removed_kinds": dict(Counter(kind for _, kind, _ in records)),
        "dataset_from": old.version,
        "dataset_to": new.version,
        "model_from": current.version,
        "model_to": model.version,
        "member_shards": shards,
        "member_shards_retrained": all(s in retrained for s in shards),
        "shards_retrained": retrained,
        "shards_reused": list(model.manifest["reused_shards"]),
        "weights": weights,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
    }
