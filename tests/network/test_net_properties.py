"""Properties of validation: any line either parses or yields `file:line: field: reason`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from netrows import content, event, member

from consentgate.network.validation import (
    ContentIn,
    EventIn,
    MemberIn,
    Problems,
    parse_file,
)

# One line each: a user-supplied field name never breaks the `file:line: field: reason` form.
PROBLEM = re.compile(r"^(members|content|events)\.jsonl:\d+: [^\n]+: [^\n]+$")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
CASES = [(member(), MemberIn, "members"), (content(), ContentIn, "content"),
         (event(), EventIn, "events")]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    case=st.sampled_from(CASES),
    key=st.text(min_size=1, max_size=12) | st.sampled_from(sorted({*member(), *content()})),
    value=JSON_VALUES,
    drop=st.booleans(),
)
def test_any_mutation_parses_or_is_reported(
    tmp_path_factory: Any, case: tuple[dict[str, Any], type, str], key: str, value: Any,
    drop: bool,
) -> None:  # fmt: skip
    row, model, name = case
    mutated = dict(row)
    if drop:
        mutated.pop(key, None)
    else:
        mutated[key] = value
    path = Path(tmp_path_factory.mktemp("p")) / f"{name}.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(mutated) + "\n", "utf-8")
    problems = Problems()
    parsed = parse_file(path, model, problems)
    assert len(parsed.rows) + (1 if problems.total else 0) == 2 or problems.total == 0
    assert parsed.lines[0] == 1  # the intact line always survives a bad neighbour
    assert all(PROBLEM.match(p) for p in problems.shown), problems.shown
    assert all(p.startswith(f"{name}.jsonl:2: ") for p in problems.shown)


@settings(max_examples=60, deadline=None)
@given(garbage=st.binary(min_size=1, max_size=40).filter(lambda b: b"\n" not in b))
def test_garbage_bytes_are_reported_not_raised(tmp_path_factory: Any, garbage: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("g")) / "events.jsonl"
    path.write_bytes(json.dumps(event()).encode() + b"\n" + garbage + b"\n")
    problems = Problems()
    parsed = parse_file(path, EventIn, problems)
    if garbage.strip():
        assert problems.total >= 1 and parsed.lines == [1]
        assert all(PROBLEM.match(p) and p.startswith("events.jsonl:2: ") for p in problems.shown)
