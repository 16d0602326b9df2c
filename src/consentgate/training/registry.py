"""The model registry: `models/<version>/` with per-shard safetensors, model.json, MODEL_CARD.md.

A version directory is written under a temporary name and renamed into place, so it
appears whole or not at all; weights and model.json never change afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.errors import ModelError
from consentgate.training.card import render_card
from consentgate.workspace import Workspace

MANIFEST = "model.json"
CARD = "MODEL_CARD.md"
AUDIT = "audit.json"
PURGED = "purged.json"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A model version in the registry."""

    version: str
    path: Path
    manifest: dict[str, Any]

    @property
    def dataset_version(self) -> str:
        return str(self.manifest["dataset_version"])

    @property
    def created_at(self) -> str:
        return str(self.manifest.get("created_at", ""))

    def shard_file(self, shard: int) -> Path | None:
        entry = self.manifest["shards"][shard]
        return self.path / entry["file"] if entry.get("file") else None


def new_version(now: dt.datetime) -> str:
    """A sortable, unique model version name."""
    return f"model-{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def shard_file_name(shard: int) -> str:
    return f"shard-{shard:04d}.safetensors"


def load_model(ws: Workspace, version: str) -> ModelInfo:
    """A model version, or a one-line ModelError."""
    path = ws.models_dir / version
    if not version or "/" in version or not (path / MANIFEST).is_file():
        raise ModelError(f"unknown model version: {version!r} (see `consentgate models list`)")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path / MANIFEST}: unreadable: {exc}") from None
    if not isinstance(manifest, dict):
        raise ModelError(f"{path / MANIFEST}: not a JSON object")
    return ModelInfo(version, path, manifest)


def list_models(ws: Workspace, *, skip_unreadable: bool = False) -> list[ModelInfo]:
    """Every model version, oldest first; with `skip_unreadable`, a version whose model.json
    cannot be read (or names no dataset) is left out instead of raising ModelError."""
    if not ws.models_dir.is_dir():
        return []
    models = []
    for path in ws.models_dir.iterdir():
        if path.name.startswith(".") or not (path / MANIFEST).is_file():
            continue
        try:
            model = load_model(ws, path.name)
        except ModelError:
            if not skip_unreadable:
                raise
            continue
        if skip_unreadable and not isinstance(model.manifest.get("dataset_version"), str):
            continue
        models.append(model)
    return sorted(models, key=lambda m: (m.created_at, m.version))


def latest_model(ws: Workspace) -> ModelInfo:
    """The newest model version, or a one-line ModelError."""
    models = list_models(ws)
    if not models:
        raise ModelError(f"no model in {ws.models_dir}; run `consentgate train` first")
    return models[-1]


@contextmanager
def staging_dir(ws: Workspace, version: str) -> Iterator[Path]:
    """A temporary directory renamed to models/<version> when the block succeeds."""
    ws.models_dir.mkdir(parents=True, exist_ok=True)
    staging = ws.models_dir / f".tmp-{version}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        yield staging
        os.replace(staging, ws.models_dir / version)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """model.json and the model card of a (staging) version directory."""
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    write_card(path, manifest)


def write_card(path: Path, manifest: dict[str, Any]) -> None:
    """(Re)write MODEL_CARD.md from model.json and audit.json, if present."""
    audit = None
    if (path / AUDIT).is_file():
        audit = json.loads((path / AUDIT).read_text(encoding="utf-8"))
    purged = None
    if (path / PURGED).is_file():
        purged = json.loads((path / PURGED).read_text(encoding="utf-8"))
    tmp = path / f".{CARD}.tmp"
    tmp.write_text(render_card(manifest, audit, purged), encoding="utf-8")
    os.replace(tmp, path / CARD)


def record_audit(model: ModelInfo, audit: dict[str, Any]) -> None:
    """Attach a memorisation audit to a model version and refresh its card."""
    tmp = model.path / f".{AUDIT}.tmp"
    tmp.write_text(json.dumps(audit, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, model.path / AUDIT)
    write_card(model.path, model.manifest)
