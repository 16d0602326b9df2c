"""`consentgate import | export | synth | members show`: the member network in and out."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from consentgate.commands._common import echo, print_json, workspace_from_context
from consentgate.errors import ConfigError
from consentgate.network.export import export_directory, export_lake
from consentgate.network.interchange import import_directory
from consentgate.network.lake import DEFAULT_BUCKETS, write_lake
from consentgate.network.members import describe_member
from consentgate.network.synth import generate_network
from consentgate.workflows.erasure import finish_pending_erasures

FORMATS = ("jsonl", "parquet")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None]]:
    """A Rich spinner with the current step on a terminal; silent otherwise (CI, pipes)."""
    if not sys.stderr.isatty():
        yield lambda _msg: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label)
        yield lambda msg: bar.update(task, description=f"{label}: {msg}")


def import_command(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Directory with members.jsonl, content.jsonl, events.jsonl.")
    ],
) -> None:
    """Import interchange files; all or nothing, idempotent."""

    ws = workspace_from_context(ctx)
    with _progress("import") as say:
        report = import_directory(ws, directory, progress=say)
    echo(report.summary())
    if report.erasures_added or report.erased_deleted:
        # The import erased them in its transaction; their datasets and files follow.
        purged, scrub = finish_pending_erasures(ws)
        versions = ", ".join(p.version for p in purged) or "none held them"
        echo(f"erasures: dataset versions rewritten: {versions}; database: {scrub.detail}")


FormatOption = Annotated[
    str,
    typer.Option(
        "--format", help="jsonl (the interchange files) or parquet (a lake snapshot for build)."
    ),
]
BucketsOption = Annotated[
    int, typer.Option("--buckets", help="Parquet only: hash buckets of member_id.")
]


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise ConfigError(f"--format: {value!r} is not one of {', '.join(FORMATS)}")
    return value


def export_command(
    ctx: typer.Context,
    directory: Annotated[
        str, typer.Argument(help="Directory (or, for parquet, a URI such as s3://...) to write.")
    ],
    fmt: FormatOption = "jsonl",
    buckets: BucketsOption = DEFAULT_BUCKETS,
) -> None:
    """Export the workspace's members, content and consent events (interchange files or lake)."""

    ws = workspace_from_context(ctx)
    started = time.perf_counter()
    with _progress("export") as say:
        say("writing")
        if _check_format(fmt) == "parquet":
            lake = export_lake(ws, directory, buckets)
            echo(f"{lake.summary()} in {time.perf_counter() - started:.1f} s")
            return
        report = export_directory(ws, directory)
    echo(f"{report.summary()} to {directory} in {time.perf_counter() - started:.1f} s")


def synth_command(
    ctx: typer.Context,
    members: Annotated[int, typer.Option("--members", "-n", min=1, help="How many members.")],
    seed: Annotated[
        int, typer.Option("--seed", help="Same seed, same network, byte for byte.")
    ] = 0,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the network here (see --format) instead of importing."),
    ] = None,
    fmt: FormatOption = "jsonl",
    buckets: BucketsOption = DEFAULT_BUCKETS,
) -> None:
    """Generate a realistic synthetic network (and import it unless --out is given)."""

    started = time.perf_counter()
    if _check_format(fmt) == "parquet" and out is None:
        raise ConfigError("--format parquet: give --out DIR (a lake is written, not imported)")
    with _progress("synth") as say:
        say(f"generating {members} members")
        network = generate_network(members, seed, progress=say)
        if out is not None and fmt == "parquet":
            say(f"writing the lake {out}")
            tables = {"members": network.members, "content": network.content,
                      "events": network.events}  # fmt: skip
            write_lake(str(out), tables, source=f"synth seed {seed}", buckets=buckets)
        elif out is not None:
            say(f"writing {out}")
            network.write_interchange(out)
    echo(f"{network.summary()} in {time.perf_counter() - started:.1f} s")
    if out is None:
        import tempfile

        ws = workspace_from_context(ctx)
        with tempfile.TemporaryDirectory(prefix="consentgate-synth-") as tmp:
            network.write_interchange(Path(tmp))
            with _progress("import") as say:
                report = import_directory(ws, tmp, progress=say)
        echo(report.summary())


def members_show(
    ctx: typer.Context,
    member_id: Annotated[str, typer.Argument(help="Member id, e.g. m000001.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="JSON (the only form; accepted as other commands do).")
    ] = True,
) -> None:
    """Show one member's profile (with its public_url), content counts and consent events as
    JSON."""
    print_json(describe_member(workspace_from_context(ctx), member_id))


def register(app: typer.Typer) -> None:
    """Add the network commands to the root CLI."""
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("synth")(synth_command)
    members = typer.Typer(help="Look at members.", no_args_is_help=True)
    members.command("show")(members_show)
    app.add_typer(members, name="members")
