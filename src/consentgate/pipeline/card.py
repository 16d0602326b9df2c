"""CARD.md: the human dataset card, written from the manifest alone."""

from __future__ import annotations

from typing import Any

REASONS = {
    "not_yet_created": "ER1: created after the as-of time",
    "kind_excluded": "ER2: data kind not allowed by the policy",
    "not_public": "ER3: not public (posts, articles, comments, group posts)",
    "minor": "ER4: member under 18 then or now",
    "region_not_covered": "ER5: the member's region is not covered by the policy",
    "not_yet_effective": "ER5: the region's rule was not yet in effect",
    "said_no": "ER6: the member said no (setting, notice refusal or objection) or the "
    "default is no; a yes given before 18 does not count",
    "no_notice": "ER7: no notice delivered early enough under an opt-out default",
    "restricted": "ER8: processing restricted at the member's request",
    "erased": "ER8: the member asked for erasure",
}


def _table(title: str, counts: dict[str, int], labels: dict[str, str] | None = None) -> str:
    if not counts:
        return f"**{title}**: none\n"
    if labels is None:
        head = f"**{title}**\n\n| value | records |\n|---|---:|\n"
        rows = [f"| {key} | {n:,} |" for key, n in counts.items()]
    else:
        head = f"**{title}**\n\n| value | meaning | records |\n|---|---|---:|\n"
        rows = [f"| {key} | {labels.get(key, '')} | {n:,} |" for key, n in counts.items()]
    return head + "\n".join(rows) + "\n"


def _purges(manifest: dict[str, Any]) -> str:
    """The card's section on records removed after the build (erasures), if any."""
    purges = manifest.get("purges") or []
    if not purges:
        return ""
    rows = "\n".join(
        f"| `{p['erasure_event_id']}` | {p['purged_at']} | {p['records_removed']:,} | "
        + ", ".join(f"{s['shard']}: {s['records']:,}" for s in p["shards"])
        + " |"
        for p in purges
    )
    return f"""
## Purged after the build

Members erased after this version was built (GDPR art. 17) had their records removed from
its shards and from `lineage.parquet`; the checksums, the written count and the counts per
kind and language describe the files as they are now. The decision counts (considered,
allowed, excluded) and the counts per region are as the build made them. Nothing here
names the member: the erasure's ledger event does, for whoever may read the ledger.

| erasure event | purged at | records removed | per shard |
|---|---|---:|---|
{rows}
"""


def render_card(manifest: dict[str, Any]) -> str:
    """The dataset card of a manifest (Markdown)."""
    c = manifest["counts"]
    parent = manifest.get("parent") or "none (full build)"
    reused = manifest.get("reused_shards") or []
    shard_rows = "\n".join(
        f"| {s['file']} | {s['records']:,} | `{s['sha256'][:16]}…` |"
        for s in manifest["shard_files"]
    )
    return f"""# Dataset {manifest["version"]}

Consent-filtered, de-identified training data for the content-creation models, built by
consentgate.

- **As of**: {manifest["as_of"]} (state of the network and of the consent ledger at that time)
- **Policy**: `{manifest["policy"]}`
- **Built**: {manifest["created_at"]}
- **Parent version**: {parent}; shards reused from it: {len(reused)} of {manifest["shards"]}
- **Shards**: {manifest["shards"]} (keyed hash of member_id, key id `{manifest["shard_key_id"]}`)

## What is in it

{c["written"]:,} records of {c["records"]:,} considered: {c["used"]:,} allowed by the policy,
{c["excluded"]:,} excluded, {c["deduplicated"]:,} exact duplicates removed (after redaction and
whitespace/case normalisation, within a shard; the earliest record, then the lowest record_id,
is kept). Profile fields are records of kind `profile` (`profile:<member_id>:<field>`).

{_table("Records per kind", c["by_kind"])}
{_table("Records per language", c["by_lang"])}
{_table("Records per region (member country)", c["by_region"])}
## What was excluded and why

Every record the policy did not allow is counted once, under the first rule it fails.

{_table("Excluded per reason", c["excluded_by_reason"], REASONS)}
{_table("Excluded per kind", c["excluded_by_kind"])}
{_table("Excluded per region", c["excluded_by_region"])}
Never included, whatever the policy: private messages, salary data, credentials, payment data,
data of members under 18.

## De-identification

Every text was redacted (`{manifest["redactor"]}`): e-mail addresses, phone numbers, URLs, IP
addresses, IBANs, card numbers, national ids, street addresses and person names (every member
name known to the workspace, the names of erased members through the suppression list of
keyed hashes, plus non-member names) are replaced by typed placeholders. Member names
themselves are never records.
{_purges(manifest)}
## Files

| file | records | SHA-256 |
|---|---:|---|
{shard_rows}

`lineage.parquet` maps every record_id to its member_id and shard; `manifest.json` holds the
figures above. Load with `datasets.load_dataset("parquet", data_files="shard-*.parquet")` or
DuckDB `SELECT * FROM 'shard-*.parquet'`.
"""
