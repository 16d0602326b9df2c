"""MODEL_CARD.md: what a model version was trained on, how well, and what it memorised."""

from __future__ import annotations

from typing import Any


def render_card(
    manifest: dict[str, Any],
    audit: dict[str, Any] | None = None,
    purged: dict[str, Any] | None = None,
) -> str:
    """The model card of a version as Markdown."""
    config = manifest["config"]
    lines = [
        f"# Model card: {manifest['version']}",
        "",
        "Content-creation language model of consentgate: one part per dataset shard (SISA),",
        "a LoRA adapter on a base model pre-trained on non-member text (or, without a base, a",
        "whole byte-level GPT-2), combined at generation time by averaging next-token",
        "distributions. Outputs pass through the PII redactor.",
        "",
        "## Lineage",
        f"- Dataset version: `{manifest['dataset_version']}`",
        f"- Parent model: `{manifest.get('parent_model') or '-'}`",
        *_base_lines(manifest.get("base")),
        f"- Created: {manifest['created_at']}",
        f"- Tokenizer: {manifest['tokenizer']} (not learnt from member data)",
        f"- Seed: {manifest['seed']}",
        f"- Shards retrained: {manifest['retrained_shards']}; reused: {manifest['reused_shards']}",
        f"- Consent ledger at training time: {_ledger_head(manifest.get('ledger_head'))}",
        *_redecided_lines(manifest.get("redecided")),
        "",
        "## Configuration",
        f"`{config['name']}`: {config['n_layer']} layers, d={config['n_embd']}, "
        f"{config['n_head']} heads, context {config['n_ctx']}, {config['steps']} steps "
        f"of batch {config['batch_size']}, lr {config['lr']}"
        + (f"; LoRA rank {config.get('lora_rank')} per shard." if manifest.get("base") else "."),
        "",
        "## Shards",
        "| shard | records (train/held-out) | loss | held-out ppl | weights SHA-256 | from |",
        "|---|---|---|---|---|---|",
    ]
    for shard in manifest["shards"]:
        lines.append(
            f"| {shard['shard']} | {shard['records_train']}/{shard['records_heldout']} "
            f"| {_num(shard.get('train_loss'))} | {_num(shard.get('heldout_perplexity'))} "
            f"| `{(shard.get('sha256') or '-')[:16]}` "
            f"| {shard.get('reused_from') or 'trained'} |"
        )
    if purged:
        lines += ["", "## Purged shards", ""]
        lines += [
            f"- shard {shard}: weights deleted {info['purged_at'][:19]}Z, {info['reason']}"
            for shard, info in sorted(purged.get("shards", {}).items(), key=lambda i: int(i[0]))
        ]
    lines += ["", "## Memorisation audit", ""]
    lines += _audit_lines(audit)
    return "\n".join(lines) + "\n"


def _redecided_lines(redecided: dict[str, Any] | None) -> list[str]:
    """The lineage line on members decided again before training (train --dataset V)."""
    if not redecided:
        return []
    if redecided.get("at") is None:
        return [f"- Members decided again: no ({redecided.get('note')})"]
    reasons = ", ".join(f"{k} {n}" for k, n in redecided["by_reason"].items()) or "none"
    return [
        f"- Members decided again at {redecided['at']} under `{redecided['policy']}`: "
        f"{redecided['members_left_out']} left out who may no longer be used "
        f"({redecided['records_left_out']} records; {reasons})"
    ]


def _audit_lines(audit: dict[str, Any] | None) -> list[str]:
    if audit is None:
        return ["Not run for this version (`consentgate audit`)."]
    lines = [
        f"Canary exposure (Carlini et al. 2019), |R| = {audit['candidates']} candidates, "
        f"max {audit['max_exposure']:.2f} bits, chance ≈ 1 bit; run {audit['created_at']} "
        f"on a {audit['config']} model with {audit['shards']} shards.",
        "",
        "| canary | exposure before forgetting | after forgetting |",
        "|---|---|---|",
    ]
    for canary in audit["canaries"]:
        lines.append(
            f"| `{canary['template']}` | {canary['exposure_before']:.2f} "
            f"| {canary['exposure_after']:.2f} |"
        )
    lines.append("")
    lines.append(
        f"Mean: {audit['mean_before']:.2f} bits before, {audit['mean_after']:.2f} bits after "
        f"({'PASS' if audit['passed'] else 'FAIL'}: after forgetting, exposure is at chance level)."
    )
    return lines


def _ledger_head(head: dict[str, Any] | None) -> str:
    """The signed tree head model.json copies (`consentgate ledger verify` checks it)."""
    if not head:
        return "no signed head"
    return (
        f"{head.get('tree_size')} events, root `{str(head.get('root_hash'))[:16]}…`, "
        f"signed head of key `{head.get('key_id')}`"
    )


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _base_lines(base: dict[str, Any] | None) -> list[str]:
    if not base:
        return ["- Base model: none (byte-level shard models trained from scratch)"]
    return [
        f"- Base model: `{base['path']}`",
        f"- Base digest (SHA-256 of its files): `{base['sha256']}`",
    ]
