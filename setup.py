"""Optional compiled build of the redactor's rule modules (everything else is in pyproject).

``CONSENTGATE_COMPILE=1 pip install .`` (or ``pip wheel .``) compiles the stages of the
name and address recognisers, the language packs' loader, the word lists and the language
guess with mypyc, the compiler mypy ships for its own code: the same Python source,
type-checked, turned into C extension modules.
The redactor is then faster with identical output (figures: benchmarks/README_redact.md).
Without the variable, or in an editable install, the package is pure Python: a compiled
module next to its source would shadow every later edit of that source.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

# The modules whose time is spent in Python code rather than in regexes or C libraries;
# they compile as they are, with no change for mypyc. (The recognisers read the language
# packs, redact/lang/*.toml, which the wheel carries as package data.)
COMPILED = [
    "src/consentgate/redact/engine/digit_runs.py",
    "src/consentgate/redact/lang/detect.py",
    "src/consentgate/redact/lang/packs.py",
    "src/consentgate/redact/lang/sources.py",
    "src/consentgate/redact/lang/text.py",
    "src/consentgate/redact/recognizers/members.py",
    "src/consentgate/redact/recognizers/national_id.py",
    "src/consentgate/redact/recognizers/phone.py",
    "src/consentgate/redact/recognizers/address/block.py",
    "src/consentgate/redact/recognizers/address/continental.py",
    "src/consentgate/redact/recognizers/address/cues.py",
    "src/consentgate/redact/recognizers/address/finder.py",
    "src/consentgate/redact/recognizers/address/numbered.py",
    "src/consentgate/redact/recognizers/address/prefixed.py",
    "src/consentgate/redact/recognizers/address/recognizer.py",
    "src/consentgate/redact/recognizers/address/segments.py",
    "src/consentgate/redact/recognizers/address/street_names.py",
    "src/consentgate/redact/recognizers/address/types.py",
    "src/consentgate/redact/recognizers/address/units.py",
    "src/consentgate/redact/recognizers/address/words.py",
    "src/consentgate/redact/recognizers/person/blocks.py",
    "src/consentgate/redact/recognizers/person/context.py",
    "src/consentgate/redact/recognizers/person/finder.py",
    "src/consentgate/redact/recognizers/person/limits.py",
    "src/consentgate/redact/recognizers/person/lists.py",
    "src/consentgate/redact/recognizers/person/lower.py",
    "src/consentgate/redact/recognizers/person/model.py",
    "src/consentgate/redact/recognizers/person/recognizer.py",
    "src/consentgate/redact/recognizers/person/runs.py",
    "src/consentgate/redact/recognizers/person/scores.py",
    "src/consentgate/redact/recognizers/person/signals.py",
    "src/consentgate/redact/recognizers/person/words.py",
]


def _ext_modules() -> list[object]:
    if os.environ.get("CONSENTGATE_COMPILE") != "1":
        return []
    if any(arg in ("editable_wheel", "develop") for arg in sys.argv):
        raise SystemExit(
            "CONSENTGATE_COMPILE=1 builds a wheel, not an editable install: compiled modules "
            "in src/ would shadow later edits of their source"
        )
    from mypyc.build import mypycify

    return list(mypycify(COMPILED, opt_level="3", group_name="consentgate_redact"))


setup(ext_modules=_ext_modules())
