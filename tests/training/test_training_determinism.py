"""Same shard data, config and seed give bit-identical weights; shards reuse and exactness."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from train_helpers import corpus, shard_of_member, write
from transformers import GPT2LMHeadModel

from consentgate.assistant.generate import generate
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
    assert _shas(scratch.path) == after  # bit-identical adapters, as if never trained on them
    # what was retrained is a LoRA adapter on the shared base (its digest in the manifest)
    assert child.manifest["base"] == parent.manifest["base"]
    keys = safe_open(str(child.path / f"shard-{affected:04d}.safetensors"), "pt").keys()
    assert keys and all("lora_A" in k or "lora_B" in k for k in keys)


def _tiny_llama(directory: Path) -> None:
    """A random Llama-architecture causal LM and its own BPE tokenizer, saved the Hugging
    Face way: any local causal LM directory can be a base."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=320, special_tokens=["<s>", "</s>"], show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )  # fmt: skip
    tok.train_from_iterator(["a small test corpus of words"] * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>")
    fast.save_pretrained(directory)
    torch.manual_seed(7)
    config = LlamaConfig(
        vocab_size=len(fast), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=64,
        bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id,
    )  # fmt: skip
    LlamaForCausalLM(config).save_pretrained(directory)


def test_any_local_causal_lm_with_its_tokenizer_can_be_the_base(
    sqlite_workspace: Workspace, fast_config: TrainConfig, tmp_path: Path
) -> None:
    base = tmp_path / "llama"
    _tiny_llama(base)
    write(sqlite_workspace, "d1", corpus(members=4))
    one = train_model(sqlite_workspace, "d1", fast_config, base=base, workers=1)
    two = train_model(sqlite_workspace, "d1", fast_config, base=base, workers=1)
    assert one.manifest["base"]["sha256"] and _shas(one.path) == _shas(two.path)
    assert "vocab 279" in one.manifest["tokenizer"]  # the base's own tokenizer
    keys = safe_open(str(next(one.path.glob("shard-*"))), "pt").keys()
    assert keys and all("lora_" in k for k in keys)  # the shard's part is its adapter only
    text = generate(sqlite_workspace, "post", "a small", max_new_tokens=5).text
    assert text.startswith("a small")
    with pytest.raises(ModelError, match="expected a directory with config.json"):
        train_model(sqlite_workspace, "d1", fast_config, base=tmp_path / "nothing")
    torch.manual_seed(1)
    GPT2LMHeadModel(gpt2_config(fast_config)).save_pretrained(tmp_path / "no-tokenizer")
    with pytest.raises(ModelError, match="no-tokenizer: no usable tokenizer"):
        train_model(sqlite_workspace, "d1", fast_config, base=tmp_path / "no-tokenizer")
