"""Per-shard (SISA) training of the content-creation model, exact forgetting, audit.

torch and transformers are imported only when a model is trained or used.
"""

from __future__ import annotations

from typing import Any

from consentgate.training.config import PRESETS, TrainConfig, load_config
from consentgate.training.forget import forget_members
from consentgate.training.receipts import Receipt, receipts_for
from consentgate.training.registry import ModelInfo, latest_model, list_models, load_model
from consentgate.training.train import train_model
from consentgate.workspace import Workspace

__all__ = [
    "PRESETS",
    "ModelInfo",
    "Receipt",
    "TrainConfig",
    "forget_members",
    "generate",
    "latest_model",
    "list_models",
    "load_config",
    "load_model",
    "receipts_for",
    "train_model",
]


def generate(ws: Workspace, kind: str, prompt: str, **options: Any) -> str:
    """`consentgate.assistant.generate` (the interface name the other areas use)."""
    from consentgate.assistant.generate import generate as run

    return run(ws, kind, prompt, **options)
