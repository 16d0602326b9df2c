"""The member-name index: every member's and every erased member's name keys as sorted 64-bit
hashes, in a few bytes a member instead of an automaton of all names.

A name gives the folded keys of :func:`members.name_keys` ("lea moreau", "moreau lea", and
for longer names "first last" and "rest first"); each key, cut into words as the suppression
list cuts them (:func:`suppressed.normal_words`: "jean-pierre" and "o'brien" are one word),
is hashed with the suppression list's keyed BLAKE2b (`key_hash`) and kept as the first 8 of
its 16 bytes. The key's first word is hashed the same way (`first_hash`), so a text is probed
only where a word is the first word of some key. An erased member's suppression entry *is*
such a pair of hashes under the same key: the index takes the list's entries as they are, and
one structure redacts the living members' names and keeps the erased ones redacted.

Size: 6 bytes per distinct key (2 keys for most names, 4 for names of three words or more)
and 1 per distinct first word (first names and surnames repeat: far fewer than members). A
false positive needs a 48-bit collision: about (windows probed) x keys / 2^48. Pure and
picklable (three NumPy arrays), so a Ray object store can hold one copy per node.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from consentgate.redact.recognizers.namekeys import name_keys
from consentgate.redact.recognizers.suppressed import SuppressionList, normal_words

NAME_PERSON = b"cg-supp-name"
FIRST_PERSON = b"cg-supp-first"


def hash64(key: bytes, text: str, person: bytes) -> int:
    """The first 8 bytes (big-endian) of the suppression list's keyed BLAKE2b-128 of `text`."""
    digest = hashlib.blake2b(text.encode(), key=key, digest_size=16, person=person).digest()
    return int.from_bytes(digest[:8], "big")


def _prefix64(hex_digest: str) -> int:
    return int(hex_digest[:16], 16)


# A key is kept as its hash's top 48 bits (a uint32 and a uint16 array, sorted together): 6
# bytes a key, and a false hit needs a 48-bit collision. First words, which only decide where
# to probe, go into a Bloom filter of 8 bits a word and two bit positions (about 5% of other
# words pass it): a word passing by mistake costs a probe, never a false hit.
BITS_PER_FIRST_WORD = 8


def _split_keys(values: list[int]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.unique(np.fromiter(values, dtype=np.uint64, count=len(values)) >> np.uint64(16))
    return (keys >> np.uint64(16)).astype(np.uint32), (keys & np.uint64(0xFFFF)).astype(np.uint16)


def _bit_positions(value: int, size: int) -> tuple[int, int]:
    return (value >> 32) % size, (value & 0xFFFFFFFF) % size


def _bloom(values: list[int]) -> np.ndarray:
    """A bit array (uint8) with two bits set per value: `_bit_positions` modulo its size."""
    size = max(64, -(-len(set(values)) * BITS_PER_FIRST_WORD // 64) * 64)
    bits = np.zeros(size // 8, dtype=np.uint8)
    for value in values:
        for pos in _bit_positions(value, size):
            bits[pos >> 3] |= np.uint8(1 << (pos & 7))
    return bits


@dataclass(frozen=True, slots=True, eq=False)
class NameIndex:
    """Name keys as sorted 48-bit hashes (`high` 32 bits, `low` 16) and their first words in
    a Bloom filter (`firsts`), all under one key (the suppression list's)."""

    key: bytes
    high: np.ndarray
    low: np.ndarray
    firsts: np.ndarray
    lengths: tuple[int, ...]  # word counts of the keys (the window sizes to probe)
    members: int  # names given (living members)
    erased: int  # suppression entries taken

    @classmethod
    def build(
        cls, names: Iterable[str], suppressed: SuppressionList | None = None
    ) -> NameIndex:
        """The index of `names`, plus the entries of `suppressed` under its key."""
        key = suppressed.key if suppressed is not None and suppressed.entries else b""
        keys: list[int] = []
        firsts: dict[str, int] = {}  # first words repeat: each is hashed once
        lengths: set[int] = set()
        count = 0
        for name in names:
            count += 1
            for name_key in name_keys(name):
                words = normal_words(name_key)
                if len(words) < 2:
                    continue
                keys.append(hash64(key, " ".join(words), NAME_PERSON))
                if words[0] not in firsts:
                    firsts[words[0]] = hash64(key, words[0], FIRST_PERSON)
                lengths.add(len(words))
        first_values = list(firsts.values())
        entries = suppressed.entries if suppressed is not None else ()
        for entry in entries:
            keys.append(_prefix64(entry.key_hash))
            first_values.append(_prefix64(entry.first_hash))
            lengths.add(entry.words)
        high, low = _split_keys(keys)
        return cls(
            key=key,
            high=high,
            low=low,
            firsts=_bloom(first_values),
            lengths=tuple(sorted(lengths)),
            members=count,
            erased=len(entries),
        )

    def __len__(self) -> int:
        return int(len(self.high))

    @property
    def nbytes(self) -> int:
        """The index's size: its three arrays."""
        return int(self.high.nbytes + self.low.nbytes + self.firsts.nbytes)

    @property
    def digest(self) -> str:
        """BLAKE2b over the arrays and the key's hash: names the index in manifests."""
        digest = hashlib.blake2b(digest_size=16, person=b"cg-name-index")
        digest.update(hashlib.blake2b(self.key, digest_size=16).digest())
        for array in (self.high, self.low, self.firsts):
            digest.update(array.tobytes())
        return digest.hexdigest()

    def name_hash(self, words: str) -> int:
        """The 64-bit hash of a key ("lea moreau"), as `contains` takes it."""
        return hash64(self.key, words, NAME_PERSON)

    def has_first(self, word: str) -> bool:
        """Whether `word` (folded) may be the first word of some key (Bloom filter: no false
        negative, about 5% false positives)."""
        size = len(self.firsts) * 8
        bits = self.firsts
        return all(
            int(bits[pos >> 3]) >> (pos & 7) & 1
            for pos in _bit_positions(hash64(self.key, word, FIRST_PERSON), size)
        )

    def has_key(self, words: str) -> bool:
        """Whether `words` (folded, one space between words) is a key."""
        return self.contains(self.name_hash(words))

    def lookup(self) -> Callable[[int], bool]:
        """`contains` over memoryviews of the arrays: a binary search without NumPy's
        per-call cost (about ten times faster for one value), for the recogniser's probes."""
        high = self.high.data.cast("B").cast("I")
        low = self.low.data.cast("B").cast("H")

        def contains(value: int) -> bool:
            top = value >> 32
            start = bisect_left(high, top)
            if start == len(high) or high[start] != top:
                return False
            wanted = (value >> 16) & 0xFFFF
            return any(low[i] == wanted for i in range(start, bisect_right(high, top, start)))

        return contains

    def contains(self, value: int) -> bool:
        """Whether a key hash (`name_hash`) is in the index (its top 48 bits)."""
        high = np.uint32(value >> 32)
        start = int(np.searchsorted(self.high, high, side="left"))
        if start == len(self.high) or self.high[start] != high:
            return False
        stop = int(np.searchsorted(self.high, high, side="right"))
        return bool((self.low[start:stop] == np.uint16((value >> 16) & 0xFFFF)).any())


