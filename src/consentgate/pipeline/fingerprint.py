"""Per-shard input fingerprints: what lets an incremental build reuse a parent's shard.

A shard file is a pure function of (1) the shard's used records (id, member, kind, raw text,
created_at, in record_id order), (2) the redactor and its configuration, and (3) the member
names the redactor knows *that match in those texts*. (3) matters because the member-name
index is global: a name added or erased elsewhere changes this shard's redaction only if one
of that name's keys occurs in this shard's texts. The check runs the redactor's own member
recogniser (`redact.MemberNameRecognizer.key_hits`) and records the key hashes it finds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from consentgate.redact import MemberNameRecognizer, SuppressedName, SuppressionList, fold

FORMAT = "consentgate-dataset/1"


SCAN_ROWS = 16_384  # texts turned into Python strings at a time (bounds memory)


def present_names(recognizer: MemberNameRecognizer, texts: pa.Array | pa.ChunkedArray) -> str:
    """Digest of the name-index keys found in the texts: exactly the member (and erased
    member) names whose presence changes this shard's redaction ("" when none is)."""
    hits: set[str] = set()
    for start in range(0, len(texts), SCAN_ROWS):
        for text in texts.slice(start, SCAN_ROWS).to_pylist():
            if text:
                hits.update(recognizer.key_hits(fold(text)))
    if not hits:
        return ""
    digest = hashlib.blake2b(digest_size=32, person=b"cg-names-hit")
    for key in sorted(hits):
        digest.update(key.encode() + b"\x00")
    return digest.hexdigest()


def present_suppressed(suppressed: SuppressionList, texts: pa.Array | pa.ChunkedArray) -> str:
    """Digest of the suppression entries whose first word occurs in the texts ("" if none).

    Like the names, an over-count: an entry whose first word occurs may still not match,
    costing a rebuild, never a wrong reuse.
    """
    present: set[SuppressedName] = set()
    for start in range(0, len(texts), SCAN_ROWS):
        joined = fold(_concat(texts.slice(start, SCAN_ROWS), "\x00"))
        present.update(suppressed.present(joined).entries)
    if not present:
        return ""
    return SuppressionList(suppressed.key, tuple(sorted(present))).digest


def _concat(texts: pa.Array | pa.ChunkedArray, sep: str) -> str:
    """All texts, each followed by `sep`, as one str (built in Arrow, not per element)."""
    suffixed = pc.binary_join_element_wise(texts, "", sep)
    array = suffixed.combine_chunks() if isinstance(suffixed, pa.ChunkedArray) else suffixed
    array = pc.fill_null(array, sep)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)
    start, end = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    data = array.buffers()[2]
    return data[start:end].to_pybytes().decode("utf-8") if data is not None else ""


def _hash_column(digest: Any, column: pa.ChunkedArray | pa.Array) -> None:
    """Feed a column's values (not its memory layout) to the digest."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if array.null_count:
        # Nulls are not expected in these columns; hash their positions to stay exact.
        digest.update(b"nulls:" + np.asarray(array.is_null()).tobytes())
    if pa.types.is_string(array.type):
        lengths = pc.fill_null(pc.binary_length(array), 0)
        digest.update(np.asarray(lengths, dtype=np.int32).tobytes())
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)
        start, end = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
        data = array.buffers()[2]
        digest.update(data[start:end] if data is not None else b"")
    else:
        values = pc.fill_null(array.cast(pa.int64()), 0)
        digest.update(np.asarray(values, dtype=np.int64).tobytes())


def records_digest(
    table: pa.Table, *, shard: int, shards: int, key_id: str, redactor_id: str
) -> str:
    """BLAKE2b over a shard's used records (`table` in record_id order) and its setting."""
    digest = hashlib.blake2b(digest_size=32, person=b"cg-shard-rec")
    header = f"{FORMAT}\n{shard}/{shards}\n{key_id}\n{redactor_id}\n{len(table)}\n"
    digest.update(header.encode())
    for name in ("record_id", "member_id", "kind", "text", "created_at"):
        digest.update(name.encode())
        _hash_column(digest, table[name])
    return digest.hexdigest()


def names_digest(names: Iterable[str]) -> str:
    """BLAKE2b over a list of member names (sorted first)."""
    digest = hashlib.blake2b(digest_size=32, person=b"cg-names")
    for name in sorted(names):
        digest.update(name.encode() + b"\x00")
    return digest.hexdigest()


def shard_fingerprint(records: str, present_names: str, present_suppressed: str = "") -> str:
    """The input fingerprint of a shard file: its records digest, its present names, and
    the suppression entries that can match in it (none: the fingerprint without them)."""
    digest = hashlib.blake2b(digest_size=32, person=b"cg-shard-fp")
    digest.update(f"{records}\n{present_names}".encode())
    if present_suppressed:
        digest.update(f"\n{present_suppressed}".encode())
    return digest.hexdigest()
