"""End to end with the real dataset pipeline: build, train, withdraw, forget, exactness."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest

from consentgate.errors import StillIncludedError
from consentgate.ledger.store import ConsentLedger
from consentgate.network.uniform import insert_uniform_network
from consentgate.pipeline.build import BuildComponents, build_dataset, default_components
from consentgate.training import TrainConfig, train_model
from consentgate.training.forget import forget_members, pipeline_rebuild
from consentgate.workspace import Workspace

UTC = dt.UTC
WORDS = ("launched", "our", "data", "platform", "team", "hiring", "cloud", "great", "week")


def _components() -> BuildComponents:
    return default_components()


def _network(ws: Workspace, members: int = 8) -> None:
    insert_uniform_network(
        ws,
        members,
        4,
        lambda i, p: " ".join(WORDS[(i + p + k) % len(WORDS)] for k in range(10)),
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_withdrawal_flows_from_ledger_to_models_exactly(
    workspace: Workspace, fast_config: TrainConfig
) -> None:
    parts = _components()
    _network(workspace)
    as_of = dt.datetime.now(UTC)
    first = build_dataset(
        workspace, as_of=as_of, policy="linkedin-2025", shards=4, components=parts
    )
    model = train_model(workspace, None, fast_config, workers=1)
    assert model.dataset_version == first.version

    with pytest.raises(StillIncludedError, match="m000003 is still included"):
        forget_members(workspace, ["m000003"], rebuild=pipeline_rebuild(components=parts))
    assert [p.name for p in workspace.datasets_dir.glob("v*")] == [first.version]  # no build
    receipts = forget_members(
        workspace,
        ["m000003"],
        record_withdrawal=True,
        rebuild=pipeline_rebuild(components=parts),
        workers=1,
    )
    payload = receipts[0].payload
    lineage = pq.read_table(first.path / "lineage.parquet").to_pylist()
    mine = [row for row in lineage if row["member_id"] == "m000003"]
    assert payload["records_removed"] == len(mine) and payload["removed_kinds"]["post"] >= 1
    assert payload["member_shards"] == sorted({row["shard"] for row in mine})
    assert payload["dataset_from"] == first.version and payload["model_from"] == model.version
    assert payload["shards_retrained"] == payload["member_shards"]
    with workspace.session() as session:
        last = ConsentLedger(session).events_for("m000003")[-1]
    assert (last.type, last.value, last.channel) == ("ai_training_setting", False, "api")

    scratch = train_model(workspace, payload["dataset_to"], fast_config, workers=1)
    for shard, weights in payload["weights"].items():
        assert scratch.manifest["shards"][int(shard)]["sha256"] == weights["after"]
    reused = set(range(4)) - set(payload["shards_retrained"])
    for shard in reused:
        assert (
            scratch.manifest["shards"][shard]["sha256"] == model.manifest["shards"][shard]["sha256"]
        )
