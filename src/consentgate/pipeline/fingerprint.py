"""Per-shard input fingerprints: what lets an incremental build reuse a parent's shard.

A shard file is a pure function of (1) the shard's used records (id, member, kind, raw text,
created_at, in record_id order), (2) the redactor and its configuration, and (3) the member
names the redactor knows *that occur in those texts*. (3) matters because the member-name
automaton is global: a name added or erased elsewhere changes this shard's redaction only if
that name appears in this shard's texts. Counting a name as present on a coarse match
(case/accent/punctuation-folded substring of the shard's concatenated texts, both name
orders) can only over-count, which costs a rebuild, never a wrong reuse.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from consentgate.redact.lexicon import fold as redact_fold
from consentgate.redact.members import name_keys

FORMAT = "consentgate-dataset/1"
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Coarser than the redactor's fold: also case-folded, NFKD-stripped, punctuation-free.

    Applied on top of `consentgate.redact.lexicon.fold` (per-character maps compose), a name
    key the redactor finds in a text is always found here too.
    """
    decomposed = unicodedata.normalize("NFKD", redact_fold(text).casefold())
    return _NOT_ALNUM.sub("", decomposed)


def _variants(name: str) -> set[str]:
    """The coarse forms of every key the member-name recogniser looks for."""
    return {f for f in (fold(key) for key in name_keys(name)) if f}


class NameIndex:
    """An Aho-Corasick automaton over folded member names, to find which occur in a text."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self._automaton: Any = ahocorasick.Automaton()
        for i, name in enumerate(self.names):
            for variant in _variants(name):
                found = self._automaton.get(variant, None)
                self._automaton.add_word(variant, (found or ()) + (i,))
        self._ready = len(self._automaton) > 0
        if self._ready:
            self._automaton.make_automaton()

    def present(self, texts: Sequence[str]) -> list[str]:
        """The names (sorted) whose folded form occurs in the folded concatenation of texts."""
        if not self._ready or not texts:
            return []
        hits: set[int] = set()
        for _end, ids in self._automaton.iter(fold(" ".join(texts))):
            hits.update(ids)
        return [self.names[i] for i in sorted(hits)]


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


def shard_fingerprint(
    table: pa.Table, *, shard: int, shards: int, key_id: str, redactor_id: str, names: Sequence[str]
) -> str:
    """BLAKE2b over everything shard `shard`'s file depends on (`table` in record_id order)."""
    digest = hashlib.blake2b(digest_size=32, person=b"cg-shard-fp")
    header = f"{FORMAT}\n{shard}/{shards}\n{key_id}\n{redactor_id}\n{len(table)}\n"
    digest.update(header.encode())
    for name in ("record_id", "member_id", "kind", "text", "created_at"):
        digest.update(name.encode())
        _hash_column(digest, table[name])
    for name in names:
        digest.update(b"\x00name:" + name.encode())
    return digest.hexdigest()
