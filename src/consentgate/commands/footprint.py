"""`consentgate footprint EXPORT.zip`: what of a member's data export a policy would train on.

Needs no workspace: the archive is read in memory, decided by the policy engine and
redacted by the redactor, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from consentgate.commands._common import echo, parse_instant, print_json, workspace_from_context
from consentgate.errors import ConsentgateError
from consentgate.network.archive import read_export
from consentgate.network.footprint import Footprint, footprint
from consentgate.policy import load_policy


class Choice(StrEnum):
    yes = "yes"
    no = "no"


def register(app: typer.Typer) -> None:
    """Add the `footprint` command to the main application."""
    app.command("footprint")(footprint_command)


def parse_birth_date(value: str | None) -> dt.date | None:
    """--birth-date as a date (YYYY-MM-DD), one clear line when it is not one."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConsentgateError(f"--birth-date: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_country(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 2 or not value.isalpha() or not value.isascii():
        raise ConsentgateError(f"--country: {value!r} is not a two-letter country code (FR, US…)")
    return value.upper()


def footprint_command(
    ctx: typer.Context,
    export: Annotated[Path, typer.Argument(help="The data export zip the network sent you.")],
    policy: Annotated[
        str | None, typer.Option("--policy", help="Policy preset or file (default: settings).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Decide as of this instant (default: now).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country code; else the profile's location.")
    ] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="YYYY-MM-DD; else the profile's.")
    ] = None,
    choice: Annotated[
        Choice | None,
        typer.Option("--choice", help="Your setting; else the region's default."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show, record by record, what of your data export would train AI and what never is."""
    settings = workspace_from_context(ctx).settings
    chosen = load_policy(policy or settings.policy)
    at = parse_instant(as_of)
    answer = footprint(
        read_export(export),
        chosen,
        at,
        country=parse_country(country),
        birth_date=parse_birth_date(birth_date),
        choice=None if choice is None else choice is Choice.yes,
    )
    if json_out:
        print_json(answer.as_dict())
    else:
        _print_summary(answer)


def _print_summary(answer: Footprint) -> None:
    member = answer.member
    echo(
        f"{member.name or 'member'}: country {member.country or 'unknown'} "
        f"({member.country_from}), policy {member.policy} as of {member.as_of:%Y-%m-%d %H:%M} "
        f"UTC, choice {'yes' if member.choice else 'no'} ({member.choice_from})"
    )
    table = Table("file", "rows", "used")
    for source, counts in sorted(answer.counts.items()):
        table.add_row(source, str(counts["rows"]), str(counts["used"]))
    Console().print(table)
    reasons = Counter(r.reason for r in answer.records if r.reason)
    used = sum(1 for r in answer.records if r.used)
    echo(
        f"{used} of {len(answer.records)} rows would train AI; not used: "
        + (", ".join(f"{n} {reason}" for reason, n in reasons.most_common()) or "none")
    )
    if answer.unknown_files:
        echo(f"files not read: {', '.join(answer.unknown_files)}")
