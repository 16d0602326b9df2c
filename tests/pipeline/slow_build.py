"""A build that redacts slowly, run in a subprocess that the atomicity test SIGKILLs.

usage: python slow_build.py HOME DATABASE_URL
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

from pipeline_helpers import AS_OF, components

from consentgate.pipeline.build import build_dataset
from consentgate.workspace import Workspace


class SlowRedactor:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def redact_many(self, texts: Sequence[str], langs: Any = None) -> Any:
        time.sleep(0.15)
        return self.inner.redact_many(texts, langs)


def main() -> None:
    ws = Workspace.open(sys.argv[1], sys.argv[2])
    parts = components()
    real = parts.shard.redactor_factory
    parts.shard.redactor_factory = lambda names: SlowRedactor(real(names))
    info = build_dataset(ws, as_of=AS_OF, policy="linkedin-2025", shards=8, components=parts)
    sys.stdout.write(info.version + "\n")


if __name__ == "__main__":
    main()
