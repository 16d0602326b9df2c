"""Fixtures of the training tests."""

from __future__ import annotations

import pytest

from consentgate.training.config import PRESETS, TrainConfig


@pytest.fixture
def fast_config() -> TrainConfig:
    """The tiny architecture with few steps: a shard trains in well under a second."""
    return PRESETS["tiny"].with_overrides(steps=12, batch_size=4, n_ctx=64, warmup_steps=2)
