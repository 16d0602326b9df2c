"""A member's AI footprint: which rows of their data export a policy would train on.

The export carries no consent history, so the preview assumes none: the region rule's
default (or the member's stated choice, taken as made at T), with the policy's notice taken
as delivered at the rule's effective date. The decision is the policy engine's own
(`consentgate.policy.decide_record`), the text the redactor's own; the profile's text is
the dataset's profile form (`network.profile_text.flatten_profile`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from consentgate.network.archive import ArchiveRow, ExportArchive
from consentgate.policy import Policy, Record, decide_record
from consentgate.policy.rules import is_adult_on
from consentgate.redact import Redactor

NOT_CONTENT = "not_content"
ARCHIVE_MEMBER = "archive"


@dataclass(frozen=True, slots=True)
class AssumedEvent:
    """An event the preview assumes (the notice, a stated choice): what the rules read."""

    event_id: str
    at: dt.datetime
    type: str
    value: Any = None
    policy_version: str | None = None


@dataclass(frozen=True, slots=True)
class AssumedMember:
    """The member as the preview takes them, and where each fact came from."""

    name: str
    country: str | None
    country_from: str
    birth_date: dt.date | None
    birth_date_from: str
    created_at: dt.datetime
    policy: str
    as_of: dt.datetime
    choice: bool | None
    choice_from: str
    notice_delivered_at: dt.datetime | None

    @property
    def member_id(self) -> str:
        return ARCHIVE_MEMBER

    @property
    def rules_birth_date(self) -> dt.date:
        """What the age rules read: an unknown birth date is taken as an adult's."""
        return self.birth_date or dt.date(1900, 1, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "country_from": self.country_from,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_date_from": self.birth_date_from,
            "adult": is_adult_on(self.rules_birth_date, self.as_of.date()),
            "created_at": self.created_at.isoformat(),
            "policy": self.policy,
            "as_of": self.as_of.isoformat(),
            "choice": self.choice,
            "choice_from": self.choice_from,
            "notice_delivered_at": (
                self.notice_delivered_at.isoformat() if self.notice_delivered_at else None
            ),
        }


@dataclass(frozen=True, slots=True)
class _RulesMember:
    member_id: str
    country: str | None
    birth_date: dt.date
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FootprintRecord:
    """One data row: its kind (None when no kind of ours), used or why not, redacted text."""

    source: str
    row: int
    kind: str | None
    used: bool
    reason: str | None
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source, "row": self.row, "kind": self.kind,
            "used": self.used, "reason": self.reason,
        }  # fmt: skip
        if self.used:
            out["text"] = self.text
        return out


@dataclass(slots=True)
class Footprint:
    """The whole answer: the member assumed, a record per data row, counts per file."""

    member: AssumedMember
    records: list[FootprintRecord] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.member.as_dict(),
            "records": [r.as_dict() for r in self.records],
            "counts": self.counts,
            "unknown_files": self.unknown_files,
        }


def assume_member(
    archive: ExportArchive,
    policy: Policy,
    as_of: dt.datetime,
    country: str | None = None,
    birth_date: dt.date | None = None,
    choice: bool | None = None,
) -> AssumedMember:
    """The member of the archive, the options given winning over what the profile says."""
    facts = archive.profile
    code = country.upper() if country else facts.country
    dates = [r.created_at for r in archive.rows if r.created_at is not None]
    created = facts.registered_at or min(dates, default=as_of)
    rule = policy.rule_for(code)
    born = birth_date or facts.birth_date
    return AssumedMember(
        name=facts.name,
        country=code,
        country_from="option" if country else ("profile" if code else "unknown"),
        birth_date=born,
        birth_date_from="option" if birth_date else ("profile" if born else "unknown, an adult"),
        created_at=min(created, as_of),
        policy=policy.id,
        as_of=as_of,
        choice=choice if choice is not None else (rule.default if rule else None),
        choice_from="option" if choice is not None else "region default",
        notice_delivered_at=rule.effective_from if rule and rule.notice_period else None,
    )


def assumed_events(member: AssumedMember, policy: Policy) -> list[AssumedEvent]:
    """The notice at the rule's effective date; a stated choice as a setting made at T."""
    events: list[AssumedEvent] = []
    if member.notice_delivered_at is not None:
        at = member.notice_delivered_at
        events.append(AssumedEvent("notice", at, "notice_delivered", None, policy.id))
    if member.choice_from == "option":
        events.append(AssumedEvent("choice", member.as_of, "ai_training_setting", member.choice))
    return events


def _decide(row: ArchiveRow, member: AssumedMember, events: list[AssumedEvent],
            policy: Policy) -> tuple[str | None, str | None]:  # fmt: skip
    """The row's kind and the reason it is not used (None: used)."""
    spec = row.spec
    if spec.role == "not_content":
        return None, NOT_CONTENT
    if spec.role == "never":
        return None, "kind_excluded"
    assert spec.kind is not None
    if not row.text.strip():  # a repost without words of the member's own, an empty field
        return spec.kind, NOT_CONTENT
    is_profile = spec.kind == "profile"
    record = Record(f"{row.source}:{row.row}", ARCHIVE_MEMBER, spec.kind, row.visibility,
                    row.created_at or member.as_of, is_profile)  # fmt: skip
    # An unknown country stays None: no region rule covers it (never the `*` rule).
    rules_member = _RulesMember(ARCHIVE_MEMBER, member.country, member.rules_birth_date,
                                member.created_at)  # fmt: skip
    reason = decide_record(
        record,
        rules_member,  # type: ignore[arg-type]
        events,
        policy,
        member.as_of,
    )
    return spec.kind, None if reason is None else str(reason)


def footprint(
    archive: ExportArchive,
    policy: Policy,
    as_of: dt.datetime,
    *,
    country: str | None = None,
    birth_date: dt.date | None = None,
    choice: bool | None = None,
    redactor: Redactor | None = None,
) -> Footprint:
    """Decide every row of the archive under `policy` at `as_of` and redact what is used."""
    member = assume_member(archive, policy, as_of, country, birth_date, choice)
    events = assumed_events(member, policy)
    decided = [(row, *_decide(row, member, events, policy)) for row in archive.rows]
    used_rows = [row for row, _kind, reason in decided if reason is None]
    if redactor is None:
        names = [member.name, *archive.other_names] if member.name else archive.other_names
        redactor = Redactor(names)
    texts = redactor.redact_many([row.text for row in used_rows])
    redacted = {(row.source, row.row): r.text for row, r in zip(used_rows, texts, strict=True)}
    out = Footprint(member, unknown_files=sorted(archive.unknown_files))
    out.counts = {source: {"rows": rows, "used": 0} for source, rows in archive.sources.items()}
    for row, kind, reason in decided:
        text = redacted.get((row.source, row.row))
        out.records.append(FootprintRecord(row.source, row.row, kind, reason is None, reason, text))
        if reason is None:
            out.counts[row.source]["used"] += 1
    return out
