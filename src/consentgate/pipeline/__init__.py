"""Dataset builds: snapshot -> decide -> shard -> redact -> dedup -> write, over Arrow batches.

Stages are plain functions over `pyarrow` tables and record batches (no hidden global state);
executors (`pipeline.executors`) decide where the per-shard work runs. The public names below
are imported lazily, so `import consentgate.pipeline` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "build_dataset": "consentgate.pipeline.build",
    "DatasetInfo": "consentgate.pipeline.build",
    "list_datasets": "consentgate.pipeline.datasets",
    "load_manifest": "consentgate.pipeline.datasets",
    "latest_dataset": "consentgate.pipeline.datasets",
    "shard_of": "consentgate.pipeline.sharding",
    "load_or_create_key": "consentgate.pipeline.sharding",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'consentgate.pipeline' has no attribute {name!r}")
