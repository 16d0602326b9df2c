"""Reading dataset manifests, lineage and model cards from the workspace, defensively.

Datasets and models are written by other parts of consentgate; the web app only reads them
and treats a missing or unreadable file as "nothing there" rather than an error page.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DatasetSummary:
    """One dataset version: when, under which policy, how many records used and excluded."""

    version: str
    path: Path
    created_at: str
    policy: str | None
    included: int
    excluded: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class ModelSummary:
    version: str
    created_at: str
    dataset_version: str | None
    raw: dict[str, Any] = field(default_factory=dict)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable (%s)", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) else 0


def _counts(manifest: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """Included count and excluded-by-reason from the manifest's likely shapes."""
    raw = manifest.get("counts")
    counts: dict[str, Any] = raw if isinstance(raw, dict) else manifest
    included = counts.get("included", counts.get("used", 0))
    if isinstance(included, dict):
        included = sum(_int(v) for v in included.values())
    excluded = counts.get("excluded_by_reason", counts.get("excluded", {}))
    if not isinstance(excluded, dict):
        excluded = {}
    return _int(included), {str(k): _int(v) for k, v in excluded.items() if _int(v) or v == 0}


def list_datasets(datasets_dir: Path) -> list[DatasetSummary]:
    """Dataset versions with a manifest, newest first."""
    found = []
    if not datasets_dir.is_dir():
        return []
    for path in datasets_dir.iterdir():
        manifest = _read_json(path / "manifest.json") if path.is_dir() else None
        if manifest is None:
            continue
        included, excluded = _counts(manifest)
        found.append(
            DatasetSummary(
                version=str(manifest.get("version", path.name)),
                path=path,
                created_at=str(manifest.get("created_at", "")),
                policy=manifest.get("policy") if isinstance(manifest.get("policy"), str) else None,
                included=included,
                excluded=excluded,
            )
        )
    return sorted(found, key=lambda d: (d.created_at, d.version), reverse=True)


def list_models(models_dir: Path) -> list[ModelSummary]:
    """Model versions with a model.json, newest first."""
    found = []
    if not models_dir.is_dir():
        return []
    for path in models_dir.iterdir():
        card = _read_json(path / "model.json") if path.is_dir() else None
        if card is None:
            continue
        dataset = card.get("dataset_version", card.get("dataset"))
        found.append(
            ModelSummary(
                version=str(card.get("version", path.name)),
                created_at=str(card.get("created_at", "")),
                dataset_version=str(dataset) if dataset is not None else None,
                raw=card,
            )
        )
    return sorted(found, key=lambda m: (m.created_at, m.version), reverse=True)


def member_records_in(dataset: DatasetSummary, member_id: str) -> Counter[str]:
    """How many of the member's records a dataset holds, by kind (empty when none)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    kinds: Counter[str] = Counter()
    shards = sorted(dataset.path.glob("shard-*.parquet"))
    try:
        if shards:
            for shard in shards:
                table = pq.read_table(
                    shard, columns=["member_id", "kind"], filters=[("member_id", "=", member_id)]
                )
                kinds.update(str(k) for k in table.column("kind").to_pylist())
            return kinds
        lineage = dataset.path / "lineage.parquet"
        if lineage.is_file():
            table = pq.read_table(lineage, columns=["member_id", "record_id"])
            mine = table.filter(pc.equal(table.column("member_id"), member_id))
            for record_id in mine.column("record_id").to_pylist():
                kinds["profile" if str(record_id).startswith("profile:") else "content"] += 1
    except (OSError, KeyError, ValueError) as exc:
        log.warning("%s: cannot read lineage (%s)", dataset.path, exc)
    return kinds
