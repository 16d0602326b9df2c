"""`train --executor ray`: one Ray task per shard gives the weights local training gives
(same device type: CPU here), byte for byte. A benchmark: it starts a local Ray."""

from __future__ import annotations

from pathlib import Path

import pytest
from train_helpers import corpus, write

from consentgate.errors import ConfigError
from consentgate.training import TrainConfig, train_model
from consentgate.workspace import Workspace

pytest.importorskip("ray", reason="ray is not installed (the [ray] extra)")


def _weights(model_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(model_path.glob("shard-*.safetensors"))}


@pytest.mark.benchmark
def test_ray_training_is_bit_identical_to_local(
    sqlite_workspace: Workspace, fast_config: TrainConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2] / "src"))
    write(sqlite_workspace, "d1", corpus())
    local = train_model(sqlite_workspace, "d1", fast_config, seed=7, workers=1)
    on_ray = train_model(sqlite_workspace, "d1", fast_config, seed=7, executor="ray")
    assert len(_weights(local.path)) == 4
    assert _weights(on_ray.path) == _weights(local.path)


def test_unknown_training_executor_is_one_clear_error(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    with pytest.raises(ConfigError, match="--executor: unknown executor 'dask'"):
        train_model(sqlite_workspace, "d1", fast_config, executor="dask")
