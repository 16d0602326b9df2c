"""Reading and validating policy files: presets by name, custom files by path.

tomllib gives no line numbers for values, so problems are placed by scanning the
text for the key (inside the right `[[rules]]` table) or the offending value.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from consentgate.errors import PolicyError, PolicyValidationError
from consentgate.policy.model import FORBIDDEN_KINDS, USABLE_KINDS, Policy, RegionRule
from consentgate.policy.regions import ALL_OTHERS, expand_region

# The policy a workspace works under unless a setting or an option names another.
DEFAULT_POLICY = "linkedin-2025"
PRESETS = ("linkedin-2024", DEFAULT_POLICY, "privacy-by-default")

_TOP_KEYS = {"id", "description", "kinds", "not_covered", "rules"}
_RULE_KEYS = {"regions", "effective_from", "default", "notice_days"}
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a policy file, at a 1-based line."""

    line: int
    message: str

    def format(self, source: str) -> str:
        return f"{source}:{self.line}: {self.message}"


class _Locator:
    """Finds the line of a key or value in the policy text (top level or in the n-th rule)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.rule_starts = [
            i for i, line in enumerate(self.lines) if re.match(r"^\s*\[\[\s*rules\s*\]\]", line)
        ]
        first_table = next(
            (i for i, line in enumerate(self.lines) if re.match(r"^\s*\[", line)), len(self.lines)
        )
        self.top = (0, first_table)

    def _span(self, rule: int | None) -> tuple[int, int]:
        if rule is None or rule >= len(self.rule_starts):
            return self.top
        start = self.rule_starts[rule]
        end = self.rule_starts[rule + 1] if rule + 1 < len(self.rule_starts) else len(self.lines)
        return start, end

    def key(self, key: str, rule: int | None = None) -> int:
        """Line of `key = ...`; the rule's header (or line 1) when the key is absent."""
        start, end = self._span(rule)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return start + 1 if rule is not None and rule < len(self.rule_starts) else 1

    def value(self, key: str, value: str, rule: int | None = None) -> int:
        """Line of a quoted value inside the array that `key` starts."""
        first = self.key(key, rule)
        _, end = self._span(rule)
        quoted = re.compile(rf"""["']{re.escape(value)}["']""")
        for i in range(first - 1, max(end, first)):
            if quoted.search(self.lines[i]):
                return i + 1
        return first


def _instant(value: Any) -> dt.datetime | None:
    """A TOML offset date-time, or a date (read as 00:00 UTC); None for anything else."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo is not None else None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return None


class _Validator:
    """Collects every problem of a parsed policy document, then builds the Policy."""

    def __init__(self, text: str) -> None:
        self.at = _Locator(text)
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def string_list(self, doc: dict[str, Any], key: str, rule: int | None = None) -> list[str]:
        raw = doc.get(key)
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.add(self.at.key(key, rule), f"{key} must be a list of strings")
            return []
        return list(raw)

    def kinds(self, doc: dict[str, Any]) -> frozenset[str]:
        if "kinds" not in doc:
            self.add(1, "missing key: kinds")
            return frozenset()
        kinds = self.string_list(doc, "kinds")
        for kind in kinds:
            line = self.at.value("kinds", kind)
            if kind in FORBIDDEN_KINDS:
                self.add(line, f"kind {kind!r} can never be used for training")
            elif kind not in USABLE_KINDS:
                self.add(line, f"unknown kind {kind!r} (known: {', '.join(USABLE_KINDS)})")
        for kind in {k for k in kinds if kinds.count(k) > 1}:
            self.add(self.at.value("kinds", kind), f"kind {kind!r} listed twice")
        return frozenset(kinds)

    def regions(self, doc: dict[str, Any], key: str, rule: int | None) -> frozenset[str]:
        countries: set[str] = set()
        for name in self.string_list(doc, key, rule):
            expanded = expand_region(name)
            if expanded is None:
                self.add(
                    self.at.value(key, name, rule),
                    f"unknown region {name!r} (a country code like FR, a group EEA/EU, or *)",
                )
                continue
            countries |= expanded
        return frozenset(countries)

    def rule(self, raw: Any, n: int) -> RegionRule | None:
        if not isinstance(raw, dict):
            self.add(self.at.key("rules"), f"rules[{n + 1}] must be a table")
            return None
        start = len(self.problems)
        for key in sorted(set(raw) - _RULE_KEYS):
            self.add(self.at.key(key, n), f"rules[{n + 1}]: unknown key {key!r}")
        for key in ("regions", "effective_from", "default"):
            if key not in raw:
                self.add(self.at.key(key, n), f"rules[{n + 1}]: missing key: {key}")
        countries = self.regions(raw, "regions", n) if "regions" in raw else frozenset()
        if "regions" in raw and not countries and len(self.problems) == start:
            self.add(self.at.key("regions", n), f"rules[{n + 1}]: regions is empty")
        effective = _instant(raw.get("effective_from"))
        if "effective_from" in raw and effective is None:
            self.add(
                self.at.key("effective_from", n),
                "effective_from must be a date (2025-11-03) or a date-time with an offset",
            )
        default = raw.get("default")
        if "default" in raw and not isinstance(default, bool):
            self.add(self.at.key("default", n), "default must be true or false")
        notice = raw.get("notice_days")
        if notice is not None and (
            isinstance(notice, bool) or not isinstance(notice, int) or notice < 0
        ):
            self.add(self.at.key("notice_days", n), "notice_days must be a whole number >= 0")
        if len(self.problems) > start or effective is None or not isinstance(default, bool):
            return None
        return RegionRule(countries, effective, default, notice)

    def overlaps(self, rules: list[tuple[int, RegionRule]], not_covered: frozenset[str]) -> None:
        seen: dict[str, int] = {}
        for n, rule in rules:
            for country in sorted(rule.countries):
                if country in not_covered and country != ALL_OTHERS:
                    self.add(self.at.key("regions", n), f"{country} is also in not_covered")
                elif country in seen:
                    where = f"rules[{seen[country] + 1}]"
                    self.add(self.at.key("regions", n), f"{country} is already in {where}")
                else:
                    seen[country] = n

    def policy(self, doc: dict[str, Any]) -> Policy | None:
        for key in sorted(set(doc) - _TOP_KEYS):
            self.add(self.at.key(key), f"unknown key {key!r}")
        pid = doc.get("id")
        if not isinstance(pid, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", pid):
            self.add(self.at.key("id"), "id must be a name of letters, digits, '.', '_', '-'")
        description = doc.get("description", "")
        if not isinstance(description, str):
            self.add(self.at.key("description"), "description must be a string")
        kinds = self.kinds(doc)
        not_covered = (
            self.regions(doc, "not_covered", None) if "not_covered" in doc else frozenset()
        )
        if ALL_OTHERS in not_covered:
            self.add(self.at.value("not_covered", ALL_OTHERS), "not_covered cannot list *")
        raw_rules = doc.get("rules")
        if not isinstance(raw_rules, list) or not raw_rules:
            self.add(self.at.key("rules"), "at least one [[rules]] table is needed")
            raw_rules = []
        rules = [(n, r) for n, raw in enumerate(raw_rules) if (r := self.rule(raw, n)) is not None]
        self.overlaps(rules, not_covered)
        if self.problems:
            return None
        return Policy(
            id=str(pid),
            kinds=kinds,
            rules=tuple(r for _, r in rules),
            not_covered=not_covered,
            description=str(description),
        )


def check_policy_text(text: str) -> tuple[Policy | None, list[Problem]]:
    """Parse and validate policy TOML; every problem found, sorted by line."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        message = _TOML_LINE.sub("", str(exc)).replace("(at end of document)", "").strip()
        return None, [Problem(line, f"not valid TOML: {message}")]
    validator = _Validator(text)
    policy = validator.policy(doc)
    return policy, sorted(validator.problems, key=lambda p: p.line)


def check_policy_file(path: Path | str) -> tuple[Policy | None, list[str]]:
    """Validate a policy file: the policy (if valid) and every problem as `file:line: message`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read policy file ({exc})") from None
    policy, problems = check_policy_text(text)
    return policy, [p.format(str(path)) for p in problems]


def preset_text(name: str) -> str:
    """The TOML text of a preset."""
    if name not in PRESETS:
        raise PolicyError(f"unknown preset {name!r} (presets: {', '.join(PRESETS)})")
    return resources.files("consentgate.policy.presets").joinpath(f"{name}.toml").read_text("utf-8")


def load_policy(name_or_path: str | Path | Policy) -> Policy:
    """A preset by name, or a policy file by path; raises PolicyValidationError on a bad file."""
    if isinstance(name_or_path, Policy):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in PRESETS:
        policy, problems = check_policy_text(preset_text(name_or_path))
        source = f"preset {name_or_path}"
        formatted = [p.format(source) for p in problems]
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise PolicyError(
                f"unknown policy {str(name_or_path)!r}: not a preset ({', '.join(PRESETS)}) "
                "nor a policy file"
            )
        policy, formatted = check_policy_file(path)
    if policy is None:
        raise PolicyValidationError(formatted)
    return policy
