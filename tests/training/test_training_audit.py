"""Memorisation audit: planted canaries are exposed, and at chance level after forgetting."""

from __future__ import annotations

import math

from consentgate.pipeline.sharding import shard_of
from consentgate.training import PRESETS
from consentgate.workflows.audit import CANARY_MEMBER, CHANCE_BITS, audit_shard_key, run_audit


def test_canary_exposure_drops_to_chance_after_forgetting() -> None:
    config = PRESETS["tiny"].with_overrides(
        steps=160, batch_size=8, n_ctx=64, lr=1e-2, warmup_steps=5
    )
    # whole byte-level shard models memorise a 4-digit canary strongly: the audit must see it
    result = run_audit(config, shards=2, filler=48, seed=1, workers=1, base="bytes")
    assert result["candidates"] == 10_000
    assert math.isclose(result["max_exposure"], math.log2(10_000))
    canary_shard = shard_of(CANARY_MEMBER, 2, audit_shard_key(1))
    assert result["shards_retrained"] == [canary_shard]  # only the canary member's shard
    for canary in result["canaries"]:
        assert canary["exposure_after"] < canary["exposure_before"]
    assert result["mean_before"] > 0.6 * result["max_exposure"]
    assert result["mean_after"] <= CHANCE_BITS
    assert result["passed"] is True
