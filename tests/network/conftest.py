"""Fixtures for the network tests: small interchange directories written from dicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from netrows import Row, WriteDir, write_jsonl


@pytest.fixture
def write_dir(tmp_path: Path) -> WriteDir:
    """Write members/content/events rows into a fresh directory and return it."""
    counter = iter(range(1_000_000))

    def write(
        members: list[Row] | None = None,
        contents: list[Row] | None = None,
        events: list[Row] | None = None,
    ) -> Path:
        directory = tmp_path / f"in{next(counter)}"
        directory.mkdir()
        write_jsonl(directory / "members.jsonl", members or [])
        write_jsonl(directory / "content.jsonl", contents or [])
        write_jsonl(directory / "events.jsonl", events or [])
        return directory

    return write
