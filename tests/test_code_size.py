"""Every module stays small enough to read, and every function short enough to follow.

Modules over 400 lines and functions over 80 lines (decorators included) fail, outside the
database migrations (generated, then frozen).
"""

from __future__ import annotations

import ast
from pathlib import Path

import consentgate

ROOT = Path(consentgate.__file__).parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
SKIPPED = ("migrations/",)


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not path.relative_to(ROOT).as_posix().startswith(SKIPPED)
    ]


def test_modules_are_under_400_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_functions_are_under_80_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = (node.end_lineno or node.lineno) - start + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"] = lines
    assert long == {}
