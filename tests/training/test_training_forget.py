"""forget_members: incremental rebuild, only affected shards retrained, receipts stored/shown."""

from __future__ import annotations

import pytest
from train_helpers import corpus, rebuild_without, shard_of_member, write

from consentgate.assistant.generate import generate
from consentgate.cli import main
from consentgate.errors import ModelError, StillIncludedError
from consentgate.training import TrainConfig, train_model
from consentgate.training.receipts import receipts_for
from consentgate.workflows.forget import forget_members
from consentgate.workspace import Workspace


def test_forget_retrains_member_shard_only_and_stores_receipt(
    workspace: Workspace, fast_config: TrainConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = corpus()
    gone = "m000005"
    write(workspace, "d1", rows)
    parent = train_model(workspace, "d1", fast_config, workers=1)
    receipts = forget_members(
        workspace, [gone], rebuild=rebuild_without(rows, "d2", gone), workers=1
    )
    assert [r.member_id for r in receipts] == [gone]
    payload = receipts[0].payload
    shard = shard_of_member(workspace, gone)
    assert payload["records_removed"] == 7
    assert payload["removed_kinds"] == {"post": 5, "profile": 1, "recruiter_message": 1}
    assert payload["dataset_from"] == "d1" and payload["dataset_to"] == "d2"
    assert payload["model_from"] == parent.version
    assert payload["member_shards"] == [shard] and payload["shards_retrained"] == [shard]
    assert payload["member_shards_retrained"] is True
    weights = payload["weights"][str(shard)]
    assert weights["before"] != weights["after"]
    # exactness: the retrained shard equals a shard trained from scratch on the new dataset
    scratch = train_model(workspace, "d2", fast_config, workers=1)
    assert scratch.manifest["shards"][shard]["sha256"] == weights["after"]
    with workspace.session() as session:
        stored = receipts_for(session, gone)
    assert [r.receipt_id for r in stored] == [receipts[0].receipt_id]
    assert stored[0].payload == payload

    home = str(workspace.home)
    assert main(["--home", home, "--database-url", workspace.database_url, "report", gone]) == 0
    out = capsys.readouterr().out
    assert receipts[0].receipt_id in out and "removed 7 record(s)" in out
    assert f"{parent.version} (dataset d1): 7 record(s) in shard(s) [{shard}]; weights of" in out
    # the parent version no longer holds weights trained on the member's data
    assert payload["purged_versions"] == {parent.version: [shard]}
    assert not (parent.path / f"shard-{shard:04d}.safetensors").exists()
    assert len(list(parent.path.glob("shard-*.safetensors"))) == 3
    assert "## Purged shards" in (parent.path / "MODEL_CARD.md").read_text()
    with pytest.raises(ModelError, match="weights were purged"):
        generate(workspace, "post", "x", model=parent.version)


def test_automatic_forget_finds_newly_excluded_members(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    rows = corpus()
    write(sqlite_workspace, "d1", rows)
    train_model(sqlite_workspace, "d1", fast_config, workers=1)
    rebuild = rebuild_without(rows, "d2", "m000001", "m000002")
    receipts = forget_members(sqlite_workspace, rebuild=rebuild, workers=1)
    assert sorted(r.member_id for r in receipts) == ["m000001", "m000002"]
    retrained = receipts[0].payload["shards_retrained"]
    assert retrained == sorted(
        {shard_of_member(sqlite_workspace, m) for m in ("m000001", "m000002")}
    )


def test_named_member_still_included_is_a_one_line_error(
    sqlite_workspace: Workspace, fast_config: TrainConfig
) -> None:
    rows = corpus()
    write(sqlite_workspace, "d1", rows)
    train_model(sqlite_workspace, "d1", fast_config, workers=1)
    with pytest.raises(StillIncludedError, match="m000004 is still included"):
        forget_members(sqlite_workspace, ["m000004"], rebuild=rebuild_without(rows, "d2"))
