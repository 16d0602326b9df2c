"""`consentgate build` and `consentgate datasets list|show`: versioned training datasets."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated, Any

import typer

from consentgate.commands._common import echo, parse_instant, print_json, workspace_from_context
from consentgate.pipeline.build import build_dataset
from consentgate.pipeline.datasets import list_datasets, load_manifest
from consentgate.policy import DEFAULT_POLICY
from consentgate.workflows.erasure import finish_pending_erasures

datasets_app = typer.Typer(help="List and inspect built dataset versions.", no_args_is_help=True)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """A Rich progress bar per stage on a terminal; nothing otherwise (pipes, CI, --json)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}
        labels = {"decide": "snapshot + decide (records)", "shards": "redact + write (shards)"}

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def build_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Point in time (ISO 8601); default now.")
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help=f"Preset or TOML file (default: CONSENTGATE_POLICY, else {DEFAULT_POLICY}).",
        ),
    ] = None,
    shards: Annotated[int, typer.Option("--shards", "-k", help="Number of shards.")] = 8,
    executor: Annotated[
        str,
        typer.Option("--executor", help="local, processes (all cores) or ray."),
    ] = "local",
    parent: Annotated[
        str | None,
        typer.Option("--parent", help="Reuse this version's unchanged shards (incremental)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Build from this lake snapshot (path or URI: file://, s3://...) instead of "
            "the workspace database (consentgate export --format parquet).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the executor's own logs (Ray INFO).")
    ] = False,
) -> None:
    """Build a consent-filtered, de-identified, sharded dataset version."""

    ws = workspace_from_context(ctx)
    instant = parse_instant(as_of)
    with _progress(not as_json) as report:
        info = build_dataset(
            ws,
            as_of=instant,
            policy=policy or ws.settings.policy,
            shards=shards,
            parent=parent,
            executor=executor,
            progress=report or False,
            source=source,
            verbose=verbose,
        )
    counts = info.manifest["counts"]
    if as_json:
        print_json({"version": info.version, "path": str(info.path.resolve()), "counts": counts})
        return
    reused = len(info.manifest["reused_shards"])
    echo(
        f"{info.version}: {counts['written']:,} records in {shards} shards "
        f"({counts['excluded']:,} excluded, {counts['deduplicated']:,} duplicates, "
        f"{reused} shards reused) -> {info.path}"
    )
    plan = info.manifest.get("incremental")
    if plan and plan["mode"] == "full_decision":
        echo(f"  whole network decided again: {plan['reason']}")
    elif plan:
        echo(
            f"  {plan['changed_members']:,} changed members since {parent}; "
            f"shards decided again: {plan['rebuilt_shards'] or 'none'}"
        )


@datasets_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List dataset versions with their counts."""

    rows = list_datasets(workspace_from_context(ctx))
    if as_json:
        print_json([{**asdict(r), "path": str(r.path)} for r in rows])
        return
    if not rows:
        echo("no datasets yet (consentgate build)")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("version", "as of", "policy", "records", "excluded", "shards", "parent")
    for r in rows:
        table.add_row(r.version, r.as_of, r.policy, f"{r.records:,}", f"{r.excluded:,}",
                      str(r.shards), r.parent or "-")  # fmt: skip
    Console(width=200).print(table)


@datasets_app.command("show")
def show_command(
    ctx: typer.Context,
    version: Annotated[str, typer.Argument(help="Dataset version, e.g. v0001.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Show one dataset version: its card, or its manifest with --json."""

    ws = workspace_from_context(ctx)
    manifest = load_manifest(ws, version)
    if as_json:
        print_json(manifest)
        return
    echo((ws.datasets_dir / version / "CARD.md").read_text(encoding="utf-8").rstrip())


@datasets_app.command("purge")
def purge_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Finish erasures: rewrite every version still holding an erased member; scrub the DB.

    Erasure does this itself; run it after an erasure was interrupted (a build's start
    also rewrites such versions).
    """

    purged, scrub = finish_pending_erasures(workspace_from_context(ctx))
    if as_json:
        print_json({"purged": [asdict(p) for p in purged], "database": asdict(scrub)})
        return
    for p in purged:
        echo(
            f"{p.version}: {p.records_removed:,} records of erased members removed from "
            f"shard(s) {p.shards} (erasure events {', '.join(p.erasure_event_ids)})"
        )
    if not purged:
        echo("no dataset version holds an erased member")
    echo(f"database: {scrub.detail}")


def register(app: typer.Typer) -> None:
    """Add `build` and the `datasets` group to the root CLI."""
    app.command("build")(build_command)
    app.add_typer(datasets_app, name="datasets")
