"""The erasure attack: after `request erase` and `forget`, read every file of the workspace.

A synthetic network is imported, built twice (the second version hard-links the first one's
shards), a tiny model is trained; then a member whom nobody names or answers is erased and
forgotten. Every file under the test's directory is then read the way an attacker with a
copy would: Parquet decoded (every column of every row as text) and as raw bytes, every
other file as raw bytes, the SQLite database, its WAL and shared-memory files included;
and every table of the database as text. None may hold the member's name, e-mail, phone,
record ids or texts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sqlalchemy import inspect, text

from consentgate.cli import main
from consentgate.ledger.choices import set_choice
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import build_dataset
from consentgate.pipeline.sharding import load_or_create_key, shard_of
from consentgate.training import train_model
from consentgate.training.config import PRESETS
from consentgate.workspace import Workspace

SHARDS = 4
FAST = PRESETS["tiny"].with_overrides(steps=12, batch_size=4, n_ctx=64, warmup_steps=2)


def _choose_target(network: Any, lineage: set[str]) -> dict[str, Any]:
    """A member in the dataset whom no other member's text names and no one answered."""
    answered = {c.get("parent_id") for c in network.content}
    for person in network.members:
        mid = person["member_id"]
        mine = [c for c in network.content if c["member_id"] == mid]
        others = " ".join(c["text"] for c in network.content if c["member_id"] != mid).lower()
        named = any(part.lower() in others for part in person["name"].split())
        if mid in lineage and mine and not named and not answered & {c["record_id"] for c in mine}:
            return person
    raise AssertionError("no member fits")


def _needles(network: Any, person: dict[str, Any], dataset_texts: list[str]) -> list[str]:
    """What must not survive: identity, record ids, raw and redacted texts, profile fields.

    Strings that other members' data also holds ("Congrats!") say nothing about this member
    and are left out, as are very short ones.
    """
    mid = person["member_id"]
    others = json.dumps(
        [m for m in network.members if m["member_id"] != mid]
        + [c for c in network.content if c["member_id"] != mid],
        ensure_ascii=False,
    )
    mine = [c for c in network.content if c["member_id"] == mid]
    profile = [person["headline"], person["summary"]]
    profile += [p["description"] for p in person["positions"]]
    candidates = [
        person["name"], person["name"].lower(), person["email"], person["phone"],
        *[c["record_id"] for c in mine], *[c["text"] for c in mine],
        *[f"profile:{mid}:{field}" for field in ("headline", "summary", "location", "skills")],
        *dataset_texts, *[p for p in profile if p],
    ]  # fmt: skip
    return sorted({n for n in candidates if n and len(n) >= 8 and n not in others})


def _hits(root: Path, needles: list[str]) -> dict[str, list[str]]:
    """needle -> files holding it (Parquet decoded and raw; everything else raw)."""
    found: dict[str, list[str]] = {}
    encoded = [(n, n.encode()) for n in needles]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        decoded = ""
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            decoded = "\n".join(
                str(value) for column in table.columns for value in column.to_pylist()
            )
        for needle, data in encoded:
            if data in raw or needle in decoded:
                found.setdefault(needle, []).append(str(path.relative_to(root)))
    return found


def _database_text(ws: Workspace) -> str:
    """Every row of every table, as text (what a logical dump would show)."""
    with ws.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        rows = [str(tuple(r)) for t in tables for r in conn.execute(text(f'SELECT * FROM "{t}"'))]
    return "\n".join(rows)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_nothing_of_an_erased_member_is_readable_anywhere(
    workspace: Workspace, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ws = workspace
    network = generate_network(40, 3)
    source = tmp_path_factory.mktemp("interchange")  # the network's own files: not scanned
    network.write_interchange(source)
    import_directory(ws, source)
    as_of = dt.datetime.now(dt.UTC)
    v1 = build_dataset(ws, as_of=as_of, policy="linkedin-2025", shards=SHARDS)
    lineage = set(pq.read_table(v1.path / "lineage.parquet")["member_id"].to_pylist())
    person = _choose_target(network, lineage)
    mid = person["member_id"]
    key = load_or_create_key(ws.home)
    shard = shard_of(mid, SHARDS, key)
    other = next(m for m in sorted(lineage) if shard_of(m, SHARDS, key) != shard)
    with ws.session() as session:
        set_choice(session, other, False, "web")
    v2 = build_dataset(ws, as_of=dt.datetime.now(dt.UTC), policy="linkedin-2025",
                       shards=SHARDS, parent=v1.version)  # fmt: skip
    name = f"shard-{shard:04d}.parquet"
    assert os.stat(v1.path / name).st_ino == os.stat(v2.path / name).st_ino  # hard link
    model = train_model(ws, v2.version, FAST, workers=1)
    table = pq.read_table(v2.path / name)
    mine = table.filter(pc.equal(table["member_id"], mid))["text"].to_pylist()
    needles = _needles(network, person, mine)
    assert person["name"] in needles and person["email"] in needles and len(needles) > 6
    before = set(_hits(tmp_path, needles)) | {n for n in needles if n in _database_text(ws)}
    missed = set(needles) - before - {person["name"].lower()}
    assert not missed, missed  # the scans find them before the erasure

    args = ["--home", str(ws.home), "--database-url", ws.database_url]
    assert main([*args, "request", "erase", mid]) == 0
    assert main([*args, "forget", mid, "--workers", "1"]) == 0
    assert not (model.path / f"shard-{shard:04d}.safetensors").exists()

    assert _hits(tmp_path, needles) == {}
    logical = _database_text(ws)
    assert [n for n in needles if n in logical] == []
    assert mid in logical  # the ledger's tombstone: the member id and their events stay
