"""An imported `erasure` event erases a stored member as the erasure workflow does."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest
from netrows import WriteDir, content, event, member
from sqlalchemy import func, select

from consentgate.cli import main
from consentgate.models import ErasureSuppression
from consentgate.network.interchange import import_directory
from consentgate.pipeline.build import build_dataset
from consentgate.workspace import Workspace

AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def _texts(path: object) -> dict[str, str]:
    table = pq.read_table(f"{path}/lineage.parquet")
    texts = {}
    for shard in sorted({int(s) for s in table["shard"].to_pylist()}):
        part = pq.read_table(f"{path}/shard-{shard:04d}.parquet", columns=["record_id", "text"])
        texts.update(zip(part["record_id"].to_pylist(), part["text"].to_pylist(), strict=True))
    return texts


def test_import_of_an_erasure_rewrites_datasets_and_keeps_the_name_redacted(
    workspace: Workspace, write_dir: WriteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [member("m5", country="US"), member("m6", country="US", name="Paul Martin")]
    posts = [content("c5", "m5"), content("c6", "m6", text="Merci à Léa Moreau pour l'échange")]
    import_directory(workspace, write_dir(people, posts, []))
    v1 = build_dataset(workspace, as_of=AS_OF, policy="linkedin-2025", shards=2)
    assert "m5" in pq.read_table(v1.path / "lineage.parquet")["member_id"].to_pylist()

    erasure = write_dir([], [], [event("e9", "m5", type="erasure", value=None, channel="form")])
    args = ["--home", str(workspace.home), "--database-url", workspace.database_url]
    assert main([*args, "import", str(erasure)]) == 0
    out = capsys.readouterr().out
    assert "erasures: dataset versions rewritten: v0001" in out
    assert "m5" not in pq.read_table(v1.path / "lineage.parquet")["member_id"].to_pylist()
    with workspace.session() as session:
        stored = session.scalars(select(ErasureSuppression.event_id)).all()
        assert set(stored) == {"e9"} and len(stored) == 2
        assert session.scalar(select(func.count()).select_from(ErasureSuppression)) == 2
    v2 = build_dataset(workspace, as_of=AS_OF, policy="linkedin-2025", shards=2)
    assert _texts(v2.path)["c6"] == "Merci à [PERSON] pour l'échange"
    assert "c5" not in _texts(v2.path)
