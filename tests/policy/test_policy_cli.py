"""`consentgate policy list|show|check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentgate.cli import main


def test_list_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "policy", "list"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == [
        "linkedin-2024",
        "linkedin-2025",
        "privacy-by-default",
    ]
    assert main(["--home", str(tmp_path), "policy", "show", "linkedin-2025"]) == 0
    out = capsys.readouterr().out
    assert "EEA, CH, GB" in out and "notice 30 days" in out and "from 2025-11-03 00:00 UTC" in out
    assert main(["--home", str(tmp_path), "policy", "show", "linkedin-2024"]) == 0
    assert "not covered: EEA, CA, CH, GB, HK" in capsys.readouterr().out


def test_check_ok_and_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        'id = "g"\nkinds = ["post"]\n[[rules]]\nregions = ["*"]\n'
        "effective_from = 2025-01-01\ndefault = false\n"
    )
    assert main(["--home", str(tmp_path), "policy", "check", str(good)]) == 0
    assert "ok (policy g, 1 rule(s))" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "b"\nkinds = ["post", "salary"]\n[[rules]]\nregions = ["XX1"]\n')
    assert main(["--home", str(tmp_path), "policy", "check", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{bad}:2: kind 'salary' can never be used for training"
    assert out[1].startswith(f"{bad}:3: rules[1]: missing key: effective_from")
    assert out[-1] == f"4 problem(s) in {bad}"


def test_bad_policy_name_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "policy", "show", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown policy 'nope'") and err.count("\n") == 1
