"""CLI: pretrain, train, models list|show, generate, forget, report, audit."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from consentgate.assistant.generate import generate as run_generate
from consentgate.commands._common import print_json, workspace_from_context
from consentgate.errors import ConfigError
from consentgate.ledger.proofs import InclusionProof
from consentgate.ledger.signing import HeadFormatError
from consentgate.training.base import ensure_base
from consentgate.training.config import load_config
from consentgate.training.registry import CARD, latest_model, list_models, load_model
from consentgate.training.report import member_report
from consentgate.training.train import DEFAULT_BASE, resolve_device, train_model
from consentgate.workflows.audit import run_audit
from consentgate.workflows.forget import forget_members
from consentgate.workspace import Workspace

models_app = typer.Typer(help="The model registry.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the training commands to the root app."""
    app.command("pretrain")(pretrain)
    app.command("train")(train)
    app.add_typer(models_app, name="models")
    app.command("generate")(generate)
    app.command("forget")(forget)
    app.command("report")(report)
    app.command("audit")(audit)


@contextmanager
def _progress(json_out: bool) -> Iterator[Any]:
    """A Rich progress bar on a terminal, plain lines on stderr otherwise, nothing for --json."""
    if json_out:
        yield None
        return
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda done, total, message: typer.echo(f"{message} ({done}/{total})", err=True)
        return
    with Progress(console=console) as bar:
        task: list[TaskID] = []

        def update(done: int, total: int, message: str) -> None:
            if not task:
                task.append(bar.add_task(message, total=total))
            bar.update(task[0], completed=done, description=message)

        yield update


def pretrain(
    ctx: typer.Context,
    config: Annotated[str, typer.Option(help="demo, tiny, small, or a TOML/JSON file.")] = "demo",
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Pre-train the config's base model on non-member text, once (train does it if needed)."""

    ws = workspace_from_context(ctx)
    cfg = load_config(config)
    started = time.perf_counter()
    base = ensure_base(ws.settings.bases_dir, cfg, None if json_out else typer.echo)
    seconds = round(time.perf_counter() - started, 1)
    if json_out:
        print_json({**base.to_dict(), "seconds": seconds})
        return
    typer.echo(f"base {base.path} (sha256 {base.sha256}), {seconds:.1f}s")


def train(
    ctx: typer.Context,
    dataset: Annotated[str | None, typer.Option(help="Dataset version (default: latest).")] = None,
    config: Annotated[str, typer.Option(help="demo, tiny, small, or a TOML/JSON file.")] = "demo",
    base: Annotated[
        str,
        typer.Option(
            help="default (pre-trained on non-member text, built once), a local Hugging Face "
            "causal LM dir with its tokenizer, or bytes (no base)."
        ),
    ] = DEFAULT_BASE,
    device: Annotated[str, typer.Option(help="auto (a GPU when present), cpu or cuda.")] = "auto",
    seed: Annotated[int, typer.Option(help="Run seed; each shard derives its own.")] = 0,
    workers: Annotated[int | None, typer.Option(help="Processes (default: cores).")] = None,
    executor: Annotated[
        str, typer.Option("--executor", help="local (processes) or ray (one task per shard).")
    ] = "local",
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Train one model per dataset shard and register a new model version."""

    ws = workspace_from_context(ctx)
    with _progress(json_out) as progress:
        info = train_model(
            ws,
            dataset,
            config,
            base=base,
            seed=seed,
            workers=workers,
            device=resolve_device(device),
            progress=progress,
            executor=executor,
        )
    if json_out:
        redecided = info.manifest.get("redecided")
        print_json({"version": info.version, "path": str(info.path), "redecided": redecided})
        return
    m = info.manifest
    typer.echo(
        f"model {info.version} from dataset {m['dataset_version']}: {m['shard_count']} shards, "
        f"{m['training_seconds']:.1f}s on {m['device']} -> {info.path}"
    )
    if m.get("base"):
        typer.echo(f"  base {m['base']['path']} (sha256 {m['base']['sha256'][:16]})")
    decided = m.get("redecided") or {}
    if decided.get("at"):
        typer.echo(
            f"  members decided again as of {decided['at']}: {decided['members_left_out']} "
            f"left out who may no longer be used ({decided['records_left_out']} records)"
        )


@models_app.command("list")
def models_list(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List model versions, oldest first."""

    models = list_models(workspace_from_context(ctx))
    rows = [
        {
            "version": m.version,
            "created_at": m.manifest["created_at"],
            "dataset": m.dataset_version,
            "config": m.manifest["config"]["name"],
            "shards": m.manifest["shard_count"],
            "parent": m.manifest.get("parent_model"),
            "retrained": m.manifest["retrained_shards"],
        }
        for m in models
    ]
    if json_out:
        print_json(rows)
        return
    if not rows:
        typer.echo("no models yet; run `consentgate train`")
    for row in rows:
        typer.echo(
            f"{row['version']}  {row['created_at'][:19]}  dataset {row['dataset']}  "
            f"{row['config']}  {row['shards']} shards  retrained {row['retrained']}"
        )


@models_app.command("show")
def models_show(
    ctx: typer.Context,
    version: Annotated[str | None, typer.Argument(help="Model version (default: latest).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print model.json.")] = False,
) -> None:
    """Show one model version: model.json, or its model card."""

    ws = workspace_from_context(ctx)
    info = load_model(ws, version) if version else latest_model(ws)
    if json_out:
        print_json(info.manifest)
    else:
        typer.echo((info.path / CARD).read_text(encoding="utf-8"), nl=False)


def generate(
    ctx: typer.Context,
    prompt: Annotated[str, typer.Argument(help="Start of the text.")],
    kind: Annotated[str, typer.Option(help="post, headline, summary or message.")] = "post",
    model: Annotated[str | None, typer.Option(help="Model version (default: latest).")] = None,
    max_tokens: Annotated[int, typer.Option(help="Tokens to generate at most.")] = 60,
    temperature: Annotated[float, typer.Option(help="0 = greedy; else seeded sampling.")] = 0.8,
    seed: Annotated[int, typer.Option(help="Sampling seed.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Generate content from the shard models' averaged distribution, redacted."""

    ws = workspace_from_context(ctx)
    result = run_generate(
        ws,
        kind,
        prompt,
        model=model,
        max_new_tokens=max_tokens,
        temperature=temperature,
        seed=seed,
    )
    if json_out:
        print_json(result.to_dict())
    else:
        typer.echo(result.text)


def forget(
    ctx: typer.Context,
    members: Annotated[
        list[str] | None, typer.Argument(help="Members (default: all newly excluded).")
    ] = None,
    record_withdrawal: Annotated[
        bool,
        typer.Option(help="Record an ai_training_setting=false event (api) for named members."),
    ] = False,
    workers: Annotated[int | None, typer.Option(help="Processes (default: cores).")] = None,
    executor: Annotated[
        str, typer.Option("--executor", help="local (processes) or ray (one task per shard).")
    ] = "local",
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Remove members from the data and the models exactly; one receipt per member."""

    ws = workspace_from_context(ctx)
    with _progress(json_out) as progress:
        receipts = forget_members(
            ws,
            members or (),
            record_withdrawal=record_withdrawal,
            workers=workers,
            progress=progress,
            executor=executor,
        )
    if json_out:
        print_json([{"receipt_id": r.receipt_id, **r.payload} for r in receipts])
        return
    if not receipts:
        typer.echo("nothing to forget: no member of the current model is newly excluded")
    for receipt in receipts:
        typer.echo(f"{receipt.member_id}: {receipt.summary()}")


def report(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="Member id.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which model versions hold a member's data, and their forgetting receipts."""

    ws = workspace_from_context(ctx)
    result = member_report(ws, member)
    if json_out:
        print_json(result.to_dict())
        return
    typer.echo(f"member {member}")
    for row in result.models:
        held = f"{row['records']} record(s) in shard(s) {row['shards']}" if row["records"] else "no"
        if row["purged_shards"]:
            held += f"; weights of shard(s) {row['purged_shards']} deleted"
        typer.echo(f"  model {row['model']} (dataset {row['dataset']}): {held}")
    if not result.receipts:
        typer.echo("  no forgetting receipts")
    for receipt in result.receipts:
        typer.echo(f"  receipt {receipt.summary()}")
        typer.echo(f"    ledger: {_inclusion_line(ws, receipt.payload.get('ledger_inclusion'))}")


def _inclusion_line(ws: Workspace, data: object) -> str:
    """The receipt's proof that the ledger held the member's "no", checked here."""

    if data is None:
        return "no inclusion proof in this receipt"
    try:
        proof = InclusionProof.from_dict(data)
        record = ws.ledger_anchor.record()
    except (HeadFormatError, ConfigError) as exc:
        return f"inclusion proof unreadable: {exc}"
    verdict = "verified" if proof.verify(record.key_id if record else None) else "DOES NOT VERIFY"
    return (
        f"event {proof.event_id} at position {proof.leaf_index} is in the signed head of "
        f"{proof.head.tree_size} events (key {proof.head.key_id}): {verdict}"
    )


def audit(
    ctx: typer.Context,
    config: Annotated[str, typer.Option(help="tiny, small, or a TOML/JSON file.")] = "tiny",
    shards: Annotated[int, typer.Option(help="Shards of the audit dataset.")] = 4,
    steps: Annotated[int | None, typer.Option(help="Training steps (default: config's).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of canaries and training.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Memorisation audit: canary exposure before and after forgetting their member."""

    ws = workspace_from_context(ctx)
    with _progress(json_out) as progress:
        result = run_audit(
            config, shards=shards, steps=steps, seed=seed, attach_to=ws, progress=progress
        )
    if json_out:
        print_json(result)
        return
    typer.echo(
        f"|R| = {result['candidates']} (max exposure {result['max_exposure']:.2f} bits, "
        f"chance ~1 bit)"
    )
    for canary in result["canaries"]:
        typer.echo(
            f"  {canary['template']}: exposure {canary['exposure_before']:.2f} bits before, "
            f"{canary['exposure_after']:.2f} after forgetting"
        )
    verdict = "PASS" if result["passed"] else "FAIL"
    typer.echo(
        f"mean {result['mean_before']:.2f} -> {result['mean_after']:.2f} bits: {verdict}"
        + (f"; recorded in the card of {result['attached_to']}" if result["attached_to"] else "")
    )
