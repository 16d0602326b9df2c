"""Pure policy rules: policy versions as data, regions, ages, and the ER1..ER8 decision."""

from consentgate.policy.batch import MEMBER_COLUMNS, RECORD_COLUMNS, adult_instants, decide_batch
from consentgate.policy.loader import (
    DEFAULT_POLICY,
    PRESETS,
    check_policy_file,
    check_policy_text,
    load_policy,
    preset_text,
)
from consentgate.policy.model import (
    FORBIDDEN_KINDS,
    REASON_ORDER,
    USABLE_KINDS,
    ExclusionReason,
    Policy,
    RegionRule,
)
from consentgate.policy.regions import EEA, EU27, GROUPS
from consentgate.policy.rules import (
    Record,
    age_on,
    choice_value,
    counts_as_choice,
    decide_record,
    deciding_event,
    first_notice,
    is_adult_on,
    member_reason,
)

__all__ = [
    "DEFAULT_POLICY",
    "EEA",
    "EU27",
    "FORBIDDEN_KINDS",
    "GROUPS",
    "MEMBER_COLUMNS",
    "PRESETS",
    "REASON_ORDER",
    "RECORD_COLUMNS",
    "USABLE_KINDS",
    "ExclusionReason",
    "Policy",
    "Record",
    "RegionRule",
    "adult_instants",
    "age_on",
    "check_policy_file",
    "check_policy_text",
    "choice_value",
    "counts_as_choice",
    "decide_batch",
    "decide_record",
    "deciding_event",
    "first_notice",
    "is_adult_on",
    "load_policy",
    "member_reason",
    "preset_text",
]
