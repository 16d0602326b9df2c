"""Golden files: a dataset build's files and a tiny model's weights, pinned byte for byte.

The outputs come from the project's own synthetic network with every random input fixed
(generator seed, as-of time, shard, suppression and ledger keys). When an output changes on
purpose, `pytest tests/golden --update-golden` rewrites `tests/golden/data/`; the commit
that carries the new files says why they changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.workspace import Workspace

GOLDEN_DIR = Path(__file__).parent / "data"
UPDATE_COMMAND = "pytest tests/golden --update-golden"

MEMBERS = 40
SEED = 19
SHARDS = 4
POLICY = "linkedin-2025"
AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
# Fixed stand-ins for the keys a workspace otherwise draws at random.
SHARD_KEY = "11" * 32
SUPPRESSION_KEY = "22" * 32
LEDGER_KEY = base64.b64encode(bytes(range(32))).decode()


class Golden:
    """Compares an output with its golden file, or rewrites the file with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check_text(self, name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"{path}: no golden file; write it with `{UPDATE_COMMAND}`"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"{path}: output differs from the golden file; if the change is intended, "
            f"run `{UPDATE_COMMAND}` and say why in the commit"
        )

    def check_json(self, name: str, value: Any) -> None:
        self.check_text(name, to_json(value))

    def check_rows(self, name: str, rows: list[dict[str, Any]]) -> None:
        """JSON Lines, one row a line: a changed record shows as one changed line."""
        self.check_text(name, "".join(to_json(row, indent=None) for row in rows))


def to_json(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=False, default=str) + "\n"


@dataclass(frozen=True, slots=True)
class GoldenBuild:
    ws: Workspace
    version: str
    path: Path
