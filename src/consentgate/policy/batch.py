"""The eligibility rules over Arrow tables: the pipeline's whole-network decision.

Member-level rules (ER5..ER8, and the "18 on T's date" half of ER4) are computed once
per member; each record then takes its member's row by index (one hash lookup of the
member id) and adds the record-level rules ER1..ER4. Arithmetic runs in NumPy over
the Arrow buffers. Ages compare day numbers with each member's 18th birthday, computed
once per member (29 February + 18 years = 1 March in a non-leap year, like
`rules.age_on`), so a record costs one integer comparison for ER4.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from consentgate.errors import PolicyError
from consentgate.policy.model import REASON_ORDER, REQUIRED_VISIBILITY, ExclusionReason, Policy
from consentgate.policy.regions import ALL_OTHERS
from consentgate.policy.rules import ADULT_AGE

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

RECORD_COLUMNS = ("record_id", "member_id", "kind", "visibility", "created_at", "is_profile")
MEMBER_COLUMNS = (
    "member_id",
    "country",
    "birth_date",
    "created_at",
    "choice",
    "restricted",
    "erased",
    "notice_delivered_at",
)
_US_PER_DAY = 86_400_000_000
# Code 0 = used; code i = REASON_ORDER[i - 1].
_CODE = {reason: i + 1 for i, reason in enumerate(REASON_ORDER)}
_REASON_STRINGS = pa.array([None, *(str(r) for r in REASON_ORDER)], pa.string())


def _col(table: pa.Table, name: str) -> pa.Array:
    column = table.column(name).combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    return column


def _bools(array: pa.Array) -> Bools:
    return np.asarray(pc.fill_null(array.cast(pa.bool_()), False).to_numpy(zero_copy_only=False))


def _micros(array: pa.Array) -> I64:
    """UTC microseconds since the epoch; nulls become the largest int64 (never <= anything)."""
    as_int = array.cast(pa.timestamp("us", "UTC")).cast(pa.int64())
    return np.asarray(pc.fill_null(as_int, np.iinfo(np.int64).max).to_numpy(), dtype=np.int64)


def _adult_days(birth_days: I64) -> I64:
    """Per birth date (days since the epoch), the day of the 18th birthday.

    Whole months are added to the birth month, then the day offset within the month:
    29 February + 18 years lands on 1 March when that February has 28 days.
    """
    birth = birth_days.astype("datetime64[D]")
    month = birth.astype("datetime64[M]")
    offset = (birth - month.astype("datetime64[D]")).astype(np.int64)
    adult_month = month + np.timedelta64(ADULT_AGE * 12, "M")
    return np.asarray(adult_month.astype("datetime64[D]").astype(np.int64) + offset, np.int64)


def adult_instants(births: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Per birth date, the 18th birthday as its UTC midnight (timestamp[us, UTC]).

    An event before that instant was made by a minor (ER6 compares events with it).
    """
    if isinstance(births, pa.ChunkedArray):
        births = births.combine_chunks()
    days = _adult_days(np.asarray(births.cast(pa.int32()).to_numpy(zero_copy_only=False), np.int64))
    return pa.array(days * _US_PER_DAY, pa.int64()).cast(pa.timestamp("us", "UTC"))


def _as_micros(instant: dt.datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("as_of must be an aware datetime")
    delta = instant.astimezone(dt.UTC) - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _rule_index(countries: pa.Array, policy: Policy) -> I64:
    """Per member, the index of its region rule in policy.rules; -1 when not covered."""
    keys: list[str] = []
    values: list[int] = []
    star = -1
    for i, rule in enumerate(policy.rules):
        for country in rule.countries:
            if country == ALL_OTHERS:
                star = i if star < 0 else star
            elif country not in policy.not_covered:
                keys.append(country)
                values.append(i)
    keys.extend(sorted(policy.not_covered))
    values.extend([-1] * len(policy.not_covered))
    found = pc.fill_null(pc.index_in(countries, pa.array(keys, pa.string())), -1)
    pos = np.asarray(found.to_numpy(), dtype=np.int64)
    lookup = np.asarray([*values, star], dtype=np.int64)
    return np.asarray(lookup[np.where(pos >= 0, pos, len(values))], dtype=np.int64)


def rule_indices(countries: pa.Array | pa.ChunkedArray, policy: Policy) -> I64:
    """Per member country, the index of its region rule in policy.rules; -1 when not covered."""
    if isinstance(countries, pa.ChunkedArray):
        countries = countries.combine_chunks()
    return _rule_index(countries, policy)


def member_codes(members: pa.Table, policy: Policy, as_of: dt.datetime) -> npt.NDArray[np.int8]:
    """Per member, the code of the first member-level rule (ER5..ER8) failed; 0 when none."""
    as_us = _as_micros(as_of)
    rule = _rule_index(_col(members, "country"), policy)
    covered = rule >= 0
    r = np.where(covered, rule, 0)
    rules = policy.rules or ()
    effective_us = np.asarray([_as_micros(x.effective_from) for x in rules] or [0], np.int64)
    default = np.asarray([x.default for x in rules] or [False], np.bool_)
    notice_days = np.asarray(
        [-1 if x.notice_days is None else x.notice_days for x in rules] or [-1], np.int64
    )
    choice_col = _col(members, "choice").cast(pa.bool_())
    has_choice = np.asarray(choice_col.is_valid().to_numpy(zero_copy_only=False), np.bool_)
    chosen = np.where(has_choice, _bools(choice_col), default[r])
    needs_notice = ~has_choice & (notice_days[r] >= 0)
    deadline = as_us - np.maximum(notice_days[r], 0) * _US_PER_DAY
    noticed = _micros(_col(members, "notice_delivered_at")) <= deadline
    conditions = [
        ~covered,
        effective_us[r] > as_us,
        ~chosen,
        needs_notice & ~noticed,
        _bools(_col(members, "restricted")),
        _bools(_col(members, "erased")),
    ]
    reasons = [
        ExclusionReason.REGION_NOT_COVERED,
        ExclusionReason.NOT_YET_EFFECTIVE,
        ExclusionReason.SAID_NO,
        ExclusionReason.NO_NOTICE,
        ExclusionReason.RESTRICTED,
        ExclusionReason.ERASED,
    ]
    return np.select(conditions, [_CODE[x] for x in reasons], 0).astype(np.int8)


def _member_positions(records: pa.Table, members: pa.Table) -> I64:
    found = pc.index_in(_col(records, "member_id"), _col(members, "member_id"))
    if found.null_count:
        missing = pc.filter(_col(records, "member_id"), found.is_null())
        raise PolicyError(
            f"{found.null_count} record(s) belong to members missing from the member-state "
            f"table (first: {missing[0].as_py()})"
        )
    return np.asarray(found.to_numpy(), dtype=np.int64)


def _visibility_fails(kind: pa.Array, visibility: pa.Array) -> Bools:
    """ER3 for content records: the kind needs a visibility the record does not have."""
    needs = sorted(REQUIRED_VISIBILITY)
    wanted_vis = sorted(set(REQUIRED_VISIBILITY.values()))
    kind_pos = np.asarray(pc.fill_null(pc.index_in(kind, pa.array(needs)), -1).to_numpy())
    required = np.asarray([wanted_vis.index(REQUIRED_VISIBILITY[k]) for k in needs] + [-1])
    req = required[np.where(kind_pos >= 0, kind_pos, len(needs))]
    vis = np.asarray(pc.fill_null(pc.index_in(visibility, pa.array(wanted_vis)), -2).to_numpy())
    return np.asarray((req >= 0) & (vis != req), np.bool_)


def decide_batch(
    records: pa.Table, members: pa.Table, policy: Policy, as_of: dt.datetime
) -> pa.Array:
    """The exclusion reason of every record (a string, or null when the record is used).

    `records`: record_id, member_id, kind, visibility, created_at (timestamp UTC), is_profile.
    `members`: the ledger's member-state table at `as_of` (ConsentLedger.states_at).
    """
    as_us = _as_micros(as_of)
    as_day = as_us // _US_PER_DAY
    m_code = member_codes(members, policy, as_of)
    adult_day = _adult_days(
        np.asarray(_col(members, "birth_date").cast(pa.int32()).to_numpy(), np.int64)
    )
    # ER4's first half ("18 on T's date") depends on the member only.
    m_minor = adult_day > as_day
    m_created = _micros(_col(members, "created_at"))
    pos = _member_positions(records, members)
    profile = _bools(_col(records, "is_profile"))
    kind = _col(records, "kind")
    profile |= _bools(pc.equal(kind, "profile"))
    created = np.where(profile, m_created[pos], _micros(_col(records, "created_at")))
    rec_day = np.floor_divide(created, _US_PER_DAY)
    kind_ok = pc.fill_null(pc.is_in(kind, pa.array(sorted(policy.kinds), pa.string())), False)
    minor = m_minor[pos] | (~profile & (rec_day < adult_day[pos]))
    conditions = [
        created > as_us,
        ~np.asarray(kind_ok.to_numpy(zero_copy_only=False), np.bool_),
        ~profile & _visibility_fails(kind, _col(records, "visibility")),
        minor,
    ]
    codes = np.select(conditions, [1, 2, 3, 4], m_code[pos]).astype(np.int8)
    return pc.take(_REASON_STRINGS, pa.array(codes))
