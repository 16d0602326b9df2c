"""Reading what builds wrote: list versions, load a manifest, find the latest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.errors import DatasetError
from consentgate.workspace import Workspace

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    """One line of `consentgate datasets list`."""

    version: str
    path: Path
    as_of: str
    policy: str
    created_at: str
    parent: str | None
    used: int
    excluded: int
    records: int
    shards: int


def _is_version_dir(path: Path) -> bool:
    return path.is_dir() and path.name.startswith("v") and (path / MANIFEST).is_file()


def version_key(name: str) -> tuple[int, str]:
    digits = name[1:]
    return (int(digits) if digits.isdigit() else -1, name)


def load_manifest(ws: Workspace, version: str) -> dict[str, Any]:
    """The manifest of dataset `version`; DatasetError if there is no such dataset."""
    if not version or "/" in version or version.startswith("."):
        raise DatasetError(f"{version!r} is not a dataset version (e.g. v0001)")
    path = ws.datasets_dir / version / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"no dataset version {version} in {ws.datasets_dir}") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}:{exc.lineno}: malformed manifest: {exc.msg}") from None
    return manifest


def list_datasets(ws: Workspace) -> list[DatasetSummary]:
    """Every published dataset version, oldest first."""
    if not ws.datasets_dir.is_dir():
        return []
    out = []
    for path in sorted(ws.datasets_dir.iterdir(), key=lambda p: version_key(p.name)):
        if not _is_version_dir(path):
            continue
        m = load_manifest(ws, path.name)
        counts = m.get("counts", {})
        out.append(
            DatasetSummary(
                version=path.name,
                path=path,
                as_of=m.get("as_of", ""),
                policy=m.get("policy", ""),
                created_at=m.get("created_at", ""),
                parent=m.get("parent"),
                used=int(counts.get("used", 0)),
                excluded=int(counts.get("excluded", 0)),
                records=int(counts.get("written", 0)),
                shards=int(m.get("shards", 0)),
            )
        )
    return out


def latest_dataset(ws: Workspace) -> str | None:
    """The newest dataset version, or None before the first build."""
    versions = list_datasets(ws)
    return versions[-1].version if versions else None
