"""The `consentgate` command: a root callback for the workspace, command groups per module."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from consentgate.errors import ConsentgateError
from consentgate.settings import load_settings
from consentgate.workspace import Workspace

# Each module registers its commands on the app; composed here, in one place.
COMMAND_MODULES = (
    "network",
    "policy",
    "consent",
    "redact",
    "footprint",
    "build",
    "train",
    "serve",
    "deliver",
    "demo",
)

app = typer.Typer(
    name="consentgate",
    help="Consent-first training data and models for a professional network.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Workspace directory (database, datasets, models); else CONSENTGATE_HOME.",
            show_default="./consentgate-home",
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="SQLAlchemy URL; else CONSENTGATE_DATABASE_URL, else SQLite in the workspace.",
        ),
    ] = None,
) -> None:
    """Read the settings once and open the workspace every command works in."""
    settings = load_settings(home=home, database_url=database_url)
    ctx.obj = Workspace.open(settings=settings)


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"consentgate.commands.{name}")
        module.register(app)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a ConsentgateError becomes one line on stderr and exit status 1."""
    try:
        app(args=argv, prog_name="consentgate")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ConsentgateError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    return 0


def entrypoint() -> None:
    """Console-script entry point."""
    sys.exit(main())
