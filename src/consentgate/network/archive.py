"""Read a member's data export (the zip of "Get a copy of your data") into rows.

Read in memory, never extracted to disk. What the real archives do and this reader takes:
UTF-8 with or without a BOM; a `Notes:` preamble and a blank line before the header row
(Connections.csv); quoted fields over several lines; quotes written `\\"` in Comments.csv;
the dates of `archive_files.DATE_FORMATS`; missing, empty or extra files; columns in any
order or case; the whole export inside a folder. What is not an export is refused with one
line (`ArchiveError`) naming the file and, for a bad CSV, the line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from consentgate.errors import ArchiveError
from consentgate.network.archive_files import (
    FILE_SPECS,
    VISIBILITY_WORDS,
    FileSpec,
    cell,
    parse_export_date,
)
from consentgate.network.countries import country_code

# A data export is a few MB; these bound what a crafted zip can make us decompress.
MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveRow:
    """One data row of a known file: its place, its text (what a build would redact), date."""

    source: str
    row: int
    spec: FileSpec
    text: str
    created_at: dt.datetime | None
    visibility: str | None


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    """What the export says of its member: name, birth date, country, registration."""

    name: str = ""
    birth_date: dt.date | None = None
    country: str | None = None
    location: str = ""
    registered_at: dt.datetime | None = None


@dataclass(slots=True)
class ExportArchive:
    """The rows of every known file, the row count of each, the files we do not know."""

    rows: list[ArchiveRow] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    unknown_files: list[str] = field(default_factory=list)
    profile: ProfileFacts = field(default_factory=ProfileFacts)
    other_names: list[str] = field(default_factory=list)


def read_export(data: bytes | Path, name: str | None = None) -> ExportArchive:
    """The export in `data` (bytes or a file path); `name` labels errors (default: the path)."""
    label = name or (str(data) if isinstance(data, Path) else "upload")
    try:
        source: io.BytesIO | Path = io.BytesIO(data) if isinstance(data, bytes) else data
        with zipfile.ZipFile(source) as archive:
            return _read_zip(archive, label)
    except FileNotFoundError:
        raise ArchiveError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise ArchiveError(f"{label}: is a folder, not a zip file") from None
    except zipfile.BadZipFile:
        raise ArchiveError(
            f"{label}: not a zip file (a data export is the .zip the network sends)"
        ) from None


def _entries(archive: zipfile.ZipFile, label: str) -> list[zipfile.ZipInfo]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(f"{label}: {len(infos)} files; a data export has far fewer")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise ArchiveError(f"{label}: more than {MAX_UNCOMPRESSED >> 20} MB once unpacked")
    # macOS adds __MACOSX/ and .DS_Store when a member re-zips the folder: not data.
    return [i for i in infos if "__macosx/" not in i.filename.lower()
            and not i.filename.rsplit("/", 1)[-1].startswith(".")]  # fmt: skip


def _read_zip(archive: zipfile.ZipFile, label: str) -> ExportArchive:
    out = ExportArchive()
    known: list[tuple[zipfile.ZipInfo, FileSpec]] = []
    for info in _entries(archive, label):
        spec = next((s for s in FILE_SPECS if s.matches(info.filename)), None)
        if spec is None:
            out.unknown_files.append(info.filename)
        else:
            known.append((info, spec))
    if not known:
        raise ArchiveError(
            f"{label}: not a member data export (no Profile.csv, Shares.csv, Comments.csv, "
            "messages.csv or other file of one)"
        )
    names: list[str] = []
    for info, spec in sorted(known, key=lambda pair: pair[0].filename):
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise ArchiveError(f"{label}: {info.filename}: cannot be read ({exc})") from None
        text = _decode(raw, f"{label}: {info.filename}")
        if spec.role == "content" and spec.text is None:  # an article page
            rows = [_article_row(info.filename, spec, text)]
            out.sources[info.filename] = 1
        else:
            table = _table(text, spec, f"{label}: {info.filename}")
            rows = [_row(info.filename, n, spec, r) for n, r in enumerate(table, start=1)]
            out.sources[info.filename] = len(table)
            names.extend(_names(spec, table))
            _read_facts(out, spec, table)
        out.rows.extend(rows)
    out.other_names = sorted({n for n in names if n and n != out.profile.name})
    return out


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def _is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def _table(text: str, spec: FileSpec, where: str) -> list[dict[str, str]]:
    """The data rows of one CSV as dicts keyed by lower-cased column names."""
    reader = csv.reader(
        io.StringIO(text, newline=""), escapechar="\\" if spec.escape else None, strict=True
    )
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ArchiveError(f"{where}: line {reader.line_num}: not valid CSV ({exc})") from None
    start = 0
    if rows and rows[0] and rows[0][0].strip().lower().startswith("notes:"):
        # The preamble ends at its first blank line.
        start = next((i for i, r in enumerate(rows) if _is_blank(r)), len(rows))
    wanted = {c.lower() for c in spec.required}
    header_at = next(
        (i for i in range(start, len(rows)) if not _is_blank(rows[i])
         and wanted <= {c.strip().lower() for c in rows[i]}),
        None,
    )  # fmt: skip
    if header_at is None:
        if any(not _is_blank(r) for r in rows[start:]):
            needed = ", ".join(spec.required)
            raise ArchiveError(f"{where}: no header row with the columns {needed}")
        return []  # an empty file: no rows
    header = [c.strip().lower() for c in rows[header_at]]
    return [
        {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        for values in rows[header_at + 1 :]
        if not _is_blank(values)
    ]


def _row(source: str, number: int, spec: FileSpec, values: dict[str, str]) -> ArchiveRow:
    created = None
    for column in spec.date:
        created = parse_export_date(cell(values, column))
        if created is not None:
            break
    visibility = spec.default_visibility
    if spec.visibility_column and cell(values, spec.visibility_column):
        word = cell(values, spec.visibility_column).lower().replace(" ", "_")
        visibility = VISIBILITY_WORDS.get(word, word)
    text = spec.text(values) if spec.text is not None else ""
    return ArchiveRow(source, number, spec, text, created, visibility)


class _ArticleText(HTMLParser):
    """The visible text of an exported article page, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "head"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


_ARTICLE_DATE = re.compile(r"^(?:Created|Published) on (.+)$", re.IGNORECASE)


def _article_row(source: str, spec: FileSpec, html: str) -> ArchiveRow:
    parser = _ArticleText()
    parser.feed(html)
    created = None
    lines: list[str] = []
    for part in parser.parts:
        found = _ARTICLE_DATE.match(part)
        if found:
            created = created or parse_export_date(found.group(1))
        else:
            lines.append(part)
    return ArchiveRow(source, 1, spec, "\n".join(lines), created, spec.default_visibility)


def _names(spec: FileSpec, table: list[dict[str, str]]) -> list[str]:
    """Other people's names in the file (connections, endorsers...), for the redactor."""
    return [
        " ".join(p for p in (cell(row, first), cell(row, last) if last else "") if p)
        for row in table
        for first, last in spec.names
    ]


def _read_facts(out: ExportArchive, spec: FileSpec, table: list[dict[str, str]]) -> None:
    if not table:
        return
    first = table[0]
    if spec.label == "Profile.csv":
        born = parse_export_date(cell(first, "Birth Date"))
        location = cell(first, "Geo Location", "Location", "Country")
        out.profile = ProfileFacts(
            name=" ".join(p for p in (cell(first, "First Name"), cell(first, "Last Name")) if p),
            birth_date=born.date() if born else None,
            country=country_code(location),
            location=location,
            registered_at=out.profile.registered_at,
        )
    elif spec.label == "Registration.csv":
        registered = parse_export_date(cell(first, "Registered At"))
        out.profile = replace(out.profile, registered_at=registered)
