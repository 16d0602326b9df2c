"""`consentgate demo`: a synthetic network, demo accounts, a dataset, a tiny model, the web app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import typer
from sqlalchemy import func, select

from consentgate.assistant import generate
from consentgate.commands._common import check_port, echo, workspace_from_context
from consentgate.commands.serve import start_delivery_worker
from consentgate.models import Member
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import build_dataset
from consentgate.policy import load_policy
from consentgate.training import train_model
from consentgate.workspace import Workspace

DEMO_PASSWORD = "consent-demo-2025"
DPO_USERNAME = "dpo"


@dataclass(slots=True)
class DemoAccount:
    """A login the demo prints for a person to try the app with."""

    role: str
    login: str
    member_id: str | None


def _member_count(ws: Workspace) -> int:

    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def _pick_member(
    ws: Workspace, role: str, country: str, *, minor: bool, as_of: dt.date
) -> DemoAccount:
    """The first member (by id) of a country, adult or minor on `as_of`, with an e-mail."""

    adult_born_before = as_of.replace(year=as_of.year - 18)
    with ws.session() as session:
        query = select(Member).where(Member.country == country, Member.email.is_not(None))
        if minor:
            query = query.where(Member.birth_date > adult_born_before)
        else:
            query = query.where(Member.birth_date <= adult_born_before)
        member = session.scalars(query.order_by(Member.member_id).limit(1)).first()
        if member is None:
            raise typer.BadParameter(f"the synthetic network has no {country} member to show")
        return DemoAccount(role=role, login=member.email or "", member_id=member.member_id)


def _create_accounts(ws: Workspace) -> list[DemoAccount]:
    from consentgate.web.accounts import create_staff, set_member_password  # the [web] extra

    today = dt.datetime.now(dt.UTC).date()
    members = [
        _pick_member(ws, "member (France)", "FR", minor=False, as_of=today),
        _pick_member(ws, "member (United States)", "US", minor=False, as_of=today),
        _pick_minor(ws, today),
    ]
    with ws.session() as session:
        for account in members:
            assert account.member_id is not None
            set_member_password(session, account.member_id, DEMO_PASSWORD)
        create_staff(session, DPO_USERNAME, DEMO_PASSWORD)
    dpo = DemoAccount(role="data protection officer", login=DPO_USERNAME, member_id=None)
    return [*members, dpo]


def _pick_minor(ws: Workspace, today: dt.date) -> DemoAccount:
    for country in ("FR", "US", "GB", "DE", "IN", "BR", "ES", "IT", "NL", "CH", "CA", "HK"):
        try:
            return _pick_member(ws, "member (minor)", country, minor=True, as_of=today)
        except typer.BadParameter:
            continue
    raise typer.BadParameter("the synthetic network has no minor to show")


def demo(
    ctx: typer.Context,
    members: Annotated[int, typer.Option(help="Members in the synthetic network.")] = 400,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic network.")] = 7,
    host: Annotated[str, typer.Option(help="Address the web app listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the web app listens on.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Serve the web app at the end.")] = True,
    config: Annotated[str, typer.Option(help="Training configuration.")] = "demo",
) -> None:
    """Fill the workspace, build a dataset, train the model, then serve the web app."""

    if serve:  # a busy port fails now, not after the build and the training
        check_port(host, port)
    ws = workspace_from_context(ctx)
    if _member_count(ws) == 0:
        echo(f"synthesising a network of {members} members (seed {seed}) in {ws.home}")
        network_dir = ws.home / "synthetic"
        generate_network(members=members, seed=seed).write_interchange(network_dir)
        report = import_directory(ws, network_dir)
        echo(f"imported: {report.summary()}")
    accounts = _create_accounts(ws)
    policy = load_policy(ws.settings.policy)
    dataset = build_dataset(ws, as_of=dt.datetime.now(dt.UTC), policy=policy, shards=4)
    echo(f"dataset {dataset.version} at {dataset.path}")
    model = train_model(ws, dataset.version, config, progress=lambda _d, _t, message: echo(message))
    echo(f"model {model.version} at {model.path} ({model.manifest['training_seconds']:.0f}s)")

    sample = generate(ws, "post", "Some thoughts on", temperature=0.8, max_new_tokens=60)
    echo(f"generated post (redacted): {sample.text}")
    echo("")
    echo(f"demo accounts (password: {DEMO_PASSWORD}):")
    for account in accounts:
        echo(f"  {account.role:<26} {account.login}")
    if serve:
        import uvicorn

        from consentgate.web.app import create_app  # the optional [web] extra, as uvicorn

        echo(f"serving on http://{host}:{port}/  (Ctrl-C to stop)")
        worker = start_delivery_worker(ws.home, ws.database_url)  # the consent feed's
        try:
            uvicorn.run(create_app(ws), host=host, port=port, log_level="info", proxy_headers=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
