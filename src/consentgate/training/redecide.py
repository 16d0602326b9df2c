"""Training on a dataset version decides its members again, as of now.

A "no", an objection or a restriction does not rewrite older dataset versions (an erasure
does, pipeline.purge), but no version may train anyone who may no longer be used: before a
model trains on a version, each of its members is decided again under the version's policy
with the ledger as it stands (member-level rules ER4's age, ER5..ER8), at the later of now
and the version's as-of time; members who fail are left out, and the model says how many.
Versions that name no known policy (local data) are not decided again, and say so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from consentgate.errors import PolicyError
from consentgate.ledger.store import ConsentLedger
from consentgate.network.erasure import erasure_events
from consentgate.pipeline.datasets import DatasetView, dataset_members
from consentgate.policy import REASON_ORDER, ExclusionReason, is_adult_on, load_policy
from consentgate.policy.batch import member_codes
from consentgate.workspace import Workspace

NOT_A_MEMBER = "not_a_member"  # in the version, neither in the members table nor erased


@dataclass(frozen=True, slots=True)
class Redecision:
    """Who of a dataset version may no longer be used, and why (member_id -> reason)."""

    at: dt.datetime | None
    policy: str | None
    left_out: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def describe(self, records_left_out: int) -> dict[str, Any]:
        """The model manifest's `redecided` entry (counts only, never member ids)."""
        return {
            "at": self.at.isoformat() if self.at else None,
            "policy": self.policy,
            "members_left_out": len(self.left_out),
            "records_left_out": records_left_out,
            "by_reason": dict(sorted(Counter(self.left_out.values()).items())),
            "note": self.note,
        }


def redecide(ws: Workspace, dataset: DatasetView, now: dt.datetime | None = None) -> Redecision:
    """Decide the version's members again under its policy, as of now (or its as-of)."""
    name = str(dataset.manifest.get("policy") or "")
    try:
        policy = load_policy(name)
    except PolicyError:
        return Redecision(None, None, note=f"not decided again: policy {name!r} is not known")
    at = max(now or dt.datetime.now(dt.UTC), _as_of(dataset))
    members = sorted(dataset_members(dataset))
    with ws.session() as session:
        states = ConsentLedger(session).states_at(at, policy, members)
        erased = erasure_events(session)
    left_out: dict[str, str] = {}
    codes = member_codes(states, policy, at)
    births = states["birth_date"].to_pylist()
    for member_id, code, birth in zip(states["member_id"].to_pylist(), codes, births, strict=True):
        if birth is not None and not is_adult_on(birth, at.date()):
            left_out[str(member_id)] = str(ExclusionReason.MINOR)  # ER4 ranks first
        elif code:
            left_out[str(member_id)] = str(REASON_ORDER[int(code) - 1])
    found = set(states["member_id"].to_pylist())
    for member_id in members:
        if member_id not in found:
            left_out[member_id] = "erased" if member_id in erased else NOT_A_MEMBER
    return Redecision(at, policy.id, left_out)


def _as_of(dataset: DatasetView) -> dt.datetime:
    value = dataset.manifest.get("as_of")
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
