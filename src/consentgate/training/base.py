"""The base model: pre-trained once on non-member text, shared by every shard's adapter.

`pretrain_base` generates the corpus (training.corpus, no member data), learns the BPE
vocabulary from it, and trains a GPT-2 on it; the directory it writes is a Hugging Face model
directory (config.json, model.safetensors, tokenizer files) plus base.json. Same config and
seed give the same files, byte for byte, so a deleted base is rebuilt identically; the
model card records the base's digest either way. `ensure_base` keeps one base per config in
the bases directory (settings `bases_dir`) and builds it only when it is missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.errors import ModelError
from consentgate.training.config import TrainConfig
from consentgate.training.corpus import CORPUS_VERSION, corpus
from consentgate.training.tokenizer import HFTokenizer, train_bpe
from consentgate.training.trainer import (
    deterministic_torch,
    gpt2_config,
    optimise,
    token_stream,
)

BASE_FILE = "base.json"
BASE_SEED = 0
BASE_FIELDS = (
    "n_layer", "n_head", "n_embd", "n_ctx", "vocab_size", "base_texts", "base_steps",
    "base_batch_size", "base_lr", "warmup_steps", "weight_decay",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BaseInfo:
    """A base model directory and the digest of its files (recorded in every model card)."""

    path: Path
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "sha256": self.sha256}


def base_spec(config: TrainConfig) -> dict[str, Any]:
    """What determines the base of a config (the adapter settings do not)."""
    import tokenizers
    import torch

    spec: dict[str, Any] = {k: getattr(config, k) for k in BASE_FIELDS}
    spec.update(corpus=CORPUS_VERSION, seed=BASE_SEED, torch=torch.__version__)
    spec["tokenizers"] = tokenizers.__version__
    return spec


def base_dir_name(config: TrainConfig) -> str:
    key = json.dumps(base_spec(config), sort_keys=True).encode()
    return f"base-{hashlib.sha256(key).hexdigest()[:16]}"


def describe(path: str | Path) -> BaseInfo:
    """Path and content hash of a local model directory (every file, by name)."""
    directory = Path(path)
    files = sorted(p for p in directory.glob("*") if p.is_file()) if directory.is_dir() else []
    if not (directory / "config.json").is_file() or not any(
        p.suffix == ".safetensors" for p in files
    ):
        raise ModelError(f"--base {path}: expected a directory with config.json and *.safetensors")
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return BaseInfo(directory.resolve(), digest.hexdigest())


def ensure_base(bases_dir: Path, config: TrainConfig, log: Any = None) -> BaseInfo:
    """The config's base in `bases_dir`, pre-trained first if it is not there yet."""
    target = bases_dir / base_dir_name(config)
    if (target / BASE_FILE).is_file():
        return describe(target)
    if log is not None:
        log(f"pre-training the base model once on non-member text -> {target}")
    pretrain_base(config, target)
    return describe(target)


def pretrain_base(config: TrainConfig, target: Path) -> dict[str, Any]:
    """Generate the corpus, learn the vocabulary, train the base; write `target` whole."""
    import torch

    started = time.perf_counter()
    texts = [f"[{kind}] {text}" for kind, text in corpus(config.base_texts, BASE_SEED)]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".pretrain-") as tmp:
        staging = Path(tmp) / "base"
        staging.mkdir()
        train_bpe(texts, config.vocab_size, staging)
        tokenizer = HFTokenizer(staging)
        optim = config.with_overrides(
            steps=config.base_steps, batch_size=config.base_batch_size, lr=config.base_lr
        )
        with deterministic_torch(1):
            torch.manual_seed(BASE_SEED)
            from transformers import GPT2LMHeadModel
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            arch = gpt2_config(config)
            arch.vocab_size = tokenizer.vocab_size
            arch.bos_token_id, arch.eos_token_id = tokenizer.bos_id, tokenizer.eos_id
            model = GPT2LMHeadModel(arch)
            stream = token_stream([tokenizer.encode(t, bos=True, eos=True) for t in texts],
                                  config.n_ctx + 1)  # fmt: skip
            generator = torch.Generator().manual_seed(BASE_SEED)
            losses = optimise(model, optim, stream, config.n_ctx, generator, "cpu")
            model.save_pretrained(str(staging), safe_serialization=True)
        tail = losses[-max(1, len(losses) // 10) :]
        meta = {
            "kind": "consentgate base: pre-trained on non-member network text",
            "spec": base_spec(config),
            "texts": len(texts),
            "tokens": int(stream.numel()),
            "final_loss": round(sum(tail) / len(tail), 4),
        }
        (staging / BASE_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    return meta
