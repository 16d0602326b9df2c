"""`consentgate deliver`: the consent feed's delivery worker (webhooks, the outbox, the scan)."""

from __future__ import annotations

import logging
import os
from contextlib import nullcontext
from typing import Annotated

import typer

from consentgate.commands._common import workspace_from_context
from consentgate.policy import load_policy
from consentgate.workflows.deliver import Worker, run_worker


def deliver(
    ctx: typer.Context,
    exit_with_parent: Annotated[
        bool, typer.Option(hidden=True, help="Stop when the process that started it ends.")
    ] = False,
) -> None:
    """Send the consent feed's webhook deliveries (at least once, in order per member),
    and publish the changes that time or policy bring; runs until stopped."""
    from consentgate.web.security import WriteGate  # the optional [web] extra, as httpx

    ws = workspace_from_context(ctx)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s deliver %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per delivery
    parent = os.getppid()
    typer.echo(f"delivering the consent feed of {ws.home} (policy {ws.settings.policy})")
    sqlite = ws.database_url.startswith("sqlite")
    worker = Worker(
        ws,
        load_policy(ws.settings.policy),
        ws.settings.feed,
        gate=WriteGate(ws.home / ".web-write.lock") if sqlite else nullcontext(),
    )
    run_worker(worker, keep_going=lambda: not exit_with_parent or os.getppid() == parent)


def register(app: typer.Typer) -> None:
    app.command("deliver")(deliver)
