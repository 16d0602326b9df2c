"""The Merkle tree against Certificate Transparency's published test vectors (RFC 6962 / 9162
trees over the same eight entries), and the proofs against the RFC's verification
algorithms for every size and index."""

from __future__ import annotations

import hashlib

import pytest

from consentgate.ledger.merkle import (
    EMPTY_ROOT,
    consistency_path,
    frontier_append,
    frontier_root,
    inclusion_path,
    leaf_hash,
    node_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

ENTRIES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
]  # fmt: skip
LEAVES = [leaf_hash(e) for e in ENTRIES]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, path) and (old size, size, path), as CT publishes them.
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip


def _mth(leaves: list[bytes]) -> bytes:
    """MTH as RFC 9162 2.1.1 defines it, recursively: the reference for the other functions."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _many(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def test_roots_match_the_published_vectors() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0] == root_of([]).hex()
    frontier: list[bytes] = []
    for size in range(1, len(LEAVES) + 1):
        frontier_append(frontier, size - 1, LEAVES[size - 1])
        assert frontier_root(frontier).hex() == ROOTS[size]
        assert root_of(LEAVES[:size]).hex() == ROOTS[size] == _mth(LEAVES[:size]).hex()


def test_the_frontier_holds_one_root_per_one_bit_and_gives_the_recursive_root() -> None:
    leaves = _many(70)
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves):
        frontier_append(frontier, size, leaf)
        assert len(frontier) == (size + 1).bit_count()
        assert frontier_root(frontier) == _mth(leaves[: size + 1])


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_published_vectors(
    index: int, size: int, path: list[str]
) -> None:
    made = inclusion_path(LEAVES[:size], index)
    assert [p.hex() for p in made] == path
    root = bytes.fromhex(ROOTS[size])
    assert verify_inclusion(LEAVES[index], index, size, made, root)
    assert not verify_inclusion(LEAVES[index], index, size, made, bytes.fromhex(ROOTS[0]))
    assert not verify_inclusion(LEAVES[index ^ 1], index, size, made, root)


@pytest.mark.parametrize(("old", "size", "path"), CONSISTENCY)
def test_consistency_proofs_match_the_published_vectors(
    old: int, size: int, path: list[str]
) -> None:
    made = consistency_path(LEAVES[:size], old)
    assert [p.hex() for p in made] == path
    old_root, root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[size])
    assert verify_consistency(old, size, old_root, root, made)
    assert not verify_consistency(old, size, bytes.fromhex(ROOTS[old + 1]), root, made) or (
        old == size
    )


def test_every_inclusion_proof_verifies_and_a_wrong_one_does_not() -> None:
    leaves = _many(37)
    for size in range(1, len(leaves) + 1):
        root = _mth(leaves[:size])
        for index in range(size):
            path = inclusion_path(leaves[:size], index)
            assert verify_inclusion(leaves[index], index, size, path, root)
            assert not verify_inclusion(leaves[index], index, size, path, leaf_hash(b"x"))
            if size > 1:
                other = (index + 1) % size
                assert not verify_inclusion(leaves[other], index, size, path, root)
        with pytest.raises(ValueError):
            inclusion_path(leaves[:size], size)


def test_every_consistency_proof_verifies_and_a_changed_prefix_does_not() -> None:
    leaves = _many(33)
    roots = [_mth(leaves[:n]) for n in range(len(leaves) + 1)]
    for size in range(len(leaves) + 1):
        for old in range(size + 1):
            path = consistency_path(leaves[:size], old)
            assert verify_consistency(old, size, roots[old], roots[size], path)
            if 0 < old < size:
                rewritten = [leaf_hash(b"forged")] + leaves[1:size]
                forged_root = _mth(rewritten)
                assert not verify_consistency(old, size, roots[old], forged_root, path)
                assert not verify_consistency(old, size, forged_root, roots[size], path)
    assert not verify_consistency(3, 2, roots[3], roots[2], [])
    assert not verify_consistency(0, 5, roots[1], roots[5], [])
