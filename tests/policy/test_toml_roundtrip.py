"""Random policies written as TOML load back identical (the loader reads what it documents)."""

from __future__ import annotations

from hypothesis import given, settings
from policy_strategies import random_policies

from consentgate.policy import Policy, check_policy_text


def to_toml(policy: Policy) -> str:
    def strings(values: frozenset[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in sorted(values)) + "]"

    lines = [f'id = "{policy.id}"', f"kinds = {strings(policy.kinds)}"]
    if policy.not_covered:
        lines.append(f"not_covered = {strings(policy.not_covered)}")
    for rule in policy.rules:
        lines += [
            "",
            "[[rules]]",
            f"regions = {strings(rule.countries)}",
            f"effective_from = {rule.effective_from.isoformat()}",
            f"default = {'true' if rule.default else 'false'}",
        ]
        if rule.notice_days is not None:
            lines.append(f"notice_days = {rule.notice_days}")
    return "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None)
@given(random_policies())
def test_random_policy_round_trips(policy: Policy) -> None:
    loaded, problems = check_policy_text(to_toml(policy))
    if not policy.rules:
        assert loaded is None and problems[0].message == "at least one [[rules]] table is needed"
        return
    assert problems == []
    assert loaded == policy
    for country in ["FR", "US", "CH", "ZZ"]:
        assert loaded.rule_for(country) == policy.rule_for(country)
