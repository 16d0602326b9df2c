"""`consentgate serve` (the web app under uvicorn) and `consentgate accounts ...`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from consentgate.commands._common import check_port, workspace_from_context
from consentgate.settings import Settings
from consentgate.workspace import Workspace

accounts = typer.Typer(help="Member passwords and staff (DPO) accounts.", no_args_is_help=True)


def _password(value: str | None) -> str:
    if value is not None:
        return value
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@accounts.command("set-password")
def set_password(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="Member id, e.g. m000001.")],
    password: Annotated[
        str | None, typer.Option("--password", help="New password (prompted when not given).")
    ] = None,
) -> None:
    """Set a member's sign-in password (stored as an argon2id hash)."""
    from consentgate.web.accounts import set_member_password  # the optional [web] extra

    ws = workspace_from_context(ctx)
    secret = _password(password)
    with ws.session() as session:
        set_member_password(session, member, secret)
    typer.echo(f"password set for member {member}")


@accounts.command("create-dpo")
def create_dpo(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Staff username.")],
    password: Annotated[
        str | None, typer.Option("--password", help="Password (prompted when not given).")
    ] = None,
) -> None:
    """Create a data protection officer account (or reset its password)."""
    from consentgate.web.accounts import create_staff  # the optional [web] extra

    ws = workspace_from_context(ctx)
    secret = _password(password)
    with ws.session() as session:
        create_staff(session, username, secret)
    typer.echo(f"DPO account {username} ready")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    deliver: Annotated[
        bool, typer.Option(help="Start the consent feed's delivery worker beside the app.")
    ] = True,
) -> None:
    """Serve the member pages, the DPO dashboard and the API with uvicorn (and the consent
    feed's delivery worker, `consentgate deliver`, in a process of its own)."""
    ws = workspace_from_context(ctx)
    settings = ws.settings
    settings.web.check_secret()  # refuse a bad configuration before binding the port
    check_port(host, port)
    # uvicorn's own proxy headers are off: it would believe X-Forwarded-For from any local
    # client. The app reads the header itself, from CONSENTGATE_TRUSTED_PROXIES only.
    where = f"http://{host}:{port}/"
    typer.echo(f"consentgate on {where} (policy {settings.policy}, {settings.web.env})")
    worker = start_delivery_worker(ws.home, ws.database_url) if deliver else None
    try:
        _run(ws, settings, host, port, workers)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def start_delivery_worker(home: Path, database_url: str) -> subprocess.Popen[bytes]:
    """`consentgate deliver` in a process of its own, which stops when this one ends (the
    database URL goes through the environment, not the command line others can read)."""
    env = {**os.environ, "CONSENTGATE_HOME": str(home), "CONSENTGATE_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "consentgate", "deliver", "--exit-with-parent"]
    return subprocess.Popen(command, env=env)


def _run(ws: Workspace, settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    from consentgate.web.app import create_app  # the optional [web] extra, as uvicorn

    if workers > 1:
        # Workers import the app factory; the workspace travels through the environment.
        os.environ["CONSENTGATE_HOME"] = str(ws.home)
        os.environ["CONSENTGATE_DATABASE_URL"] = ws.database_url
        uvicorn.run(
            "consentgate.web.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=False,
        )
        return

    uvicorn.run(
        create_app(ws, settings), host=host, port=port, log_level="info", proxy_headers=False
    )


def register(app: typer.Typer) -> None:
    """Add `serve` and the `accounts` group to the root CLI."""
    app.command("serve")(serve)
    app.add_typer(accounts, name="accounts")
