"""A build that redacts slowly, run in a subprocess that the atomicity tests SIGKILL.

usage: python slow_build.py HOME DATABASE_URL [EXECUTOR]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline_helpers import AS_OF, components

from consentgate.pipeline.build import build_dataset
from consentgate.workspace import Workspace


@dataclass
class SlowRedactor:
    inner: Any

    def redact_many(self, texts: Sequence[str], langs: Any = None) -> Any:
        time.sleep(0.15)
        return self.inner.redact_many(texts, langs)


@dataclass
class SlowFactory:
    """Picklable (a class, not a lambda), so the processes executor can ship it to workers."""

    real: Any

    def __call__(self, names: Sequence[str]) -> SlowRedactor:
        return SlowRedactor(self.real(names))


def main() -> None:
    ws = Workspace.open(sys.argv[1], sys.argv[2])
    executor = sys.argv[3] if len(sys.argv) > 3 else "local"
    parts = components()
    parts.shard.redactor_factory = SlowFactory(parts.shard.redactor_factory)
    info = build_dataset(
        ws, as_of=AS_OF, policy="linkedin-2025", shards=8, components=parts, executor=executor
    )
    sys.stdout.write(info.version + "\n")


if __name__ == "__main__":
    main()
