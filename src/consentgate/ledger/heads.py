"""Signed heads found outside the database: the heads file, dataset manifests, model cards,
and files an auditor passes in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from consentgate.ledger.signing import HeadFormatError, SignedHead

MANIFEST_KEY = "ledger_head"


@dataclass(frozen=True, slots=True)
class FoundHead:
    """A head and where it was found, or why what was found there is not a head."""

    source: str
    head: SignedHead | None
    problem: str | None = None


def parse_head(source: str, data: object) -> FoundHead:
    try:
        return FoundHead(source, SignedHead.from_dict(data))
    except HeadFormatError as exc:
        return FoundHead(source, None, str(exc))


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HeadFormatError(f"unreadable: {exc}") from None


def artifact_heads(datasets_dir: Path, models_dir: Path) -> list[FoundHead]:
    """The head copied into each dataset manifest and model manifest under the workspace."""
    found: list[FoundHead] = []
    for root, name in ((datasets_dir, "manifest.json"), (models_dir, "model.json")):
        if not root.is_dir():
            continue
        for manifest in sorted(root.glob(f"*/{name}")):
            if manifest.parent.name.startswith("."):
                continue  # a build or a training run still in progress
            try:
                data = _json(manifest)
            except HeadFormatError as exc:
                found.append(FoundHead(str(manifest), None, str(exc)))
                continue
            if isinstance(data, dict) and data.get(MANIFEST_KEY) is not None:
                found.append(parse_head(str(manifest), data[MANIFEST_KEY]))
    return found


def heads_in_files(paths: Iterable[Path]) -> list[FoundHead]:
    """Heads an auditor passes in: a JSON head, a manifest holding one, or JSON lines."""
    found: list[FoundHead] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            found.append(FoundHead(str(path), None, f"unreadable: {exc}"))
            continue
        try:
            data = json.loads(text)
        except ValueError:
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    found.append(_line(f"{path}:{number}", line))
            continue
        if isinstance(data, dict) and MANIFEST_KEY in data:
            data = data[MANIFEST_KEY]
        found.append(parse_head(str(path), data))
    return found


def _line(source: str, line: str) -> FoundHead:
    try:
        return parse_head(source, json.loads(line))
    except ValueError:
        return FoundHead(source, None, "not JSON")
