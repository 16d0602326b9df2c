"""Same shard data, config and seed give bit-identical weights; shards reuse and exactness."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from train_helpers import corpus, shard_of_member, write
from transformers import GPT2LMHeadModel

from consentgate.errors import ModelError
from consentgate.training import TrainConfig, train_model
from consentgate.training.registry import list_models
from consentgate.training.trainer import gpt2_config
from consentgate.workspace import Workspace


def _shas(model_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(model_path.glob("shard-*.safetensors"))}


def test_same_data_config_seed_give_bit_identical_weights(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    write(sqlite_workspace, "d1", corpus())
    first = train_model(sqlite_workspace, "d1", fast_config, seed=7, workers=1)
    second = train_model(sqlite_workspace, "d1", fast_config, seed=7, workers=1)
    assert first.version != second.version
    assert _shas(first.path) == _shas(second.path)
    assert len(_shas(first.path)) == 4
    hashes = [s["sha256"] for s in first.manifest["shards"]]
    assert hashes == [s["sha256"] for s in second.manifest["shards"]]
    other_seed = train_model(sqlite_workspace, "d1", fast_config, seed=8, workers=1)
    assert [s["sha256"] for s in other_seed.manifest["shards"]] != hashes


def test_parallel_workers_match_serial_training(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    write(sqlite_workspace, "d1", corpus(members=6))
    serial = train_model(sqlite_workspace, "d1", fast_config, workers=1)
    parallel = train_model(sqlite_workspace, "d1", fast_config, workers=2)
    assert _shas(serial.path) == _shas(parallel.path)


def test_manifest_records_lineage_metrics_and_card(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    write(sqlite_workspace, "d1", corpus())
    model = train_model(sqlite_workspace, "d1", fast_config, workers=1)
    m = model.manifest
    assert m["dataset_version"] == "d1" and m["parent_model"] is None
    assert m["config"]["n_layer"] == 2 and m["seed"] == 0
    for entry in m["shards"]:
        assert len(entry["dataset_sha256"]) == 64 and len(entry["sha256"]) == 64
        assert entry["train_loss"] > 0 and entry["records_train"] > 0
    assert any(e["heldout_perplexity"] for e in m["shards"])
    card = (model.path / "MODEL_CARD.md").read_text()
    assert model.version in card and "d1" in card
    assert not [p for p in sqlite_workspace.models_dir.iterdir() if p.name.startswith(".tmp")]
    assert [x.version for x in list_models(sqlite_workspace)] == [model.version]


def test_retrain_with_parent_reuses_unchanged_shards_and_is_exact(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    rows = corpus()
    gone = "m000003"
    write(sqlite_workspace, "d1", rows)
    parent = train_model(sqlite_workspace, "d1", fast_config, workers=1)
    write(sqlite_workspace, "d2", [r for r in rows if r.member_id != gone], parent="d1")
    child = train_model(sqlite_workspace, "d2", fast_config, parent_model=parent.version, workers=1)
    affected = shard_of_member(sqlite_workspace, gone)
    assert child.manifest["retrained_shards"] == [affected]
    assert child.manifest["reused_shards"] == [s for s in range(4) if s != affected]
    before, after = _shas(parent.path), _shas(child.path)
    for name in before:
        assert (before[name] == after[name]) == (name != f"shard-{affected:04d}.safetensors")
    scratch = train_model(sqlite_workspace, "d2", fast_config, workers=1)
    assert _shas(scratch.path) == after


def test_base_checkpoint_starts_every_shard(
    sqlite_workspace: Workspace, fast_config: TrainConfig, tmp_path: Path
) -> None:
    torch.manual_seed(123)
    base = tmp_path / "base"
    GPT2LMHeadModel(gpt2_config(fast_config)).save_pretrained(base)
    write(sqlite_workspace, "d1", corpus(members=4))
    one = train_model(sqlite_workspace, "d1", fast_config, base=base, workers=1)
    two = train_model(sqlite_workspace, "d1", fast_config, base=base, workers=1)
    scratch = train_model(sqlite_workspace, "d1", fast_config, workers=1)
    assert one.manifest["base"]["sha256"] and _shas(one.path) == _shas(two.path)
    assert _shas(one.path) != _shas(scratch.path)
    with pytest.raises(ModelError, match="expected a directory with config.json"):
        train_model(sqlite_workspace, "d1", fast_config, base=tmp_path / "nothing")
