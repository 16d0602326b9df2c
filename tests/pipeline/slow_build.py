"""A build that redacts slowly, run in a subprocess that the atomicity tests SIGKILL.

usage: python slow_build.py HOME DATABASE_URL [EXECUTOR]
"""

from __future__ import annotations

import sys

from pipeline_helpers import AS_OF, components
from slow_redaction import SlowFactory

from consentgate.pipeline.build import build_dataset
from consentgate.workspace import Workspace


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
