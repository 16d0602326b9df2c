"""`consentgate redact`: redact one text for a quick look, or stream JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Annotated, Any

import typer

from consentgate.errors import ConfigError, ConsentgateError, RedactionInputError
from consentgate.network.erasure import workspace_suppression
from consentgate.redact import STRATEGIES, Redactor, SuppressionList
from consentgate.workspace import Workspace


def register(app: typer.Typer) -> None:
    """Add the `redact` command to the main application."""
    app.command("redact")(redact_command)


def _workspace_names(ctx: typer.Context) -> tuple[list[str], SuppressionList | None]:
    """The named workspace's member names and suppression list (erased members' names)."""
    workspace = _named_workspace(ctx)
    if workspace is None:
        return [], None
    return list(workspace.member_names()), workspace_suppression(workspace)


def _named_workspace(ctx: typer.Context) -> Workspace | None:
    # Only a workspace the user named (--home or CONSENTGATE_HOME) is opened: a quick
    # `consentgate redact "..."` must not create or read ./consentgate-home by surprise.
    if ctx.obj is None:
        return None
    workspace: Workspace = ctx.find_root().obj
    if not getattr(workspace, "explicit", False):
        return None
    # A mistyped --home would otherwise make an empty workspace and redact no member.
    if not workspace.exists():
        raise ConfigError(
            f"{workspace.home}: no workspace here; import the network first "
            "(consentgate --home … import) or leave out --home"
        )
    return workspace


def parse_line(line: str, line_number: int) -> tuple[Any, str, str | None]:
    """Validate one input line: a JSON object with "id", a string "text", optional "lang"."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RedactionInputError(line_number, f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise RedactionInputError(line_number, "expected a JSON object")
    if "id" not in record:
        raise RedactionInputError(line_number, 'missing "id"')
    text = record.get("text")
    if not isinstance(text, str):
        raise RedactionInputError(line_number, '"text" must be a string')
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise RedactionInputError(line_number, '"lang" must be a string or null')
    return record["id"], text, lang or None


def stream_jsonl(redactor: Redactor, lines: Iterable[str], out: IO[str]) -> int:
    """Redact each JSON line and write its result at once; returns the records written.

    Blank lines are skipped; the first bad line stops the stream with its line number.
    """
    written = 0
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record_id, text, lang = parse_line(line, line_number)
        result = redactor.redact(text, lang)
        spans = [{"start": s.start, "end": s.end, "type": s.type} for s in result.spans]
        out.write(
            json.dumps({"id": record_id, "text": result.text, "spans": spans}, ensure_ascii=False)
        )
        out.write("\n")
        out.flush()
        written += 1
    return written


def redact_command(
    ctx: typer.Context,
    text: Annotated[
        str | None, typer.Argument(help="Text to redact for a quick look (omit with --jsonl).")
    ] = None,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='Read {"id", "text", "lang"?} JSON lines on stdin, write redacted lines.',
        ),
    ] = False,
    strategy: Annotated[
        str, typer.Option(help=f"Replacement: {' or '.join(STRATEGIES)}.")
    ] = "placeholder",
    lang: Annotated[
        str | None, typer.Option(help="Language of TEXT (en, fr...); detected when omitted.")
    ] = None,
) -> None:
    """Replace personal data (names, e-mails, phones, ids, addresses...) with placeholders."""
    if text is None and not jsonl:
        raise typer.BadParameter(
            'give the TEXT to redact (consentgate redact "Call Léa Moreau on 06 12 34 56 78") '
            "or --jsonl to redact JSON lines read on stdin"
        )
    if jsonl and text is not None:
        raise typer.BadParameter("give either TEXT or --jsonl, not both")
    try:
        names, suppressed = _workspace_names(ctx)
        redactor = Redactor(names, strategy=strategy, suppressed=suppressed)
        if text is not None:
            sys.stdout.write(redactor.redact(text, lang).text + "\n")
        else:
            stream_jsonl(redactor, sys.stdin, sys.stdout)
    except ConsentgateError as exc:
        # One line, no traceback; lines already written stay valid output.
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
