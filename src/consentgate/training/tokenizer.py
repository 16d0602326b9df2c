"""A byte-level tokenizer shipped in code: nothing about it is learnt from member data.

SISA needs every shard model to depend on its own shard only; a tokenizer trained on the
whole corpus would leak other shards' data into each model, so we use raw UTF-8 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BOS_ID = 256
EOS_ID = 257
PAD_ID = 258
VOCAB_SIZE = 259


@dataclass(frozen=True, slots=True)
class ByteTokenizer:
    """UTF-8 bytes 0–255 plus BOS, EOS and PAD."""

    bos_id: int = BOS_ID
    eos_id: int = EOS_ID
    pad_id: int = PAD_ID
    vocab_size: int = VOCAB_SIZE

    def encode(self, text: str, *, bos: bool = False, eos: bool = False) -> list[int]:
        """Token ids of `text`, optionally framed by BOS/EOS."""
        ids = list(text.encode("utf-8"))
        if bos:
            ids.insert(0, self.bos_id)
        if eos:
            ids.append(self.eos_id)
        return ids

    def decode(self, ids: Iterable[int]) -> str:
        """Text of the byte tokens; specials are dropped and broken UTF-8 is replaced."""
        return bytes(i for i in ids if 0 <= i < 256).decode("utf-8", errors="replace")
