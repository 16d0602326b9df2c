"""After forgetting, older model versions lose the shard weights trained on the forgotten data.

Keeping superseded weights that were trained on a withdrawn member's records would keep
processing their data; forgetting deletes those shard files (model.json stays, as lineage)
and records what was deleted in `purged.json`, which the model card and `report` show.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from consentgate.errors import DatasetError
from consentgate.pipeline.datasets import open_dataset
from consentgate.training.erased import purged_shards
from consentgate.training.registry import PURGED, ModelInfo, list_models, write_card
from consentgate.workspace import Workspace


def read_purged(path: Path) -> dict[str, Any]:
    """The purge record of a model version directory ({} when nothing was purged)."""
    file = path / PURGED
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}


def purge_superseded(ws: Workspace, keep: str, members: set[str]) -> dict[str, list[int]]:
    """Delete, in every version but `keep`, the shard weights trained on any of `members`."""
    purged: dict[str, list[int]] = {}
    for model in list_models(ws):
        if model.version == keep:
            continue
        shards = [s for s in _member_shards(ws, model, members) if _has_file(model, s)]
        if shards:
            _purge(model, shards, len(members))
            purged[model.version] = shards
    return purged


def _has_file(model: ModelInfo, shard: int) -> bool:
    file = model.shard_file(shard) if shard < len(model.manifest["shards"]) else None
    return file is not None and file.is_file()


def _member_shards(ws: Workspace, model: ModelInfo, members: set[str]) -> list[int]:
    try:
        dataset = open_dataset(ws, model.dataset_version)
    except DatasetError:
        return []
    found = {int(s) for s in dataset.lineage_of(members)["shard"].to_pylist()}
    # Shards whose rows of these members an erasure already removed from the dataset.
    found |= purged_shards(ws, dataset, members)
    return sorted(found)


def _purge(model: ModelInfo, shards: list[int], members: int) -> None:
    record = read_purged(model.path)
    now = dt.datetime.now(dt.UTC).isoformat()
    for shard in shards:
        file = model.shard_file(shard)
        if file is not None:
            file.unlink(missing_ok=True)
        record.setdefault("shards", {})[str(shard)] = {
            "purged_at": now,
            "reason": f"trained on data of {members} forgotten member(s)",
        }
    tmp = model.path / f".{PURGED}.tmp"
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, model.path / PURGED)
    write_card(model.path, model.manifest)
