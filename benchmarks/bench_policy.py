"""Whole-network eligibility decision at T: synthetic Arrow inputs, no database.

    PYTHONPATH=src python benchmarks/bench_policy.py --members 1000000 \
        --records 10000000 --events 3000000 --policy linkedin-2025

Times (1) member states from the events (ledger.arrow_state.states_from_arrow, DuckDB)
and (2) decide_batch over every record, and prints the reason counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from consentgate.ledger.arrow_state import states_from_arrow
from consentgate.policy import decide_batch, load_policy

T_ = TypeVar("T_")
UTC = dt.UTC
TS = pa.timestamp("us", "UTC")
COUNTRIES = ["US", "IN", "BR", "GB", "FR", "DE", "CA", "NL", "ES", "IT", "HK", "CH", "MX", "NG"]
KINDS = [
    "post",
    "comment",
    "article",
    "group_post",
    "recruiter_message",
    "private_message",
    "ai_prompt",
    "feedback",
    "profile",
    "salary",
]
KIND_P = [0.25, 0.25, 0.03, 0.07, 0.06, 0.18, 0.04, 0.02, 0.08, 0.02]
VISIBILITIES = ["public", "connections", "group_public", "group_private", "private"]
EVENT_TYPES = [
    "ai_training_setting",
    "notice_delivered",
    "notice_response",
    "objection",
    "restriction",
    "erasure",
]
EVENT_P = [0.35, 0.45, 0.15, 0.02, 0.02, 0.01]


def _ids(prefix: str, n: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(np.arange(n)), pa.string()), 8, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _micros(rng: np.random.Generator, start: dt.datetime, end: dt.datetime, n: int) -> pa.Array:
    lo, hi = int(start.timestamp() * 1e6), int(end.timestamp() * 1e6)
    return pa.array(rng.integers(lo, hi, n, dtype=np.int64)).cast(TS)


def _pick(
    rng: np.random.Generator, values: list[str], n: int, p: list[float] | None = None
) -> pa.Array:
    return pc.take(pa.array(values, pa.string()), pa.array(rng.choice(len(values), n, p=p)))


def generate(members: int, records: int, events: int, seed: int = 0) -> tuple[pa.Table, ...]:
    """Members, records and events, all as Arrow tables built without Python loops."""
    rng = np.random.default_rng(seed)
    member_id = _ids("m", members)
    born_lo, born_hi = (
        (dt.date(1950, 1, 1) - dt.date(1970, 1, 1)).days,
        (dt.date(2012, 12, 31) - dt.date(1970, 1, 1)).days,
    )
    member_table = pa.table(
        {
            "member_id": member_id,
            "country": _pick(rng, COUNTRIES, members),
            "birth_date": pa.array(rng.integers(born_lo, born_hi, members, dtype=np.int32)).cast(
                pa.date32()
            ),
            "created_at": _micros(
                rng,
                dt.datetime(2010, 1, 1, tzinfo=UTC),
                dt.datetime(2026, 1, 1, tzinfo=UTC),
                members,
            ),
        }
    )
    owner = pa.array(rng.integers(0, members, records))
    kind = _pick(rng, KINDS, records, KIND_P)
    record_table = pa.table(
        {
            "record_id": _ids("r", records),
            "member_id": pc.take(member_id, owner),
            "kind": kind,
            "visibility": _pick(rng, VISIBILITIES, records, [0.6, 0.2, 0.1, 0.05, 0.05]),
            "created_at": _micros(
                rng,
                dt.datetime(2012, 1, 1, tzinfo=UTC),
                dt.datetime(2026, 3, 1, tzinfo=UTC),
                records,
            ),
            "is_profile": pc.equal(kind, "profile"),
        }
    )
    etype = _pick(rng, EVENT_TYPES, events, EVENT_P)
    coin = pa.array(rng.random(events) < 0.6)
    value = pc.case_when(
        pc.make_struct(pc.equal(etype, "ai_training_setting"), pc.equal(etype, "notice_response")),
        pc.if_else(coin, "false", "true"),
        pc.if_else(coin, "accept", "refuse"),
    )
    version = pc.if_else(
        pc.is_in(etype, pa.array(["notice_delivered", "notice_response"])),
        _pick(
            rng, ["linkedin-2025", "linkedin-2024", "privacy-by-default"], events, [0.7, 0.2, 0.1]
        ),
        pa.scalar(None, pa.string()),
    )
    event_table = pa.table(
        {
            "event_id": _ids("e", events),
            "member_id": pc.take(member_id, pa.array(rng.integers(0, members, events))),
            "at": _micros(
                rng,
                dt.datetime(2024, 6, 1, tzinfo=UTC),
                dt.datetime(2026, 1, 31, tzinfo=UTC),
                events,
            ),
            "type": etype,
            "value": value,
            "policy_version": version,
        }
    )
    return member_table, record_table, event_table


def timed(label: str, fn: Callable[[], T_]) -> tuple[T_, float]:
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    print(f"{label:<34} {took:7.2f} s")
    return result, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--events", type=int, default=3_000_000)
    parser.add_argument("--policy", default="linkedin-2025")
    parser.add_argument("--as-of", default="2025-12-15T00:00:00+00:00")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    policy = load_policy(args.policy)
    as_of = dt.datetime.fromisoformat(args.as_of)
    (members, records, events), _ = timed(
        "generate inputs (not counted)", lambda: generate(args.members, args.records, args.events)
    )
    best = float("inf")
    for i in range(args.repeat):
        print(f"-- run {i + 1}")
        states, t_states = timed(
            "member states (DuckDB, 3M events)",
            lambda: states_from_arrow(members, events, as_of, policy),
        )
        reasons, t_decide = timed(
            "decide_batch (all records)",
            lambda states=states: decide_batch(records, states, policy, as_of),
        )
        print(f"{'total':<34} {t_states + t_decide:7.2f} s")
        best = min(best, t_states + t_decide)
    counts = pc.value_counts(pc.fill_null(reasons, "(used)")).to_pylist()
    for item in sorted(counts, key=lambda c: -c["counts"]):
        print(f"  {item['values']:<20} {item['counts']:>10}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"best total {best:.2f} s; peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
