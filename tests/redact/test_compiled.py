"""The compiled build (setup.py, mypyc) is the same redactor: same spans, same texts.

`make test` runs tests/redact a second time against the compiled build with
CONSENTGATE_EXPECT_COMPILED=1; these tests then check that the compiled modules are what
was imported, and that a pure-Python process finds exactly what they find.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from consentgate.network.synth import generate_network
from consentgate.redact import Redactor

ROOT = Path(__file__).resolve().parents[2]
COMPILED_RUN = os.environ.get("CONSENTGATE_EXPECT_COMPILED") == "1"
needs_compiled = pytest.mark.skipif(not COMPILED_RUN, reason="pure-Python run of the suite")

# Spans and redacted text of each text given on stdin as a JSON list, in a pure-Python
# process (PYTHONPATH=src comes first, before any compiled build).
_PURE_PYTHON_SCRIPT = """
import json, sys
from consentgate.redact import Redactor
members, texts = json.load(sys.stdin)
redactor = Redactor(members)
out = []
for text in texts:
    result = redactor.redact(text)
    out.append([result.text, result.lang,
                [[s.start, s.end, s.type, s.score, s.recognizer] for s in result.spans]])
json.dump(out, sys.stdout)
"""


def compiled_modules() -> list[str]:
    """The module names setup.py compiles, read from its COMPILED list."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            paths = ast.literal_eval(node.value)
            return [p.removeprefix("src/").removesuffix(".py").replace("/", ".") for p in paths]
    raise AssertionError("setup.py has no COMPILED list")


def test_setup_lists_existing_modules() -> None:
    for module in compiled_modules():
        assert (ROOT / "src" / (module.replace(".", "/") + ".py")).is_file(), module


@needs_compiled
def test_the_compiled_modules_are_the_ones_imported() -> None:
    for module in compiled_modules():
        path = importlib.import_module(module).__file__ or ""
        assert path.endswith(".so") and "src" not in Path(path).parts, (module, path)


@needs_compiled
def test_compiled_and_pure_python_redact_alike() -> None:
    net = generate_network(150, seed=11)
    members = [m["name"] for m in net.members]
    texts = [str(c["text"]) for c in net.content]
    texts += [m["summary"] for m in net.members if m.get("summary")]
    redactor = Redactor(members)
    compiled = []
    for text in texts:
        result = redactor.redact(text)
        spans = [[s.start, s.end, s.type, s.score, s.recognizer] for s in result.spans]
        compiled.append([result.text, result.lang, spans])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    pure = subprocess.run(
        [sys.executable, "-c", _PURE_PYTHON_SCRIPT],
        input=json.dumps([members, texts]),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert sum(len(c[2]) for c in compiled) > 100  # the texts do hold personal data
    assert json.loads(pure.stdout) == compiled
