"""Golden files: a dataset build's files pinned byte for byte, a tiny model's weights by figures.

The outputs come from the project's own synthetic network with every random input fixed
(generator seed, as-of time, shard, suppression and ledger keys). When an output changes on
purpose, `pytest tests/golden --update-golden` rewrites `tests/golden/data/`; the commit
that carries the new files says why they changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
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

    def check_json_close(self, name: str, value: Any) -> None:
        """Like check_json, but floats need only agree within FLOAT_TOLERANCE."""
        path = GOLDEN_DIR / name
        if self.update or not path.is_file():
            self.check_json(name, value)
            return
        expected = json.loads(path.read_text(encoding="utf-8"))
        found = json.loads(to_json(value))
        differences = list(_differences(expected, found, name))
        assert not differences, (
            f"{path}: output differs from the golden file ({'; '.join(differences[:5])}); if "
            f"the change is intended, run `{UPDATE_COMMAND}` and say why in the commit"
        )

    def check_rows(self, name: str, rows: list[dict[str, Any]]) -> None:
        """JSON Lines, one row a line: a changed record shows as one changed line."""
        self.check_text(name, "".join(to_json(row, indent=None) for row in rows))


# Relative, with an absolute floor for values near zero: far above what another CPU's float
# kernels change after a few optimisation steps, far below what any change of training moves.
FLOAT_TOLERANCE = (1e-3, 1e-5)


def _differences(expected: Any, found: Any, where: str) -> Iterator[str]:
    if isinstance(expected, float) and isinstance(found, (float, int)):
        relative, absolute = FLOAT_TOLERANCE
        if abs(expected - found) > max(absolute, relative * abs(expected)):
            yield f"{where}: {found!r}, golden {expected!r}"
    elif isinstance(expected, dict) and isinstance(found, dict):
        if expected.keys() != found.keys():
            yield f"{where}: keys {sorted(found)}, golden {sorted(expected)}"
        for key in expected.keys() & found.keys():
            yield from _differences(expected[key], found[key], f"{where}.{key}")
    elif isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        for index, (e, f) in enumerate(zip(expected, found, strict=True)):
            yield from _differences(e, f, f"{where}[{index}]")
    elif expected != found:
        yield f"{where}: {found!r}, golden {expected!r}"


def to_json(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=False, default=str) + "\n"


@dataclass(frozen=True, slots=True)
class GoldenBuild:
    ws: Workspace
    version: str
    path: Path
