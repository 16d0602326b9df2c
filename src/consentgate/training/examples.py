"""Turning dataset records into training examples: a kind tag, the text, BOS/EOS framing.

The tag lets generation ask for a kind of content (`[post] `, `[headline] `...). The held-out
split depends on the record id only, so it is the same in every build and every shard.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence

from consentgate.pipeline.datasets import Record
from consentgate.training.tokenizer import TextTokenizer

GENERATION_KINDS = ("post", "headline", "summary", "message")
_KIND_TAGS = {
    "post": "post",
    "article": "post",
    "group_post": "post",
    "comment": "comment",
    "recruiter_message": "message",
    "ai_prompt": "prompt",
    "feedback": "feedback",
}


def kind_tag(kind: str, record_id: str = "") -> str:
    """The tag of a record: profile headline/summary fields get their own tags."""
    if kind == "profile":
        parts = record_id.split(":")
        field = parts[2] if len(parts) > 2 else ""
        return field if field in ("headline", "summary") else "profile"
    return _KIND_TAGS.get(kind, kind)


_TAG = re.compile(
    r"\[(?:" + "|".join(sorted({*_KIND_TAGS.values(), "headline", "summary", "profile"})) + r")\]"
)


def next_record_at(text: str) -> int | None:
    """Where a generated text starts another record's tag (`[post] ...`), if it does: the
    model learnt records one after another, and what follows a tag is another record."""
    found = _TAG.search(text)
    return found.start() if found else None


def prompt_prefix(tag: str) -> str:
    """The text put in front of a record (and of a generation prompt) of this tag."""
    return f"[{tag}] "


def encode_record(record: Record, tokenizer: TextTokenizer) -> list[int]:
    """BOS + tag + text + EOS as tokens."""
    text = prompt_prefix(kind_tag(record.kind, record.record_id)) + record.text
    return tokenizer.encode(text, bos=True, eos=True)


def is_heldout(record_id: str, percent: int) -> bool:
    """Deterministic held-out membership from a hash of the record id."""
    if percent <= 0:
        return False
    bucket = int.from_bytes(hashlib.sha256(record_id.encode()).digest()[:4], "big") % 100
    return bucket < percent


def split(records: Sequence[Record], percent: int) -> tuple[list[Record], list[Record]]:
    """(train, heldout); a shard too small to spare any record trains on all of them."""
    train = [r for r in records if not is_heldout(r.record_id, percent)]
    heldout = [r for r in records if is_heldout(r.record_id, percent)]
    if not train:
        return list(records), []
    return train, heldout


def data_digest(records: Sequence[Record]) -> str:
    """SHA-256 of exactly what a shard model sees (ids, kinds, texts, in order)."""
    digest = hashlib.sha256()
    for record in records:
        row = [record.record_id, record.kind, record.text]
        digest.update(json.dumps(row, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()
