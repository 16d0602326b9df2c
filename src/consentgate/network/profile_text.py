"""A member's profile as text records: the one form the dataset build and the footprint share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _join(*parts: str | None, sep: str) -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def flatten_profile(
    member_id: str,
    headline: str | None,
    summary: str | None,
    location: str | None,
    positions: Sequence[dict[str, Any]] | None,
    education: Sequence[dict[str, Any]] | None,
    skills: Sequence[str] | None,
) -> list[tuple[str, str]]:
    """A member's profile as (record_id, text) pairs; empty fields give no record.

    The name is the member's identity, not profile content: it is never a record.
    Positions read "title — company: description", education "degree, field — school";
    list items are numbered from 0 in stored order.
    """
    prefix = f"profile:{member_id}:"
    out = [
        (prefix + field, value.strip())
        for field, value in (("headline", headline), ("summary", summary), ("location", location))
        if value and value.strip()
    ]
    for i, pos in enumerate(positions or ()):
        head = _join(pos.get("title"), pos.get("company"), sep=" — ")
        text = _join(head, pos.get("description"), sep=": ")
        if text:
            out.append((f"{prefix}positions:{i}", text))
    for i, edu in enumerate(education or ()):
        head = _join(edu.get("degree"), edu.get("field"), sep=", ")
        text = _join(head, edu.get("school"), sep=" — ")
        if text:
            out.append((f"{prefix}education:{i}", text))
    skill_text = _join(*(skills or ()), sep=", ")
    if skill_text:
        out.append((prefix + "skills", skill_text))
    return out
