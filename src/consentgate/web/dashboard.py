"""The DPO dashboard's figures: choices over time, datasets, models, pending forgets, requests."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.ledger.findings import LedgerReport
from consentgate.ledger.heads import artifact_heads
from consentgate.ledger.rows import events_of
from consentgate.ledger.verify import verify_ledger
from consentgate.models import ForgetReceipt, Member
from consentgate.pipeline.datasets import DatasetSummary, list_datasets
from consentgate.training.registry import ModelInfo, list_models
from consentgate.workflows.services import now_utc
from consentgate.workspace import Workspace

MONTHS = 12
TOP_REGIONS = 5
WITHDRAWALS = ("objection", "restriction", "erasure")


@dataclass(slots=True)
class ChoiceSeries:
    """Share of members who said no, per region, at the end of each of the last months."""

    labels: list[str]
    series: dict[str, list[float]]
    current: dict[str, Counter[str]] = field(default_factory=dict)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def month_ends(now: dt.datetime, months: int = MONTHS) -> list[dt.datetime]:
    """The first instant of each of the next-to-last `months` months, ending with now."""
    points, year, month = [], now.year, now.month
    for _ in range(months - 1):
        points.append(dt.datetime(year, month, 1, tzinfo=dt.UTC))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(points) + [now]


def choices_over_time(db: Session, now: dt.datetime | None = None) -> ChoiceSeries:
    """% of members (existing at each point) whose latest explicit choice was 'no', by region."""
    now = now or now_utc()
    members = {
        m: (c, _aware(at))
        for m, c, at in db.execute(select(Member.member_id, Member.country, Member.created_at))
    }
    by_country = Counter(country for country, _ in members.values())
    top = [c for c, _ in by_country.most_common(TOP_REGIONS)]
    region = {m: (c if c in top else "Other") for m, (c, _) in members.items()}
    choices: dict[str, list[tuple[dt.datetime, bool]]] = defaultdict(list)
    # Malformed rows are skipped here (the ledger's verdict names them), never a 500.
    for event in events_of(db, ("ai_training_setting",)):
        if event.member_id in members:
            choices[event.member_id].append((event.at, bool(event.value)))
    points = month_ends(now)
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * len(points))
    noes: dict[str, list[int]] = defaultdict(lambda: [0] * len(points))
    current: dict[str, Counter[str]] = defaultdict(Counter)
    for member_id, (_, created) in members.items():
        name = region[member_id]
        events = sorted(choices.get(member_id, ()))
        for i, point in enumerate(points):
            if created > point:
                continue
            totals[name][i] += 1
            latest = [v for at, v in events if at <= point]
            noes[name][i] += bool(latest) and not latest[-1]
        final = "no" if events and not events[-1][1] else ("yes" if events else "default")
        current[name][final] += 1
    order = [*top, "Other"] if "Other" in totals else top
    series = {
        name: [100.0 * n / t if t else 0.0 for n, t in zip(noes[name], totals[name], strict=True)]
        for name in order
    }
    labels = [p.strftime("%b %y") for p in points[:-1]] + ["now"]
    return ChoiceSeries(labels=labels, series=series, current={k: current[k] for k in order})


@dataclass(slots=True)
class PendingForget:
    member_id: str
    since: dt.datetime
    reason: str


def pending_forgets(db: Session, latest_model: ModelInfo | None) -> list[PendingForget]:
    """Members who withdrew after the latest model was trained and have no receipt since."""
    if latest_model is None:
        return []
    try:
        trained = _aware(dt.datetime.fromisoformat(latest_model.created_at))
    except ValueError:
        return []
    pending: dict[str, PendingForget] = {}
    for event in events_of(db, ("ai_training_setting", *WITHDRAWALS)):
        member_id, kind = event.member_id, event.type
        if event.at <= trained:
            continue
        if kind in WITHDRAWALS or event.value is False:
            pending.setdefault(member_id, PendingForget(member_id, event.at, kind))
        elif kind == "ai_training_setting" and event.value is True:
            pending.pop(member_id, None)
    receipts = db.execute(select(ForgetReceipt.member_id, ForgetReceipt.created_at))
    for member_id, created in receipts:
        item = pending.get(member_id)
        if item is not None and _aware(created) >= item.since:
            del pending[member_id]
    return sorted(pending.values(), key=lambda p: p.since)


@dataclass(slots=True)
class Dashboard:
    choices: ChoiceSeries
    datasets: list[DatasetSummary]
    models: list[ModelInfo]
    pending: list[PendingForget]
    ledger: LedgerReport


def newest_datasets(ws: Workspace) -> list[DatasetSummary]:
    """The workspace's dataset versions, newest first; one that cannot be read is left out."""
    return list(reversed(list_datasets(ws, skip_unreadable=True)))


def newest_models(ws: Workspace) -> list[ModelInfo]:
    """The workspace's model versions, newest first; one that cannot be read is left out."""
    return list(reversed(list_models(ws, skip_unreadable=True)))


def ledger_verdict(db: Session, ws: Workspace) -> LedgerReport:
    """The ledger's verdict, as `consentgate ledger verify` gives it (the heads in the
    workspace's manifests and model cards included)."""
    return verify_ledger(db, artifact_heads(ws.datasets_dir, ws.models_dir))


def build_dashboard(db: Session, ws: Workspace) -> Dashboard:
    """Everything the DPO dashboard shows, computed now."""
    models = newest_models(ws)
    return Dashboard(
        choices=choices_over_time(db),
        datasets=newest_datasets(ws)[:5],
        models=models[:5],
        pending=pending_forgets(db, models[0] if models else None),
        ledger=ledger_verdict(db, ws),
    )
