"""The data-export importer and `consentgate footprint`: one generated archive per quirk,
the CLI's JSON shape, one clear line for what is not an export, and a property test."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consentgate.cli import main
from consentgate.errors import ArchiveError
from consentgate.network.archive import read_export
from consentgate.network.archive_files import parse_export_date
from consentgate.network.archive_synth import (
    ALL_QUIRKS,
    OPTIONAL_FILES,
    Quirks,
    SynthExport,
    synth_export,
)
from consentgate.network.footprint import Footprint, footprint
from consentgate.policy import load_policy
from consentgate.redact import Redactor

AFTER_NOTICE = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
POLICY = load_policy("linkedin-2025")


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def _footprint(made: SynthExport, redactor: Redactor | None = None, **kw: object) -> Footprint:
    archive = read_export(made.data)
    if redactor is not None:  # the archive's names, as footprint() would give them
        names = [archive.profile.name, *archive.other_names]
        redactor = Redactor([n for n in names if n])
    return footprint(archive, POLICY, AFTER_NOTICE, redactor=redactor, **kw)  # type: ignore[arg-type]


def _check(made: SynthExport, answer: Footprint) -> None:
    """The counts are the generator's; no never-used text or clear PII is shown."""
    assert {s: c["rows"] for s, c in answer.counts.items()} == made.rows
    assert {s: c["used"] for s, c in answer.counts.items()} == made.used
    assert answer.unknown_files == sorted(made.unknown_files)
    shown = [r.text or "" for r in answer.records]
    for text in shown:
        for secret in made.never_texts:
            assert secret not in text
        for value in made.pii:
            assert value.lower() not in text.lower(), (value, text)
    for record in answer.records:
        assert (record.text is not None) == record.used


@pytest.mark.parametrize("quirk", ALL_QUIRKS)
def test_each_quirk_gives_the_right_rows(quirk: str, redactor: Redactor) -> None:
    made = synth_export(7, Quirks(on=frozenset({quirk})))
    answer = _footprint(made, redactor)
    _check(made, answer)
    assert answer.member.name and answer.member.country == "FR"
    assert answer.member.birth_date == dt.date(1988, 3, 14)


def test_quirks_keep_their_content(redactor: Redactor) -> None:
    """Multi-line fields stay whole, `\\"` is a quote, the preamble is not a row."""
    made = synth_export(7, Quirks(on=frozenset({"multiline", "escaped_quotes", "notes", "bom"})))
    answer = _footprint(made, redactor)
    texts = {r.source: r.text for r in answer.records if r.used}
    assert "\n\n#data #privacy" in texts["Shares.csv"]
    assert texts["Comments.csv"].startswith('Je dirais "bravo" ')
    assert "\nÉquipe de 6." in texts["Positions.csv"]
    assert answer.counts["Connections.csv"]["rows"] == made.rows["Connections.csv"] > 0


def test_subfolder_and_extra_files_are_found_and_listed(redactor: Redactor) -> None:
    made = synth_export(2, Quirks(on=frozenset({"subfolder", "extra"})))
    answer = _footprint(made, redactor)
    _check(made, answer)
    assert all(s.startswith("Basic_LinkedInDataExport_") for s in answer.counts)
    assert any(f.endswith("README.txt") for f in answer.unknown_files)


@pytest.mark.parametrize("label", ["Profile.csv", "Shares.csv", "messages.csv", "Articles"])
def test_missing_and_empty_files(label: str, redactor: Redactor) -> None:
    missing = synth_export(4, Quirks(missing=frozenset({label})))
    answer = _footprint(missing, redactor, country="FR")
    _check(missing, answer)
    assert not any(s == label or s.startswith(label + "/") for s in answer.counts)
    if label != "Articles":
        empty = synth_export(4, Quirks(empty=frozenset({label})))
        answer = _footprint(empty, redactor, country="FR")
        _check(empty, answer)
        assert answer.counts[label] == {"rows": 0, "used": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 14, 1988", dt.datetime(1988, 3, 14, tzinfo=dt.UTC)),
        ("2025-06-02 08:14:51 UTC", dt.datetime(2025, 6, 2, 8, 14, 51, tzinfo=dt.UTC)),
        ("2024/05/03 10:11:12 UTC", dt.datetime(2024, 5, 3, 10, 11, 12, tzinfo=dt.UTC)),
        ("3/4/25, 10:00 AM", dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)),
        ("7 Mar 2019", dt.datetime(2019, 3, 7, tzinfo=dt.UTC)),
        ("Jan 2020", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("Mar 14", None),
        ("", None),
        ("soon", None),
    ],
)
def test_export_dates(text: str, expected: dt.datetime | None) -> None:
    assert parse_export_date(text) == expected


def test_policy_decides_each_row(redactor: Redactor) -> None:
    made = synth_export(5)
    by_file = {r.source: r for r in _footprint(made, redactor).records}
    assert (by_file["messages.csv"].kind, by_file["messages.csv"].reason) == (
        "private_message", "kind_excluded")  # fmt: skip
    assert by_file["Connections.csv"].kind is None
    assert by_file["Connections.csv"].reason == "not_content"
    assert by_file["Jobs/Job Applications.csv"].reason == "kind_excluded"
    before_notice = footprint(read_export(made.data), POLICY, dt.datetime(2025, 11, 20,
                              tzinfo=dt.UTC), redactor=redactor)  # fmt: skip
    assert {r.reason for r in before_notice.records if r.kind == "profile"} == {"no_notice"}
    said_no = _footprint(made, redactor, choice=False)
    assert not any(r.used for r in said_no.records)
    minor = _footprint(made, redactor, birth_date=dt.date(2010, 1, 1))
    assert {r.reason for r in minor.records if r.kind == "profile"} == {"minor"}
    unknown = _footprint(made, redactor, country="US")
    assert unknown.member.country_from == "option"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "upload: not a zip file"),
        (_zip({"holiday/photo.jpg": b"\xff\xd8"}), "upload: not a member data export"),
        (
            _zip({"Shares.csv": b"Date,Link\n2025-01-01,x\n"}),
            "upload: Shares.csv: no header row with the columns ShareCommentary",
        ),
        (
            _zip({"Comments.csv": b"Date,Link,Message\n\xff\xfe\n"}),
            "upload: Comments.csv: not UTF-8 text",
        ),
        (
            _zip({"Shares.csv": b'Date,ShareCommentary\n2025,"open\n'}),
            "upload: Shares.csv: line 2: not valid CSV",
        ),
    ],
)
def test_not_an_export_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        read_export(data)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_cli_json_shape_needs_no_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = synth_export(9, Quirks(on=frozenset({"extra"})))
    path = tmp_path / "export.zip"
    path.write_bytes(made.data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONSENTGATE_HOME", raising=False)
    args = ["footprint", str(path), "--as-of", "2026-01-15T00:00:00Z", "--json"]
    assert main([*args, "--country", "fr", "--choice", "yes"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"member", "records", "counts", "unknown_files"}
    assert out["member"]["choice"] is True and out["member"]["choice_from"] == "option"
    assert out["member"]["country"] == "FR" and out["member"]["country_from"] == "option"
    for record in out["records"]:
        keys = {"source", "row", "kind", "used", "reason"} | ({"text"} if record["used"] else set())
        assert set(record) == keys
    assert sum(len([r for r in out["records"] if r["source"] == s]) for s in out["counts"]) == len(
        out["records"])  # fmt: skip
    assert {s: c["rows"] for s, c in out["counts"].items()} == made.rows
    assert out["unknown_files"] == sorted(made.unknown_files)
    assert not (tmp_path / "consentgate-home").exists()
    assert main([*args[:2], "--birth-date", "14/03/1988"]) == 1
    assert (
        capsys.readouterr().err == "error: --birth-date: '14/03/1988' is not a date (YYYY-MM-DD)\n"
    )
    (tmp_path / "notes.zip").write_bytes(_zip({"notes.txt": b"hello"}))
    assert main(["footprint", str(tmp_path / "notes.zip")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "not a member data export" in err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    on=st.sets(st.sampled_from(ALL_QUIRKS)),
    missing=st.sets(st.sampled_from(OPTIONAL_FILES), max_size=4),
    empty=st.sets(st.sampled_from(OPTIONAL_FILES[:-1]), max_size=3),
)
def test_random_quirks_right_counts_nothing_leaks(
    seed: int, on: set[str], missing: set[str], empty: set[str]
) -> None:
    made = synth_export(seed, Quirks(frozenset(on), frozenset(missing), frozenset(empty - missing)))
    if not made.rows:
        return
    _check(made, _footprint(made, Redactor(), country="FR"))
