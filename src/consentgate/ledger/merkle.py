"""The Merkle tree of Certificate Transparency logs (RFC 9162, section 2.1), over leaf hashes.

Every function takes leaf hashes (`leaf_hash(entry)`), not entries, as CT logs store them.
An append-only log keeps only its right frontier: the roots of the perfect subtrees that
the binary digits of its size name, largest first. Appending a leaf merges equal-sized
subtrees like a binary counter (amortised two hashes, at most log2(n)), and the root is the
frontier folded from the right, so a writer never reads the older leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 || entry)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def frontier_append(frontier: list[bytes], size: int, leaf: bytes) -> None:
    """Append one leaf hash to the frontier of a tree of `size` leaves, in place."""
    carry = leaf
    while size & 1:
        carry = node_hash(frontier.pop(), carry)
        size >>= 1
    frontier.append(carry)


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The tree head's root hash from its frontier (the empty tree's root for none)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


def root_of(leaves: Iterable[bytes]) -> bytes:
    """MTH(D[n]) of these leaf hashes, in one pass."""
    frontier: list[bytes] = []
    size = 0
    for leaf in leaves:
        frontier_append(frontier, size, leaf)
        size += 1
    return frontier_root(frontier)


def inclusion_path(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(m, D[n]) (RFC 9162 2.1.3.1): the audit path of leaf `index`, leaf side first."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    while hi - lo > 1:
        k = _split(hi - lo)
        if index - lo < k:
            path.append(root_of(leaves[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_of(leaves[lo : lo + k]))
            lo += k
    path.reverse()
    return path


def consistency_path(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]) (RFC 9162 2.1.4.1): the tree of `old_size` leaves is a prefix of this one."""
    size = len(leaves)
    if not 0 <= old_size <= size:
        raise ValueError(f"no tree of {old_size} leaves inside a tree of {size}")
    if old_size in (0, size):
        return []
    path: list[bytes] = []
    lo, m, whole = 0, old_size, True
    hi = size
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            path.append(root_of(leaves[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_of(leaves[lo : lo + k]))
            lo, m, whole = lo + k, m - k, False
    if not whole:
        path.append(root_of(leaves[lo:hi]))
    path.reverse()
    return path


def _shift_until_set_or_zero(fn: int, sn: int) -> tuple[int, int]:
    while not fn & 1 and fn != 0:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: whether `path` proves leaf `index` in the tree (`size`, `root`)."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            fn, sn = _shift_until_set_or_zero(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: whether `path` proves the tree (`old_size`, `old_root`) a prefix of
    the tree (`size`, `root`). The empty tree is a prefix of every tree, with no proof."""
    if not 0 <= old_size <= size:
        return False
    if old_size == 0:
        return old_root == EMPTY_ROOT and not path
    if old_size == size:
        return old_root == root and not path
    if not path:
        return False
    nodes = list(path)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        nodes.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            fn, sn = _shift_until_set_or_zero(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == root and sn == 0
