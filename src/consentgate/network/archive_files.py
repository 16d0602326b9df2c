"""What each file of a member's data export ("Get a copy of your data") holds, as data.

One `FileSpec` per known file: where it sits in the zip (a pattern on its path, so an export
nested in a folder is found), its role (content of one of our kinds, profile, never used,
or not content), the columns it needs, where its date, text, visibility and the names of
other people are. docs/network.md ("The member data export") is the same table for a
reader. Column names are matched without regard to case or order: the network's export
versions differ.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from consentgate.network.profile_text import flatten_profile

Role = Literal["content", "profile", "never", "not_content"]
Row = Mapping[str, str]  # a data row, keyed by the lower-cased, trimmed column name
TextOf = Callable[[Row], str]

# The dates the exports carry, tried in this order (US month-first for `3/4/25, 10:00 AM`).
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S UTC",  # Shares.csv, Comments.csv: 2025-06-02 08:14:51 UTC
    "%Y/%m/%d %H:%M:%S UTC",  # messages.csv: 2024/05/03 10:11:12 UTC
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",  # articles: Created on 2021-03-01 12:00
    "%Y-%m-%d",
    "%m/%d/%y, %I:%M %p",  # Invitations.csv: 3/4/25, 10:00 AM
    "%m/%d/%Y, %I:%M %p",
    "%b %d, %Y",  # Profile.csv birth date: Mar 14, 1988
    "%d %b %Y",  # Connections.csv: 7 Mar 2019
    "%b %Y",  # Positions.csv: Jan 2020
    "%Y",
)


def parse_export_date(value: str) -> dt.datetime | None:
    """An export's date as an aware UTC instant; None when empty or in no known form.

    A birth date without its year (`Mar 14`, what a member who hid the year exports) is None.
    """
    text = " ".join(value.split())
    if not text:
        return None
    for form in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return parsed.replace(tzinfo=dt.UTC)
    return None


def cell(row: Row, *columns: str) -> str:
    """The first non-blank value among `columns` (names in any case), trimmed; "" if none."""
    for column in columns:
        value = row.get(column.lower(), "")
        if value and value.strip():
            return value.strip()
    return ""


def _lines(pairs: list[tuple[str, str]]) -> str:
    """The texts of flatten_profile's records for one row, one a line."""
    return "\n".join(text for _record_id, text in pairs)


def _profile_text(row: Row) -> str:
    headline, summary = cell(row, "Headline"), cell(row, "Summary")
    location = cell(row, "Geo Location", "Location")
    return _lines(flatten_profile("-", headline, summary, location, None, None, None))


def _position_text(row: Row) -> str:
    position = {
        "title": cell(row, "Title"),
        "company": cell(row, "Company Name", "Company"),
        "description": cell(row, "Description"),
    }
    return _lines(flatten_profile("-", None, None, None, [position], None, None))


def _education_text(row: Row) -> str:
    school = {"degree": cell(row, "Degree Name", "Degree"), "field": cell(row, "Field Of Study"),
              "school": cell(row, "School Name", "School")}  # fmt: skip
    return _lines(flatten_profile("-", None, None, None, None, [school], None))


def _skill_text(row: Row) -> str:
    return _lines(flatten_profile("-", None, None, None, None, None, [cell(row, "Name")]))


def _joined(*columns: str, sep: str = " — ") -> TextOf:
    def text_of(row: Row) -> str:
        return sep.join(v for v in (cell(row, c) for c in columns) if v)

    return text_of


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One kind of file in the export and how its rows become records.

    `kind`: our content kind (`profile` for profile files; None when the rows are no kind of
    ours). `text`: how a row becomes the text a build would redact (None: never shown).
    `names`: columns that name other people (first, last), fed to the redactor's member
    names. `visibility`: column and mapping; absent column -> `default_visibility`.
    `escape`: the file writes quotes inside quoted fields as `\\"` (Comments.csv).
    """

    label: str
    pattern: str
    role: Role
    kind: str | None = None
    required: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    text: TextOf | None = None
    names: tuple[tuple[str, str], ...] = ()
    default_visibility: str | None = None
    visibility_column: str | None = None
    escape: bool = False

    def matches(self, path: str) -> bool:
        return re.search(self.pattern, path.lower()) is not None


# Visibility words of Shares.csv's `Visibility` column (and the older export's values).
VISIBILITY_WORDS = {
    "public": "public", "anyone": "public", "member_network": "connections",
    "connections": "connections", "connections_only": "connections", "private": "private",
}  # fmt: skip


def _spec(label: str, role: Role, **kw: object) -> FileSpec:
    name = re.escape(label.lower())
    return FileSpec(label, rf"(^|/){name}$", role, **kw)  # type: ignore[arg-type]


PERSON = (("First Name", "Last Name"),)

FILE_SPECS: tuple[FileSpec, ...] = (
    _spec(
        "Profile.csv",
        "profile",
        kind="profile",
        required=("First Name", "Last Name"),
        text=_profile_text,
    ),
    _spec(
        "Positions.csv",
        "profile",
        kind="profile",
        required=("Company Name", "Title"),
        date=("Started On",),
        text=_position_text,
    ),
    _spec(
        "Education.csv",
        "profile",
        kind="profile",
        required=("School Name",),
        date=("Start Date",),
        text=_education_text,
    ),
    _spec("Skills.csv", "profile", kind="profile", required=("Name",), text=_skill_text),
    _spec(
        "Certifications.csv",
        "profile",
        kind="profile",
        required=("Name",),
        date=("Started On",),
        text=_joined("Name", "Authority"),
    ),
    _spec(
        "Languages.csv",
        "profile",
        kind="profile",
        required=("Name",),
        text=_joined("Name", "Proficiency", sep=", "),
    ),
    _spec(
        "Projects.csv",
        "profile",
        kind="profile",
        required=("Title",),
        date=("Started On",),
        text=_joined("Title", "Description", sep=": "),
    ),
    _spec(
        "Recommendations_Received.csv",
        "profile",
        kind="profile",
        required=("Text",),
        date=("Creation Date",),
        text=_joined("Text"),
        names=PERSON,
    ),
    _spec(
        "Endorsement_Received_Info.csv",
        "profile",
        kind="profile",
        required=("Skill Name",),
        date=("Endorsement Date",),
        text=_joined("Skill Name"),
        names=(("Endorser First Name", "Endorser Last Name"),),
    ),
    _spec(
        "Shares.csv",
        "content",
        kind="post",
        required=("ShareCommentary",),
        date=("Date",),
        text=_joined("ShareCommentary"),
        default_visibility="public",
        visibility_column="Visibility",
    ),
    _spec(
        "Comments.csv",
        "content",
        kind="comment",
        required=("Message",),
        date=("Date",),
        text=_joined("Message"),
        default_visibility="public",
        escape=True,
    ),
    FileSpec(
        "Articles/*.html",
        r"(^|/)articles/(.+/)?[^/]+\.html?$",
        "content",
        kind="article",
        default_visibility="public",
    ),
    _spec(
        "messages.csv",
        "content",
        kind="private_message",
        required=("CONTENT",),
        date=("DATE",),
        text=_joined("SUBJECT", "CONTENT", sep="\n"),
        names=(("FROM", ""), ("TO", "")),
    ),
    FileSpec(
        "Jobs/*.csv",
        r"(^|/)jobs/(.+/)?[^/]+\.csv$",
        "never",
        date=("Application Date", "Saved Date"),
    ),
    _spec(
        "Connections.csv",
        "not_content",
        required=("First Name", "Last Name"),
        date=("Connected On",),
        names=PERSON,
    ),
    _spec(
        "Invitations.csv",
        "not_content",
        required=("From", "To"),
        date=("Sent At",),
        names=(("From", ""), ("To", "")),
    ),
    _spec("Email Addresses.csv", "not_content", required=("Email Address",)),
    _spec("PhoneNumbers.csv", "not_content", required=("Number",)),
    _spec("Registration.csv", "not_content", required=("Registered At",), date=("Registered At",)),
    _spec("Reactions.csv", "not_content", required=("Type",), date=("Date",)),
    _spec(
        "Recommendations_Given.csv",
        "not_content",
        required=("Text",),
        date=("Creation Date",),
        names=PERSON,
    ),
    _spec("Company Follows.csv", "not_content", required=("Organization",)),
    _spec("Member_Follows.csv", "not_content", required=("FullName",)),
    _spec("Receipts.csv", "not_content", required=("Transaction Made At",)),
    _spec("Logins.csv", "not_content", required=("Login Date",)),
    _spec("SearchQueries.csv", "not_content", required=("Search Query",)),
    _spec("Ad_Targeting.csv", "not_content"),
    _spec("Learning.csv", "not_content"),
    _spec("Rich_Media.csv", "not_content"),
)


def spec_for(path: str) -> FileSpec | None:
    """The spec of a file in the zip (its path inside it), None for a file we do not know."""
    return next((spec for spec in FILE_SPECS if spec.matches(path)), None)
