"""Optional compiled build of the redactor's rule modules (everything else is in pyproject).

``CONSENTGATE_COMPILE=1 pip install .`` (or ``pip wheel .``) compiles the name and
address rules, the word lists and the language guess with mypyc, the compiler mypy ships
for its own code: the same Python source, type-checked, turned into C extension modules.
The redactor is then about 1.2x faster with identical output (benchmarks/README_redact.md).
Without the variable, or in an editable install, the package is pure Python: a compiled
module next to its source would shadow every later edit of that source.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

# The modules whose time is spent in Python code rather than in regexes or C libraries;
# they compile as they are, with no change for mypyc.
COMPILED = [
    "src/consentgate/redact/address.py",
    "src/consentgate/redact/address_block.py",
    "src/consentgate/redact/address_cues.py",
    "src/consentgate/redact/address_lines.py",
    "src/consentgate/redact/address_prefixed.py",
    "src/consentgate/redact/address_units.py",
    "src/consentgate/redact/language.py",
    "src/consentgate/redact/lexicon.py",
    "src/consentgate/redact/name_context.py",
    "src/consentgate/redact/name_lines.py",
    "src/consentgate/redact/name_lower.py",
    "src/consentgate/redact/name_lists.py",
    "src/consentgate/redact/name_model.py",
    "src/consentgate/redact/name_roles.py",
    "src/consentgate/redact/name_runs.py",
    "src/consentgate/redact/name_signals.py",
    "src/consentgate/redact/name_words.py",
    "src/consentgate/redact/names.py",
    "src/consentgate/redact/street_lexicon.py",
    "src/consentgate/redact/phone.py",
    "src/consentgate/redact/national_id.py",
    "src/consentgate/redact/digit_runs.py",
    "src/consentgate/redact/members.py",
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
