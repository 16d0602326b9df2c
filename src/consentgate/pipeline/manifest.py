"""The manifest of a dataset version: totals summed from the per-shard entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import consentgate
from consentgate.errors import DatasetError
from consentgate.pipeline.fingerprint import FORMAT
from consentgate.pipeline.sharding import key_id
from consentgate.pipeline.stages import DecisionCounts
from consentgate.policy import Policy


def _sum(results: list[dict[str, Any]], key: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for result in results:
        for name, n in result[key].items():
            total[name] = total.get(name, 0) + int(n)
    return dict(sorted(total.items()))


def stage_seconds(timings: dict[str, float], results: list[dict[str, Any]]) -> dict[str, float]:
    """Seconds per build stage, the per-shard stages summed over shards."""
    out = {k: round(v, 3) for k, v in timings.items()}
    for result in results:
        for stage, sec in result.get("seconds", {}).items():
            out[f"shard_{stage}"] = round(out.get(f"shard_{stage}", 0.0) + sec, 3)
    return out


def build_manifest(
    as_of: dt.datetime,
    policy: Policy,
    shards: int,
    key: bytes,
    parent: str | None,
    orphaned: int,
    results: list[dict[str, Any]],
    redactor_id: str,
) -> dict[str, Any]:
    """The manifest (version still None) from the shard entries, in shard order.

    The decision totals are the sum of every entry's `decided` counts, so a shard reused
    from a parent without being decided again contributes the counts it had there.
    """
    entries = [{k: v for k, v in r.items() if k not in ("seconds", "reused")} for r in results]
    if any(e["shard"] != i for i, e in enumerate(entries)):
        raise DatasetError("internal error: shard results out of order")
    total = DecisionCounts()
    for entry in entries:
        total.add(DecisionCounts.from_dict(entry["decided"]))
    written = sum(int(e["records"]) for e in entries)
    return {
        "format": FORMAT,
        "version": None,
        "as_of": as_of.astimezone(dt.UTC).isoformat(),
        "policy": policy.id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parent": parent,
        "shards": shards,
        "shard_key_id": key_id(key),
        "redactor": redactor_id,
        "consentgate_version": consentgate.__version__,
        "reused_shards": [r["shard"] for r in results if r.get("reused")],
        "counts": {
            **total.as_dict(),
            "orphaned": orphaned,
            "deduplicated": sum(int(e["deduplicated"]) for e in entries),
            "written": written,
            "by_kind": _sum(entries, "by_kind"),
            "by_lang": _sum(entries, "by_lang"),
            "by_region": _sum(entries, "by_region"),
        },
        "shard_files": entries,
    }
