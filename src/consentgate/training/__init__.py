"""Per-shard (SISA) training of the content-creation model, exact forgetting, audit.

torch and transformers are imported only when a model is trained or used.
"""

from __future__ import annotations

from consentgate.training.config import PRESETS, TrainConfig, load_config
from consentgate.training.receipts import Receipt, receipts_for
from consentgate.training.registry import ModelInfo, latest_model, list_models, load_model
from consentgate.training.train import train_model

__all__ = [
    "PRESETS",
    "ModelInfo",
    "Receipt",
    "TrainConfig",
    "latest_model",
    "list_models",
    "load_config",
    "load_model",
    "receipts_for",
    "train_model",
]
