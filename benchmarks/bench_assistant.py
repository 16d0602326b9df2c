"""The writing assistant's figures: per-shard held-out perplexity against the byte-level
model on the same data, generated words found in the held-out posts' vocabulary, distinct-2,
time to first streamed text and tokens/s, forgetting cost at K = 8, canary exposure.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_assistant.py [--members 400] [--quick]

Perplexities are per character (exp of the summed negative log-likelihood over the held-out
records divided by their characters), so a BPE model and a byte model compare. The base
model is pre-trained once (or found in the bases directory) and is not part of any timing.
Prints one JSON object per measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from consentgate.assistant.generate import output_redactor
from consentgate.assistant.stream import LoadedModel, stream_generation
from consentgate.network.interchange import import_directory
from consentgate.network.synth import generate_network
from consentgate.pipeline.build import build_dataset
from consentgate.pipeline.datasets import open_dataset
from consentgate.training import PRESETS, TrainConfig, train_model
from consentgate.training.base import ensure_base
from consentgate.training.ensemble import Ensemble
from consentgate.training.examples import encode_record, split
from consentgate.training.registry import ModelInfo, latest_model
from consentgate.workflows.audit import run_audit
from consentgate.workflows.forget import forget_members, pipeline_rebuild
from consentgate.workspace import Workspace

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
PROMPTS = ("Proud of our team", "We are hiring", "Some thoughts on", "Back from",
           "Huge thanks to", "After", "Hot take:", "Congratulations to")  # fmt: skip


def emit(name: str, **values: Any) -> dict[str, Any]:
    record = {"bench": name, **values}
    print(json.dumps(record), flush=True)
    return record


def per_char_perplexity(info: ModelInfo, ws: Workspace, heldout_percent: int) -> list[float]:
    """Per shard: exp(held-out NLL / characters), under that shard's own model."""
    import torch

    ensemble = Ensemble.load(info)
    dataset = open_dataset(ws, info.dataset_version)
    values = []
    files = [e for e in info.manifest["shards"] if e.get("file")]
    for model, entry in zip(ensemble.models, files, strict=True):
        _, heldout = split(dataset.records(int(entry["shard"])), heldout_percent)
        nll, chars = 0.0, 0
        with torch.no_grad():
            for record in heldout:
                ids = torch.tensor([encode_record(record, ensemble.tokenizer)])[:, : ensemble.n_ctx]
                logits = model(input_ids=ids[:, :-1]).logits[0].float()
                nll += float(torch.nn.functional.cross_entropy(logits, ids[0, 1:], reduction="sum"))
                chars += len(ensemble.tokenizer.decode(ids[0].tolist())) + 1  # + EOS
        values.append(round(math.exp(nll / max(1, chars)), 3))
    return values


def heldout_vocabulary(ws: Workspace, version: str, percent: int) -> set[str]:
    dataset = open_dataset(ws, version)
    words: set[str] = set()
    for shard in range(dataset.shard_count):
        for record in split(dataset.records(shard), percent)[1]:
            words.update(w.lower() for w in WORD.findall(record.text))
    return words


def generations(
    ws: Workspace, info: ModelInfo, count: int, tokens: int, temperature: float
) -> dict[str, Any]:
    """`count` sampled posts through the page's streaming path (filter included)."""
    model = LoadedModel(info, Ensemble.load(info))
    redactor = output_redactor(ws)

    def redact(text: str) -> str:
        return str(redactor.redact(text).text)

    texts, firsts, rates = [], [], []
    for seed in range(count):
        prompt = PROMPTS[seed % len(PROMPTS)]
        shown, done = "", {}
        for event in stream_generation(model, redact, "post", prompt, tokens, temperature, seed):
            if event.event == "text":
                shown += str(event.data["text"])
            elif event.event == "replace":
                shown = str(event.data["text"])
            else:
                done = event.data
        texts.append(shown[len(prompt) :])
        firsts.append(float(done["first_text_seconds"] or done["seconds"]))
        rates.append(float(done["tokens_per_second"] or 0))
    return {"texts": texts, "first": sorted(firsts), "rates": sorted(rates)}


def text_figures(texts: list[str], vocabulary: set[str]) -> dict[str, Any]:
    words = [w.lower() for t in texts for w in WORD.findall(re.sub(r"\[[A-Z_]+\]", " ", t))]
    found = sum(1 for w in words if w in vocabulary)
    bigrams = [pair for t in texts for pair in zip(t.split(), t.split()[1:], strict=False)]
    return {
        "words": len(words),
        "share_in_heldout_vocabulary": round(found / max(1, len(words)), 4),
        "distinct_2": round(len(set(bigrams)) / max(1, len(bigrams)), 4),
    }


def generation_figures(
    ws: Workspace, info: ModelInfo | None, count: int, tokens: int, temperature: float
) -> dict[str, Any]:
    model = info or latest_model(ws)
    percent = int(model.manifest["config"]["heldout_percent"])
    gen = generations(ws, model, count, tokens, temperature)
    vocabulary = heldout_vocabulary(ws, model.dataset_version, percent)
    return emit(
        "generations",
        model=model.version,
        count=count,
        tokens=tokens,
        temperature=temperature,
        samples=gen["texts"][:3],
        **text_figures(gen["texts"], vocabulary),
        first_text_s_median=gen["first"][len(gen["first"]) // 2],
        tokens_per_s_median=gen["rates"][len(gen["rates"]) // 2],
    )


def workspace(root: Path, members: int) -> tuple[Workspace, str]:
    ws = Workspace.open(root / "home", f"sqlite:///{root / 'db.sqlite'}")
    generate_network(members=members, seed=7).write_interchange(root / "network")
    import_directory(ws, root / "network")
    info = build_dataset(ws, as_of=dt.datetime.now(dt.UTC), policy="linkedin-2025", shards=8)
    return ws, info.version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--config", default="demo")
    parser.add_argument("--generations", type=int, default=100)
    parser.add_argument("--tokens", type=int, default=40)
    parser.add_argument("--temperature", type=float, default=0.8, help="sampling temperature")
    parser.add_argument("--audit-shards", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="few steps and generations")
    parser.add_argument(
        "--generations-only",
        metavar="HOME",
        help="only the generation figures, on the "
        "latest model of an existing workspace (e.g. the one `make demo` filled)",
    )
    args = parser.parse_args()
    cfg: TrainConfig = PRESETS[args.config]
    byte_cfg = PRESETS["tiny"]  # the byte-level model as `train` trained it before
    count = 5 if args.quick else args.generations
    if args.quick:
        cfg, byte_cfg = cfg.with_overrides(steps=10), byte_cfg.with_overrides(steps=10)
    if args.generations_only:
        generation_figures(
            Workspace.open(args.generations_only), None, count, args.tokens, args.temperature
        )
        return
    emit(
        "machine",
        cores=os.cpu_count(),
        load=os.getloadavg(),
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    with tempfile.TemporaryDirectory() as tmp:
        ws, version = workspace(Path(tmp), args.members)
        ensure_base(ws.settings.bases_dir, cfg)  # built once if missing, not timed
        model = train_model(ws, version, cfg, workers=1)
        full = sum(float(e["seconds"] or 0) for e in model.manifest["shards"])
        ours = per_char_perplexity(model, ws, cfg.heldout_percent)
        byte_model = train_model(ws, version, byte_cfg, base="bytes", workers=1)
        theirs = per_char_perplexity(byte_model, ws, byte_cfg.heldout_percent)
        emit(
            "heldout_perplexity_per_char",
            config=cfg.name,
            adapters=ours,
            byte_level_tiny=theirs,
            shards=len(ours),
        )
        generation_figures(ws, model, count, args.tokens, args.temperature)
        started = time.perf_counter()
        member = open_dataset(ws, version).records(0)[0].member_id  # one trained member
        receipts = forget_members(ws, [member], record_withdrawal=True, rebuild=pipeline_rebuild())
        forget_wall = time.perf_counter() - started
        retrained = receipts[0].payload["shards_retrained"]
        after = latest_model(ws)
        retrain = sum(
            float(e["seconds"] or 0) for e in after.manifest["shards"] if e["shard"] in retrained
        )
        emit(
            "forgetting_cost",
            shards=8,
            full_adapters_seconds=round(full, 2),
            retrained=retrained,
            retrain_seconds=round(retrain, 2),
            fraction=round(retrain / full, 3),
            forget_wall_seconds=round(forget_wall, 2),
        )
        ws.close()
    audit = run_audit(cfg, shards=args.audit_shards, workers=1)
    emit(
        "canary_exposure",
        config=cfg.name,
        shards=args.audit_shards,
        candidates=audit["candidates"],
        mean_before=round(audit["mean_before"], 2),
        mean_after=round(audit["mean_after"], 2),
        passed=audit["passed"],
    )
    emit("end", load=os.getloadavg())


if __name__ == "__main__":
    main()
