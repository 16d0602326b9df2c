"""`consentgate policy list|show|check`: the shipped presets and custom policy files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from consentgate.commands._common import echo, print_json
from consentgate.policy import (
    EEA,
    EU27,
    PRESETS,
    Policy,
    RegionRule,
    check_policy_file,
    load_policy,
)

policy_app = typer.Typer(
    help="Policy versions: presets and custom TOML files.", no_args_is_help=True
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def region_names(countries: frozenset[str]) -> list[str]:
    """Countries with the EEA (or EU) folded back into its group name, for display."""
    rest = set(countries)
    names: list[str] = []
    for name, group in (("EEA", EEA), ("EU", EU27)):
        if group <= rest:
            names.append(name)
            rest -= group
    return names + sorted(rest, key=lambda c: (c == "*", c))


def rule_text(rule: RegionRule) -> str:
    """One line per rule: regions, effective date, default and notice."""
    parts = [
        f"{', '.join(region_names(rule.countries)):<16}",
        f"from {rule.effective_from:%Y-%m-%d %H:%M} UTC",
        f"default {'yes (opt-out)' if rule.default else 'no (opt-in)'}",
    ]
    if rule.notice_days is not None:
        parts.append(f"notice {rule.notice_days} days")
    return "  ".join(parts)


def policy_dict(policy: Policy) -> dict[str, Any]:
    """The policy as JSON-ready data."""
    return {
        "id": policy.id,
        "description": policy.description,
        "kinds": sorted(policy.kinds),
        "not_covered": region_names(policy.not_covered),
        "rules": [
            {
                "regions": region_names(r.countries),
                "effective_from": r.effective_from.isoformat(),
                "default": r.default,
                "notice_days": r.notice_days,
            }
            for r in policy.rules
        ],
    }


@policy_app.command("list")
def list_policies(as_json: JsonOption = False) -> None:
    """The presets, selectable with --policy NAME."""
    policies = [load_policy(name) for name in PRESETS]
    if as_json:
        print_json([{"id": p.id, "description": p.description} for p in policies])
        return
    for p in policies:
        echo(f"{p.id:<20} {p.description}")


@policy_app.command("show")
def show_policy(
    name: Annotated[str, typer.Argument(help="A preset name or a policy file path.")],
    as_json: JsonOption = False,
) -> None:
    """A policy's kinds and region rules."""
    policy = load_policy(name)
    if as_json:
        print_json(policy_dict(policy))
        return
    echo(f"policy {policy.id}: {policy.description}".rstrip(": "))
    echo(f"kinds: {', '.join(sorted(policy.kinds))}")
    if policy.not_covered:
        echo(f"not covered: {', '.join(region_names(policy.not_covered))}")
    echo("rules:")
    for rule in policy.rules:
        echo(f"  {rule_text(rule)}")


@policy_app.command("check")
def check_policy(
    path: Annotated[Path, typer.Argument(help="The policy TOML file to validate.")],
) -> None:
    """Validate a policy file; every problem is reported with its line (exit 1 if any)."""
    policy, problems = check_policy_file(path)
    if policy is None:
        for problem in problems:
            echo(problem)
        echo(f"{len(problems)} problem(s) in {path}")
        raise typer.Exit(1)
    echo(f"{path}: ok (policy {policy.id}, {len(policy.rules)} rule(s))")


def register(app: typer.Typer) -> None:
    """Add the `policy` command group."""
    app.add_typer(policy_app, name="policy")
