"""Small pieces every command module shares: output helpers, time parsing, the port check."""

from __future__ import annotations

import datetime as dt
import json
import socket
import sys
from typing import Any

import typer

from consentgate.errors import ConsentgateError
from consentgate.workspace import Workspace


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


def check_port(host: str, port: int) -> None:
    """Refuse an invalid or busy --port before any work (ConsentgateError, one line).

    The port is bound once, with SO_REUSEADDR as uvicorn binds it, and released at once:
    what is in use, or not ours to take, fails here rather than after a build.
    """
    if not 1 <= port <= 65535:
        raise ConsentgateError(f"--port: {port} is not a TCP port (1 to 65535)")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConsentgateError(f"--host: cannot resolve {host!r} ({exc.strerror})") from None
    family, kind, proto, _name, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConsentgateError(
                f"--port: cannot listen on {host}:{port} ({exc.strerror})"
            ) from None


def workspace_from_context(ctx: typer.Context) -> Workspace:
    """The workspace the root CLI callback opened."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Workspace):
        return Workspace.open()
    return obj
