"""The train / models / generate CLI: real runs, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from train_helpers import corpus, write

from consentgate.cli import main
from consentgate.training.registry import load_model, record_audit
from consentgate.workspace import Workspace


def _cli(ws: Workspace, *args: str) -> int:
    return main(["--home", str(ws.home), "--database-url", ws.database_url, *args])


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "fast.json"
    path.write_text(json.dumps({"base": "tiny", "steps": 8, "batch_size": 2, "n_ctx": 32}))
    return path


def test_train_then_models_list_and_show(
    sqlite_workspace: Workspace, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(sqlite_workspace, "d1", corpus(members=4))
    args = ("train", "--dataset", "d1", "--config", str(config_file), "--workers", "1", "--json")
    assert _cli(sqlite_workspace, *args) == 0
    trained = json.loads(capsys.readouterr().out)
    assert Path(trained["path"], "model.json").is_file()
    assert _cli(sqlite_workspace, "models", "list") == 0
    assert trained["version"] in capsys.readouterr().out
    assert _cli(sqlite_workspace, "models", "show", trained["version"], "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["dataset_version"] == "d1" and shown["config"]["name"] == "fast"
    assert _cli(sqlite_workspace, "models", "show") == 0
    assert f"# Model card: {trained['version']}" in capsys.readouterr().out

    audit = {
        "created_at": "2026-01-01T00:00:00+00:00",
        "config": "tiny",
        "shards": 4,
        "candidates": 10_000,
        "max_exposure": 13.29,
        "canaries": [
            {"template": "my door code is <####>", "exposure_before": 11.0, "exposure_after": 0.5}
        ],
        "mean_before": 11.0,
        "mean_after": 0.5,
        "passed": True,
    }
    record_audit(load_model(sqlite_workspace, trained["version"]), audit)
    assert _cli(sqlite_workspace, "models", "show") == 0
    card = capsys.readouterr().out
    assert "| `my door code is <####>` | 11.00 | 0.50 |" in card and "PASS" in card


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("train",), "error: no dataset in"),
        (("train", "--dataset", "nope"), "error: unknown dataset version: 'nope'"),
        (("train", "--config", "huge"), "error: --config: 'huge' is neither a preset"),
        (("pretrain", "--config", "huge"), "error: --config: 'huge' is neither a preset"),
        (("train", "--device", "tpu"), "error: --device: unknown device 'tpu'"),
        (("train", "--base", "/nonexistent"), "error: --base /nonexistent: expected a directory"),
        (("models", "show", "v9"), "error: unknown model version: 'v9'"),
        (("generate", "hello"), "error: no model in"),
        (("forget",), "error: no model in"),
        (("report", "m404"), "error: unknown member: m404"),
    ],
)
def test_user_errors_are_one_line(
    sqlite_workspace: Workspace,
    args: tuple[str, ...],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _cli(sqlite_workspace, *args) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_config_file_errors_name_the_setting(tmp_path: Path) -> None:
    from consentgate.errors import ConfigError
    from consentgate.training.config import load_config

    bad = tmp_path / "bad.toml"
    bad.write_text('base = "tiny"\nlayers = 3\n')
    with pytest.raises(ConfigError, match="bad.toml: layers: unknown setting"):
        load_config(bad)
    bad.write_text('base = "tiny"\nsteps = "many"\n')
    with pytest.raises(ConfigError, match="steps: expected int"):
        load_config(bad)


def test_pretrain_then_generate_json_gives_text_tokens_and_provenance(
    sqlite_workspace: Workspace, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(sqlite_workspace, "pretrain", "--config", str(config_file), "--json") == 0
    base = json.loads(capsys.readouterr().out)
    assert Path(base["path"], "tokenizer.json").is_file() and len(base["sha256"]) == 64
    write(sqlite_workspace, "d1", corpus(members=4))
    args = ("train", "--dataset", "d1", "--config", str(config_file), "--workers", "1")
    assert _cli(sqlite_workspace, *args, "--device", "auto", "--json") == 0
    version = json.loads(capsys.readouterr().out)["version"]
    model = load_model(sqlite_workspace, version)
    assert model.manifest["base"]["sha256"] == base["sha256"]  # the same base, not retrained
    assert model.manifest["device"] == "cpu"  # auto: no GPU on the test machine
    card = (model.path / "MODEL_CARD.md").read_text()
    assert base["sha256"] in card
    for tokens in (1, 7):
        gen = ("generate", "data team", "--max-tokens", str(tokens), "--json")
        assert _cli(sqlite_workspace, *gen, "--temperature", "0") == 0
        out = json.loads(capsys.readouterr().out)
        assert out["text"].startswith("data team") and out["kind"] == "post"
        assert 1 <= out["tokens"] <= tokens
        assert out["provenance"]["model"] == version
        assert out["provenance"]["dataset"] == "d1"
        assert out["provenance"]["base_sha256"] == base["sha256"]
        assert "policy" in out["provenance"]
    assert _cli(sqlite_workspace, "generate", "x", "--max-tokens", "0") == 1
    assert "error: --max-tokens: must be at least 1" in capsys.readouterr().err
