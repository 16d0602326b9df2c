"""Memorisation audit: planted canaries are exposed, and at chance level after forgetting."""

from __future__ import annotations

import math

from consentgate.training import PRESETS
from consentgate.training.audit import CHANCE_BITS, run_audit


def test_canary_exposure_drops_to_chance_after_forgetting() -> None:
    config = PRESETS["tiny"].with_overrides(
        steps=120, batch_size=8, n_ctx=64, lr=1e-2, warmup_steps=5
    )
    result = run_audit(config, shards=2, filler=48, seed=1, workers=1)
    assert result["candidates"] == 10_000
    assert math.isclose(result["max_exposure"], math.log2(10_000))
    assert result["shards_retrained"] == [1]  # only the canary member's shard retrained
    for canary in result["canaries"]:
        assert canary["exposure_after"] < canary["exposure_before"]
    assert result["mean_before"] > 0.6 * result["max_exposure"]
    assert result["mean_after"] <= CHANCE_BITS
    assert result["passed"] is True
