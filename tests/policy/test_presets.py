"""The presets match the issue's table; policy files are validated with every problem's line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policy_reference import M

from consentgate.errors import PolicyError, PolicyValidationError
from consentgate.policy import (
    EEA,
    PRESETS,
    ExclusionReason,
    Record,
    check_policy_text,
    decide_record,
    load_policy,
)

UTC = dt.UTC
ALL_KINDS = {
    "profile",
    "post",
    "article",
    "comment",
    "group_post",
    "recruiter_message",
    "ai_prompt",
    "feedback",
}


def _rule(name: str, country: str) -> tuple[dt.datetime, bool, int | None] | None:
    rule = load_policy(name).rule_for(country)
    return None if rule is None else (rule.effective_from, rule.default, rule.notice_days)


def test_eea_is_eu27_plus_three() -> None:
    assert len(EEA) == 30 and {"IS", "LI", "NO", "FR", "DE", "IE"} <= EEA
    assert "CH" not in EEA and "GB" not in EEA


@pytest.mark.parametrize("country", ["FR", "NO", "LI", "IS", "CH", "GB", "DE"])
def test_presets_for_europe(country: str) -> None:
    assert _rule("linkedin-2024", country) is None
    assert _rule("linkedin-2025", country) == (dt.datetime(2025, 11, 3, tzinfo=UTC), True, 30)
    assert _rule("privacy-by-default", country) == (
        dt.datetime(2025, 1, 1, tzinfo=UTC),
        False,
        None,
    )


@pytest.mark.parametrize("country", ["CA", "HK"])
def test_presets_for_canada_and_hong_kong(country: str) -> None:
    """Not covered in 2024: the November 2025 change brought them in, after a notice."""
    assert _rule("linkedin-2024", country) is None
    assert country in load_policy("linkedin-2024").not_covered
    assert _rule("linkedin-2025", country) == (dt.datetime(2025, 11, 3, tzinfo=UTC), True, 30)
    assert _rule("privacy-by-default", country) == (
        dt.datetime(2025, 1, 1, tzinfo=UTC),
        False,
        None,
    )


@pytest.mark.parametrize(
    ("country", "policy", "reason"),
    [
        ("CA", "linkedin-2024", ExclusionReason.REGION_NOT_COVERED),
        ("HK", "linkedin-2024", ExclusionReason.REGION_NOT_COVERED),
        ("US", "linkedin-2024", None),
        ("CA", "linkedin-2025", ExclusionReason.NOT_YET_EFFECTIVE),
    ],
)
def test_a_canadian_post_of_2024_was_not_used(
    country: str, policy: str, reason: ExclusionReason | None
) -> None:
    """A public post of an adult with no choice event, in a build as of 1 October 2024."""
    as_of = dt.datetime(2024, 10, 1, tzinfo=UTC)
    written = dt.datetime(2024, 9, 20, tzinfo=UTC)
    author = M("m", country, dt.date(1980, 1, 1), written)
    post = Record("r", "m", "post", "public", written)
    assert decide_record(post, author, [], load_policy(policy), as_of) == reason


@pytest.mark.parametrize("country", ["US", "IN", "BR", "JP"])
def test_presets_for_other_countries(country: str) -> None:
    assert _rule("linkedin-2024", country) == (dt.datetime(2024, 9, 18, tzinfo=UTC), True, None)
    assert _rule("linkedin-2025", country) == (dt.datetime(2024, 9, 18, tzinfo=UTC), True, None)
    assert _rule("privacy-by-default", country) == (
        dt.datetime(2025, 1, 1, tzinfo=UTC),
        False,
        None,
    )


def test_preset_kinds() -> None:
    assert load_policy("linkedin-2024").kinds == ALL_KINDS
    assert load_policy("linkedin-2025").kinds == ALL_KINDS
    assert load_policy("privacy-by-default").kinds == ALL_KINDS - {"recruiter_message"}
    assert [load_policy(p).id for p in PRESETS] == list(PRESETS)


def test_load_by_path_and_unknown_name(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'id = "mine"\nkinds = ["post"]\n[[rules]]\nregions = ["*"]\n'
        "effective_from = 2025-02-01\ndefault = false\n"
    )
    policy = load_policy(path)
    assert policy.id == "mine" and policy.rule_for("ZZ") is not None
    assert policy.rules[0].effective_from == dt.datetime(2025, 2, 1, tzinfo=UTC)
    with pytest.raises(PolicyError, match="unknown policy 'nope'"):
        load_policy("nope")


BAD = """\
id = "bad one"
kinds = [
  "post",
  "private_message",
  "salary",
  "telepathy",
]
colour = "red"

[[rules]]
regions = ["EEA", "Atlantis"]
effective_from = 2025-11-03T00:00:00
default = "yes"

[[rules]]
regions = ["FR", "*"]
default = true
notice_days = -1
"""


def test_check_reports_every_problem_with_its_line() -> None:
    policy, problems = check_policy_text(BAD)
    assert policy is None
    found = [(p.line, p.message) for p in problems]
    assert found == [
        (1, "id must be a name of letters, digits, '.', '_', '-'"),
        (4, "kind 'private_message' can never be used for training"),
        (5, "kind 'salary' can never be used for training"),
        (
            6,
            "unknown kind 'telepathy' (known: profile, post, article, comment, group_post, "
            "recruiter_message, ai_prompt, feedback)",
        ),
        (8, "unknown key 'colour'"),
        (11, "unknown region 'Atlantis' (a country code like FR, a group EEA/EU, or *)"),
        (12, "effective_from must be a date (2025-11-03) or a date-time with an offset"),
        (13, "default must be true or false"),
        (15, "rules[2]: missing key: effective_from"),
        (18, "notice_days must be a whole number >= 0"),
    ]


@pytest.mark.parametrize("kind", ["private_message", "salary", "credentials", "payment"])
def test_forbidden_kinds_are_rejected(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        f'id = "x"\nkinds = ["post", "{kind}"]\n[[rules]]\nregions = ["*"]\n'
        "effective_from = 2025-01-01\ndefault = true\n"
    )
    with pytest.raises(PolicyValidationError, match=f"p.toml:2: kind '{kind}' can never be used"):
        load_policy(path)


def test_overlapping_regions_and_toml_syntax() -> None:
    text = (
        'id = "x"\nkinds = ["post"]\nnot_covered = ["GB"]\n'
        '[[rules]]\nregions = ["EEA"]\neffective_from = 2025-01-01\ndefault = true\n'
        '[[rules]]\nregions = ["FR", "GB"]\neffective_from = 2025-01-01\ndefault = true\n'
    )
    _, problems = check_policy_text(text)
    assert [(p.line, p.message) for p in problems] == [
        (9, "FR is already in rules[1]"),
        (9, "GB is also in not_covered"),
    ]
    _, problems = check_policy_text('id = "x"\nkinds = [\n"post"\n')
    assert len(problems) == 1 and problems[0].message.startswith("not valid TOML")
    assert problems[0].line == 3
    _, problems = check_policy_text('id = "x"\nkinds = ["post"]\nid = "y"\n')
    assert problems[0].line == 3 and "not valid TOML" in problems[0].message
