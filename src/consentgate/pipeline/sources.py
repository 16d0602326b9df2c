"""Where a build reads the network: the workspace database, or a lake snapshot.

Both give a build the same things (`Source`): the member ids and names, the suppression list,
the ledger head, the members' point-in-time states and the records in Arrow batches. From the
same data both give the same dataset files; only the manifest's `source`, `snapshot_marks`
and `ledger_head` say where they came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy.orm import Session

from consentgate.db import read_snapshot
from consentgate.errors import ConfigError
from consentgate.ledger.arrow_state import ledger_events, ledger_has_events, states_from_arrow
from consentgate.ledger.signing import SignedHead
from consentgate.ledger.store import current_head
from consentgate.network.erasure import load_suppression
from consentgate.pipeline import changes, snapshot
from consentgate.pipeline.components import BuildComponents
from consentgate.pipeline.lake import STATE_MEMBER_COLUMNS, Lake, open_lake
from consentgate.policy import Policy
from consentgate.redact import SuppressionList
from consentgate.workspace import Workspace

StatesOf = Callable[[dt.datetime, Policy, Sequence[str] | None], pa.Table]
RecordsOf = Callable[[int, Sequence[str] | None], Iterator[pa.RecordBatch]]


@dataclass(frozen=True, slots=True)
class Source:
    """What a build reads, in one snapshot of its source."""

    describe: dict[str, Any]
    marks: dict[str, Any]
    ledger_head: SignedHead | None
    member_ids: pa.Array
    names: list[str]
    suppressed: SuppressionList
    states: StatesOf
    records: RecordsOf
    session: Session | None  # the database snapshot (incremental builds read its journal)
    lake: Lake | None = None  # the lake read (a Ray Data build reads it on the cluster)


def database_source(session: Session, ws: Workspace, parts: BuildComponents) -> Source:
    """The workspace database, read in `session` (one snapshot)."""
    member_ids, names = snapshot.members_and_names(session)

    def states(at: dt.datetime, policy: Policy, members: Sequence[str] | None) -> pa.Table:
        if members is None:
            return parts.states(session, at, policy)
        return parts.states(session, at, policy, members=members)  # type: ignore[call-arg]

    return Source(
        describe={"kind": "database", "ledger": "workspace"},
        marks=changes.snapshot_marks(session),
        ledger_head=current_head(session),
        member_ids=member_ids,
        names=names,
        suppressed=load_suppression(session, ws.home),
        states=states,
        records=lambda size, members: snapshot.iter_records(session, size, members),
        session=session,
    )


def _merged(workspace: SuppressionList, lake: SuppressionList, uri: str) -> SuppressionList:
    """Both lists' entries: names erased before the export, and since, stay redacted."""
    if not lake.entries:
        return workspace
    if not workspace.entries:
        return lake
    if workspace.key != lake.key:
        raise ConfigError(
            f"--source {uri}: its suppression list has another key than this workspace's "
            "(build from a lake in the workspace that exported it, or one without erasures)"
        )
    return SuppressionList(workspace.key, tuple(sorted(set(workspace.entries + lake.entries))))


def lake_source(lake: Lake, session: Session, ws: Workspace) -> Source:
    """A lake snapshot; the ledger from the workspace when it holds events, else the lake's."""
    from_workspace = ledger_has_events(session)
    events = ledger_events(session) if from_workspace else lake.events()
    members = lake.read("members", STATE_MEMBER_COLUMNS)
    member_ids, names = lake.members_and_names()

    def states(at: dt.datetime, policy: Policy, only: Sequence[str] | None) -> pa.Table:
        return states_from_arrow(members, events, at, policy)

    return Source(
        describe={
            "kind": "lake",
            "uri": lake.uri,
            "lake": {k: lake.manifest.get(k) for k in ("format", "source", "counts")},
            "ledger": "workspace" if from_workspace else "lake",
        },
        marks={"backend": "lake"},
        ledger_head=current_head(session) if from_workspace else lake.ledger_head(),
        member_ids=member_ids,
        names=names,
        suppressed=_merged(load_suppression(session, ws.home), lake.suppression(), lake.uri),
        states=states,
        records=lambda size, _members: lake.iter_records(size),
        session=None,
        lake=lake,
    )


@contextmanager
def open_source(ws: Workspace, uri: str | None, parts: BuildComponents) -> Iterator[Source]:
    """The build's source, read in one database snapshot: the database, or the lake at `uri`."""
    lake = open_lake(uri) if uri is not None else None
    with read_snapshot(ws.engine) as session:
        yield database_source(session, ws, parts) if lake is None else lake_source(
            lake, session, ws
        )
