"""Extract the member pages' messages and merge them into each language's catalogue.

    .venv/bin/python scripts/update_catalogues.py

Runs `pybabel extract` (babel.cfg) into a template, then updates
src/consentgate/locale/<lang>/LC_MESSAGES/messages.po, keeping every translation made;
new messages come in untranslated (shown in English until translated).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "consentgate" / "locale"


def update(template: Catalog, language: str) -> list[str]:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = read_po(path.open("rb"), locale=language) if path.exists() else Catalog(language)
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as out:
        write_po(out, catalog, omit_header=False, no_location=True, sort_output=True,
                 ignore_obsolete=True)  # fmt: skip
    return [m.id for m in catalog if m.id and not m.string]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
             "-k", "_", "-k", "gettext", "-k", "N_", "--no-location", "--sort-output",
             "-o", str(pot), "."],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        template = read_po(pot.open("rb"))
    for language in ("fr",):
        missing = update(template, language)
        sys.stdout.write(f"{language}: {len(missing)} message(s) to translate\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
