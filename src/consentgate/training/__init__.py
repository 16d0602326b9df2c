"""Per-shard (SISA) training of the content-creation model, exact forgetting, audit."""

from __future__ import annotations

from consentgate.training.config import PRESETS, TrainConfig, load_config
from consentgate.training.registry import ModelInfo, latest_model, list_models, load_model
from consentgate.training.train import train_model

__all__ = [
    "PRESETS",
    "ModelInfo",
    "TrainConfig",
    "latest_model",
    "list_models",
    "load_config",
    "load_model",
    "train_model",
]
