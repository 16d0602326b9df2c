"""A redactor that sleeps before each batch, for the builds the atomicity tests SIGKILL.

In a module of its own, not in slow_build.py's `__main__`, so that every executor's workers
can unpickle it (Ray's workers run another `__main__`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


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
