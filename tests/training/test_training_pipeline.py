"""End to end with the real dataset pipeline: build, train, withdraw, forget, exactness."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow.parquet as pq
import pytest

from consentgate.cli import main
from consentgate.errors import StillIncludedError
from consentgate.ledger.proofs import InclusionProof
from consentgate.ledger.signing import SignedHead
from consentgate.ledger.store import ConsentLedger
from consentgate.network.uniform import insert_uniform_network
from consentgate.pipeline.build import BuildComponents, build_dataset, default_components
from consentgate.training import TrainConfig, train_model
from consentgate.workflows.forget import forget_members, pipeline_rebuild
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
    workspace: Workspace, fast_config: TrainConfig, capsys: pytest.CaptureFixture[str]
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
    _the_receipt_proves_the_no_in_the_ledger(workspace, payload, last.event_id, first.manifest)
    out = capsys.readouterr().out
    assert f"ledger: event {last.event_id} at position " in out and ": verified" in out
    verdict = json.loads(out.splitlines()[-1])
    assert verdict["ok"] and verdict["heads_checked"] == 2, verdict  # sizes 0 and 1


def _the_receipt_proves_the_no_in_the_ledger(
    ws: Workspace, payload: dict[str, Any], no_event: str, first: dict[str, Any]
) -> None:
    """The receipt carries the inclusion proof of the member's "no" in the signed head that
    the new dataset's manifest copies; manifests and model cards hold heads verify checks."""
    key_id = ws.ledger_anchor.record().key_id  # type: ignore[union-attr]
    proof = InclusionProof.from_dict(payload["ledger_inclusion"])
    new_manifest = json.loads(
        (ws.datasets_dir / payload["dataset_to"] / "manifest.json").read_text()
    )
    assert proof.event_id == no_event and proof.verify(key_id)
    assert proof.head == SignedHead.from_dict(new_manifest["ledger_head"])
    assert SignedHead.from_dict(first["ledger_head"]).tree_size < proof.head.tree_size
    model_json = json.loads((ws.models_dir / payload["model_to"] / "model.json").read_text())
    assert SignedHead.from_dict(model_json["ledger_head"]).signature_ok()
    assert (
        "Consent ledger at training time: "
        in (ws.models_dir / payload["model_to"] / "MODEL_CARD.md").read_text()
    )
    args = ["--home", str(ws.home), "--database-url", ws.database_url]
    assert main([*args, "report", payload["member_id"]]) == 0
    assert main([*args, "ledger", "verify", "--json"]) == 0
