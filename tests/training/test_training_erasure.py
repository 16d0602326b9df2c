"""Models after erasure and withdrawal: forget after a purge, and stale versions re-decided."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from consentgate.cli import main
from consentgate.ledger.choices import set_choice
from consentgate.ledger.requests import file_request
from consentgate.network.uniform import insert_uniform_network, member_id_of
from consentgate.pipeline.build import build_dataset
from consentgate.training import TrainConfig, train_model
from consentgate.training.registry import CARD, load_model
from consentgate.workflows.erasure import erase_member
from consentgate.workflows.forget import forget_members
from consentgate.workspace import Workspace

UTC = dt.UTC
WORDS = ("launched", "our", "data", "platform", "team", "hiring", "cloud", "great", "week")
SHARDS = 4


def _network(ws: Workspace, members: int = 8) -> None:
    insert_uniform_network(
        ws, members, 3, lambda i, p: " ".join(WORDS[(i + p + k) % len(WORDS)] for k in range(10))
    )


def _build(ws: Workspace) -> str:
    now = dt.datetime.now(UTC)
    return build_dataset(ws, as_of=now, policy="linkedin-2025", shards=SHARDS).version


def _records(ws: Workspace, version: str, member_id: str) -> list[dict[str, object]]:
    table = pq.read_table(ws.datasets_dir / version / "lineage.parquet")
    return [row for row in table.to_pylist() if row["member_id"] == member_id]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_forget_after_an_erasure_already_purged_the_dataset(
    workspace: Workspace, fast_config: TrainConfig
) -> None:
    _network(workspace)
    version = _build(workspace)
    model = train_model(workspace, version, fast_config, workers=1)
    gone = member_id_of(3)
    held = _records(workspace, version, gone)
    shards = sorted({int(r["shard"]) for r in held})
    report = erase_member(workspace, gone)
    assert [p.version for p in report.datasets] == [version]
    assert not _records(workspace, version, gone)

    [receipt] = forget_members(workspace, workers=1)  # no names: every newly excluded member
    payload = receipt.payload
    assert receipt.member_id == gone and payload["records_removed"] == len(held) >= 2
    kinds = {"profile": 1, "post": len(held) - 1}  # posts equal to another's may be deduplicated
    assert payload["removed_kinds"] == kinds
    assert payload["member_shards"] == shards and payload["shards_retrained"] == shards
    assert payload["purged_versions"] == {model.version: shards}
    for shard in shards:
        assert not (model.path / f"shard-{shard:04d}.safetensors").exists()
    scratch = train_model(workspace, payload["dataset_to"], fast_config, workers=1)
    for shard, weights in payload["weights"].items():
        assert weights["before"] != weights["after"]
        assert scratch.manifest["shards"][int(shard)]["sha256"] == weights["after"]
    assert forget_members(workspace, workers=1) == []  # nothing left to forget


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_training_on_an_older_version_leaves_out_who_may_no_longer_be_used(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _network(workspace)
    old = _build(workspace)
    said_no, restricted = member_id_of(1), member_id_of(2)
    with workspace.session() as session:  # after the build: the old version still holds them
        set_choice(session, said_no, False, "web")
        file_request(session, restricted, "restriction", "private reasons")
    stale = len(_records(workspace, old, said_no)) + len(_records(workspace, old, restricted))
    assert stale >= 2
    config = tmp_path / "fast.json"
    config.write_text(json.dumps({"base": "tiny", "steps": 4, "batch_size": 2, "n_ctx": 32}))
    args = ["--home", str(workspace.home), "--database-url", workspace.database_url]
    train = ["train", "--dataset", old, "--config", str(config), "--workers", "1"]
    assert main([*args, *train]) == 0
    out = capsys.readouterr().out
    assert f"2 left out who may no longer be used ({stale} records)" in out
    assert main([*args, *train, "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    decided = trained["redecided"]
    assert decided["members_left_out"] == 2 and decided["records_left_out"] == stale
    assert decided["by_reason"] == {"restricted": 1, "said_no": 1}
    model = load_model(workspace, trained["version"])
    total = sum(int(s["records"]) for s in model.manifest["shards"])
    assert total == len(pq.read_table(workspace.datasets_dir / old / "lineage.parquet")) - stale
    assert "2 left out who may no longer be used" in (model.path / CARD).read_text()
    # The old version itself is not rewritten by a "no" or a restriction.
    assert _records(workspace, old, said_no) and _records(workspace, old, restricted)
