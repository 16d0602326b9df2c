"""The tiny model trained on the golden dataset: each shard's weights against golden hashes."""

from __future__ import annotations

import hashlib

import torch
from golden_helpers import SEED, Golden, GoldenBuild

from consentgate.training import train_model
from consentgate.training.config import PRESETS

# The tiny architecture with 20 optimisation steps instead of 300, so the test takes seconds.
CONFIG = PRESETS["tiny"].with_overrides(steps=20)


def test_tiny_model_weights_match_golden(golden: Golden, golden_build: GoldenBuild) -> None:
    model = train_model(golden_build.ws, golden_build.version, CONFIG, seed=SEED, workers=1)
    shards = []
    for entry in model.manifest["shards"]:
        file = model.path / entry["file"]
        sha = hashlib.sha256(file.read_bytes()).hexdigest()
        assert sha == entry["sha256"]
        keep = ("shard", "file", "sha256", "train_key", "records_train", "records_heldout")
        shards.append({k: entry[k] for k in keep})
    golden.check_json("model/weights.json", {"torch": torch.__version__, "shards": shards})
