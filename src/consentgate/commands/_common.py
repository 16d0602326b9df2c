"""Small pieces every command module shares: output helpers and time parsing."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import typer

from consentgate.errors import ConsentgateError


def parse_instant(value: str | None, option: str = "--as-of") -> dt.datetime:
    """An ISO 8601 date or timestamp as an aware UTC datetime; None means now."""
    if value is None or value == "now":
        return dt.datetime.now(dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ConsentgateError(
            f"{option}: {value!r} is not an ISO 8601 date or timestamp (e.g. 2025-11-03T00:00:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def print_json(payload: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")


def echo(message: str) -> None:
    typer.echo(message)
