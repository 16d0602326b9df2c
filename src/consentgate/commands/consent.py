"""`consentgate consent ...`, `request ...` and `ledger verify`: the ledger from the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from consentgate.commands._common import echo, parse_instant, print_json, workspace_from_context
from consentgate.errors import ConsentgateError, LedgerTamperError, UnknownMemberError
from consentgate.ledger.choices import set_choice
from consentgate.ledger.findings import HEAD, HEADS_FILE, UNSIGNED
from consentgate.ledger.heads import artifact_heads, heads_in_files
from consentgate.ledger.requests import close_request, file_request, is_overdue, list_requests
from consentgate.ledger.state import MemberState
from consentgate.ledger.store import ConsentLedger
from consentgate.ledger.verify import verify_ledger
from consentgate.models import CHANNELS, Member, MemberRequest
from consentgate.policy import DEFAULT_POLICY, Record, decide_record, load_policy
from consentgate.workflows.erasure import erase_member
from consentgate.workspace import Workspace

consent_app = typer.Typer(help="A member's AI-training consent.", no_args_is_help=True)
request_app = typer.Typer(help="Objection, restriction and erasure requests.", no_args_is_help=True)
ledger_app = typer.Typer(help="The tamper-evident consent ledger.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AtOption = Annotated[
    str | None, typer.Option("--at", help="ISO 8601 instant (default: now).", show_default=False)
]
PolicyOption = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help=f"Preset or policy file (default: CONSENTGATE_POLICY, else {DEFAULT_POLICY}).",
        show_default=False,
    ),
]
ChannelOption = Annotated[str, typer.Option("--channel", help=f"One of: {', '.join(CHANNELS)}.")]


def _channel(value: str) -> str:
    if value not in CHANNELS:
        raise ConsentgateError(f"--channel: {value!r} is not one of {', '.join(CHANNELS)}")
    return value


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite gives naive UTC
    return aware.astimezone(dt.UTC).isoformat(timespec="seconds")


def _state_dict(state: MemberState) -> dict[str, Any]:
    event = state.deciding_event
    return {
        "member_id": state.member_id,
        "choice": state.choice,
        "source": state.source,
        "since": _when(state.since) if state.since else None,
        "deciding_event": None
        if event is None
        else {
            "event_id": event.event_id,
            "type": event.type,
            "value": event.value,
            "channel": event.channel,
            "at": _when(event.at),
        },
        "restricted": state.restricted,
        "erased": state.erased,
        "notice_delivered_at": _when(state.notice_delivered_at)
        if state.notice_delivered_at
        else None,
    }


def _source_text(state: MemberState, policy_id: str) -> str:
    event = state.deciding_event
    if event is not None:
        value = str(event.value).lower() if event.value is not None else ""
        detail = f"{event.type} {value}".rstrip()
        return f"event {event.event_id} ({detail}, {event.channel}, {_when(event.at)})"
    if state.source == "default" and state.region_rule is not None:
        rule = state.region_rule
        return (
            f"the {policy_id} default for the member's region (from {_when(rule.effective_from)})"
        )
    return f"no region rule of {policy_id} covers the member"


def _profile_verdict(ws: Workspace, member_id: str, at: dt.datetime, policy_name: str) -> str:
    """Whether the member's profile data would be used in a build at `at` (and why not)."""

    policy = load_policy(policy_name)
    with ws.session() as session:
        member = session.get(Member, member_id)
        if member is None:
            return "no (erased)"
        events = ConsentLedger(session).events_for(member_id)
        record = Record(f"profile:{member_id}", member_id, "profile", None, member.created_at, True)
        reason = decide_record(record, member, events, policy, at)
    return "yes" if reason is None else f"no ({reason})"


@consent_app.command("set")
def consent_set(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="Member id.")],
    value: Annotated[str, typer.Argument(help="on or off.", metavar="on|off")],
    channel: ChannelOption = "web",
    at: AtOption = None,
) -> None:
    """Set "use my data for training content creation AI models" on or off."""

    if value not in ("on", "off"):
        raise ConsentgateError(f"consent set: expected on or off, not {value!r}")
    ws = workspace_from_context(ctx)
    when = parse_instant(at, "--at")
    with ws.session() as session:
        event = set_choice(session, member, value == "on", _channel(channel), at=when)
    echo(f"{member}: AI training {value} (event {event.event_id} at {_when(event.at)})")


@consent_app.command("show")
def consent_show(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="Member id.")],
    at: AtOption = None,
    policy: PolicyOption = None,
    as_json: JsonOption = False,
) -> None:
    """The member's choice at an instant, and where it comes from."""

    ws = workspace_from_context(ctx)
    when = parse_instant(at, "--at")
    policy = policy or ws.settings.policy
    loaded = load_policy(policy)
    with ws.session() as session:
        state = ConsentLedger(session).state_at(member, when, loaded)
    verdict = _profile_verdict(ws, member, when, policy)
    if as_json:
        print_json(
            {**_state_dict(state), "at": _when(when), "policy": loaded.id, "profile_used": verdict}
        )
        return
    echo(f"member {member} at {_when(when)} under {loaded.id}")
    echo(f"  choice:            {_yes(state.choice)}")
    echo(f"  from:              {_source_text(state, loaded.id)}")
    echo(f"  notice delivered:  {_when(state.notice_delivered_at)}")
    echo(f"  restricted:        {_yes(state.restricted)}")
    echo(f"  erased:            {_yes(state.erased)}")
    echo(f"  profile used:      {verdict}")


@consent_app.command("history")
def consent_history(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="Member id.")],
    as_json: JsonOption = False,
) -> None:
    """Every ledger event of the member, in ledger order."""

    ws = workspace_from_context(ctx)
    with ws.session() as session:
        events = ConsentLedger(session).events_for(member)
        if not events and session.get(Member, member) is None:
            raise UnknownMemberError(member)
    if as_json:
        print_json(
            [
                {
                    "event_id": e.event_id,
                    "at": _when(e.at),
                    "type": e.type,
                    "value": e.value,
                    "policy_version": e.policy_version,
                    "channel": e.channel,
                }
                for e in events
            ]
        )
        return
    if not events:
        echo(f"{member}: no events")
    for e in events:
        value = "" if e.value is None else str(e.value).lower()
        policy = e.policy_version or ""
        echo(f"{_when(e.at)}  {e.type:<20} {value:<7} {policy:<20} {e.channel:<8} {e.event_id}")


def _file(
    ctx: typer.Context, member: str, kind: str, reason: str | None, channel: str, at: str | None
) -> None:

    ws = workspace_from_context(ctx)
    with ws.session() as session:
        request = file_request(
            session, member, kind, reason, _channel(channel), at=parse_instant(at, "--at")
        )
        due = _when(request.due_at)
        line = f"{request.request_id}: {kind} for {member}, {request.status}, due {due}"
    echo(line)


ReasonOption = Annotated[str | None, typer.Option("--reason", help="The member's words.")]


@request_app.command("object")
def request_object(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument()],
    reason: ReasonOption = None,
    channel: ChannelOption = "form",
    at: AtOption = None,
) -> None:
    """File a data-processing objection (GDPR art. 21): the member's choice becomes no."""
    _file(ctx, member, "objection", reason, channel, at)


@request_app.command("restrict")
def request_restrict(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument()],
    reason: ReasonOption = None,
    channel: ChannelOption = "form",
    at: AtOption = None,
) -> None:
    """File a restriction request (GDPR art. 18): no use from now on."""
    _file(ctx, member, "restriction", reason, channel, at)


@request_app.command("erase")
def request_erase(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument()],
    channel: ChannelOption = "form",
    at: AtOption = None,
) -> None:
    """Erase the member (GDPR art. 17) from the database, every dataset version and the files.

    Profile, content, secrets and request reasons are deleted now, the name stays only as
    keyed hashes (the suppression list), every dataset version holding the member is
    rewritten, the database file scrubbed; `forget` then retrains the model shards. Run it
    again to finish an erasure that was interrupted.
    """

    ws = workspace_from_context(ctx)
    report = erase_member(ws, member, channel=_channel(channel), at=parse_instant(at, "--at"))
    head = (
        f"{member}: already erased"
        if report.already_erased
        else f"{report.request_id}: erasure for {member}, done (event {report.event_id})"
    )
    echo(f"{head}; {report.summary()}")


def _request_dict(r: MemberRequest, now: dt.datetime) -> dict[str, Any]:

    return {
        "request_id": r.request_id,
        "member_id": r.member_id,
        "kind": r.kind,
        "status": r.status,
        "received_at": _when(r.received_at),
        "due_at": _when(r.due_at),
        "closed_at": _when(r.closed_at) if r.closed_at else None,
        "overdue": is_overdue(r, now),
        "reason": r.reason,
    }


@request_app.command("list")
def request_list(
    ctx: typer.Context,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open requests past due.")
    ] = False,
    at: AtOption = None,
    as_json: JsonOption = False,
) -> None:
    """Requests by due date (one calendar month after receipt)."""

    ws = workspace_from_context(ctx)
    now = parse_instant(at, "--at")
    with ws.session() as session:
        rows = [_request_dict(r, now) for r in list_requests(session, overdue, now)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        echo("no overdue requests" if overdue else "no requests")
    for r in rows:
        flag = "  OVERDUE" if r["overdue"] else ""
        echo(
            f"{r['request_id']}  {r['kind']:<11} {r['member_id']:<12} {r['status']:<7} "
            f"received {r['received_at'][:10]}  due {r['due_at'][:10]}{flag}"
        )


@request_app.command("close")
def request_close(
    ctx: typer.Context,
    request_id: Annotated[str, typer.Argument(help="The request id.")],
    refused: Annotated[bool, typer.Option("--refused", help="Close as refused.")] = False,
) -> None:
    """Close an open objection or restriction request as done (or refused)."""

    ws = workspace_from_context(ctx)
    with ws.session() as session:
        request = close_request(session, request_id, "refused" if refused else "done")
        echo(f"{request.request_id}: {request.status}")


HeadOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--head",
        help="A signed head to check too: a JSON head, a manifest holding one, or a heads "
        "file (repeatable).",
        show_default=False,
    ),
]


@ledger_app.command("verify")
def ledger_verify(ctx: typer.Context, head: HeadOption = None, as_json: JsonOption = False) -> None:
    """Check the log, its Merkle tree and every signed head found (the database's, the
    heads file's, those in dataset manifests and model cards, and --head); name each
    finding (edited event, deleted range, truncated tail, rewritten history, bad
    signature, foreign key, malformed row); exit 1 on any."""

    ws = workspace_from_context(ctx)
    extra = artifact_heads(ws.datasets_dir, ws.models_dir) + heads_in_files(head or [])
    with ws.session() as session:
        report = verify_ledger(session, extra)
    if as_json:
        print_json(report.to_dict())
        if not report.ok:
            raise typer.Exit(1)
        return
    for finding in report.findings:
        echo(f"{finding.kind}: {finding.message}")
    if report.ok:
        echo(f"{report.summary()}; root {report.root_hash}")
    for note in report.notes:
        echo(f"note: {note}")
    if not report.ok:
        raise LedgerTamperError(report.summary())


@ledger_app.command("sign")
def ledger_sign(ctx: typer.Context) -> None:
    """Sign the log as it stands and write the head to the heads file (creating it): for a
    head never signed, or a lost heads file. Refused when the log does not verify."""

    ws = workspace_from_context(ctx)
    with ws.session() as session:
        report = verify_ledger(session)
        blocking = [f for f in report.findings if f.kind not in (HEAD, HEADS_FILE, UNSIGNED)]
        if blocking:
            raise LedgerTamperError(
                f"not signed: the ledger does not verify ({blocking[0].kind}: "
                f"{blocking[0].message}); signing would vouch for it"
            )
        signed = ConsentLedger(session).checkpoint()
    anchor = ws.ledger_anchor
    if not anchor.holds(signed):
        anchor.write_heads([signed], create=True)
    echo(f"signed: {signed.describe()}, key {signed.key_id}; heads file {anchor.heads_file}")


def register(app: typer.Typer) -> None:
    """Add the `consent`, `request` and `ledger` command groups."""
    app.add_typer(consent_app, name="consent")
    app.add_typer(request_app, name="request")
    app.add_typer(ledger_app, name="ledger")
