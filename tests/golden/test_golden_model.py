"""The tiny model trained on the golden dataset: each shard's weights against golden figures.

How many records train each shard is pinned exactly. The weights are pinned by per-tensor
figures (shape, sum of magnitudes, L2 norm, first values) within a tolerance, not by hash:
float kernels differ between CPU generations (AVX2 or AVX-512, MKL's code paths), so the
same code gives weights a few ulps apart on another machine, while any change of data,
seed, order or architecture moves these figures by far more than the tolerance.
"""

from __future__ import annotations

import hashlib

import torch
from golden_helpers import SEED, Golden, GoldenBuild
from safetensors.torch import load_file

from consentgate.training import train_model
from consentgate.training.config import PRESETS

# The tiny architecture with 20 optimisation steps instead of 300, so the test takes seconds.
CONFIG = PRESETS["tiny"].with_overrides(steps=20)
HEAD = 4


def tensor_figures(tensor: torch.Tensor) -> dict[str, object]:
    values = tensor.detach().to(torch.float64).flatten()
    return {
        "shape": list(tensor.shape),
        "abs_sum": float(values.abs().sum()),
        "l2": float(values.norm()),
        "head": [float(v) for v in values[:HEAD]],
    }


def test_tiny_model_weights_match_golden(golden: Golden, golden_build: GoldenBuild) -> None:
    model = train_model(golden_build.ws, golden_build.version, CONFIG, seed=SEED, workers=1)
    shards = []
    for entry in model.manifest["shards"]:
        file = model.path / entry["file"]
        assert hashlib.sha256(file.read_bytes()).hexdigest() == entry["sha256"]
        # Not the train_key: it hashes the base's bytes, which differ between CPU generations.
        keep = ("shard", "file", "records_train", "records_heldout")
        figures = {name: tensor_figures(t) for name, t in sorted(load_file(file).items())}
        shards.append({**{k: entry[k] for k in keep}, "tensors": figures})
    golden.check_json_close("model/weights.json", {"shards": shards})
