"""Inclusion and consistency proofs of the ledger's tree, against signed heads.

An inclusion proof shows that one event (its leaf hash, at its position) is in the tree a
signed head names: a member's forgetting receipt carries the proof of their "no". A
consistency proof shows that an older signed head's tree is a prefix of a newer one's (the
log only grew). Both are checked with the RFC 9162 verification algorithms from the proof
alone: the head's signature, then the path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from consentgate.errors import LedgerProofError, LedgerTamperError
from consentgate.ledger.merkle import (
    consistency_path,
    inclusion_path,
    verify_consistency,
    verify_inclusion,
)
from consentgate.ledger.signing import HeadFormatError, SignedHead
from consentgate.ledger.store import current_head
from consentgate.models import ConsentEvent


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """Event `event_id`, leaf `leaf_index` with `leaf_hash`, is in the tree of `head`."""

    event_id: str
    leaf_index: int
    leaf_hash: str
    path: list[str]
    head: SignedHead

    def verify(self, key_id: str | None = None) -> bool:
        """The head's signature (by key `key_id`, when given), then the audit path."""
        if not self.head.signature_ok() or (key_id is not None and self.head.key_id != key_id):
            return False
        try:
            leaf = bytes.fromhex(self.leaf_hash)
            path = [bytes.fromhex(node) for node in self.path]
        except ValueError:
            return False
        root = bytes.fromhex(self.head.root_hash)
        return verify_inclusion(leaf, self.leaf_index, self.head.tree_size, path, root)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "leaf_index": self.leaf_index,
            "leaf_hash": self.leaf_hash,
            "path": list(self.path),
            "head": self.head.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: object) -> InclusionProof:
        """A proof from its JSON form; HeadFormatError when it is not one."""
        if not isinstance(data, dict):
            raise HeadFormatError("an inclusion proof is a JSON object")
        path = data.get("path")
        index = data.get("leaf_index")
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            raise HeadFormatError("path: not a list of hashes")
        if not isinstance(index, int) or not all(
            isinstance(data.get(k), str) for k in ("event_id", "leaf_hash")
        ):
            raise HeadFormatError("event_id, leaf_index and leaf_hash are required")
        return cls(
            data["event_id"], index, data["leaf_hash"], path, SignedHead.from_dict(data.get("head"))
        )


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    """The tree of `old` is a prefix of the tree of `new`."""

    old: SignedHead
    new: SignedHead
    path: list[str]

    def verify(self, key_id: str | None = None) -> bool:
        for head in (self.old, self.new):
            if not head.signature_ok() or (key_id is not None and head.key_id != key_id):
                return False
        old_root, new_root = bytes.fromhex(self.old.root_hash), bytes.fromhex(self.new.root_hash)
        path = [bytes.fromhex(node) for node in self.path]
        return verify_consistency(self.old.tree_size, self.new.tree_size, old_root, new_root, path)


_VERIFY = "run `consentgate ledger verify`"


def _head(session: Session, head: SignedHead | None) -> SignedHead:
    found = head or current_head(session)
    if found is None:
        raise LedgerProofError("the ledger has no signed head: run `consentgate ledger sign`")
    return found


def stored_leaves(session: Session, size: int) -> list[bytes]:
    """The leaf hashes of positions 0..size-1, as stored (a proof is only as good as they
    are: one made from edited rows fails against the signed head)."""
    rows = session.execute(
        select(ConsentEvent.position, ConsentEvent.hash)
        .where(ConsentEvent.position < size)
        .order_by(ConsentEvent.position)
    )
    leaves: list[bytes] = []
    for position, digest in rows:
        if position != len(leaves):
            raise LedgerTamperError(f"the ledger has no event at position {len(leaves)}: {_VERIFY}")
        try:
            leaves.append(bytes.fromhex(digest or ""))
            if len(leaves[-1]) != 32:
                raise ValueError("not a SHA-256 hash")
        except ValueError:
            raise LedgerTamperError(
                f"the event at position {position} has no valid hash: {_VERIFY}"
            ) from None
    if len(leaves) != size:
        raise LedgerTamperError(f"the ledger holds {len(leaves)} events, its head names {size}")
    return leaves


def inclusion_proofs(
    session: Session, event_ids: Sequence[str], head: SignedHead | None = None
) -> dict[str, InclusionProof]:
    """The proofs of several events against one head (the leaves are read once)."""
    signed = _head(session, head)
    rows = session.execute(
        select(ConsentEvent.event_id, ConsentEvent.position).where(
            ConsentEvent.event_id.in_(list(event_ids))
        )
    )
    found: dict[str, int | None] = {event_id: position for event_id, position in rows}  # noqa: C416
    leaves = stored_leaves(session, signed.tree_size) if found else []
    proofs = {}
    for event_id in event_ids:
        position = found.get(event_id)
        if position is None:
            raise LedgerProofError(f"no ledger event {event_id}")
        if position >= signed.tree_size:
            raise LedgerProofError(
                f"event {event_id} (position {position}) came after the head of size "
                f"{signed.tree_size}"
            )
        path = [node.hex() for node in inclusion_path(leaves, position)]
        proofs[event_id] = InclusionProof(event_id, position, leaves[position].hex(), path, signed)
    return proofs


def inclusion_proof(
    session: Session, event_id: str, head: SignedHead | None = None
) -> InclusionProof:
    """The proof that event `event_id` is in the tree of `head` (default: the current head)."""
    return inclusion_proofs(session, [event_id], head)[event_id]


# The events that say no: their type, and the stored value that makes a choice a no.
_NO_TYPES = ("objection", "restriction", "erasure")
_NO_VALUES = {"ai_training_setting": "false", "notice_response": '"refuse"'}


def withdrawal_proofs(
    session: Session, member_ids: Sequence[str], head: SignedHead, as_of: dt.datetime
) -> dict[str, InclusionProof]:
    """For each member, the inclusion proof (in `head`) of their last event saying no made
    at or before `as_of`: a setting turned off, a notice refused, an objection, a
    restriction or an erasure. Members without one are left out."""
    rows = session.execute(
        select(ConsentEvent.member_id, ConsentEvent.event_id, ConsentEvent.type,
               cast(ConsentEvent.value, Text))
        .where(ConsentEvent.member_id.in_(list(member_ids)))
        .where(ConsentEvent.position < head.tree_size)
        .where(ConsentEvent.at <= as_of)
        .order_by(ConsentEvent.position)
    )  # fmt: skip
    last_no: dict[str, str] = {}
    for member_id, event_id, type_, value in rows:
        if type_ in _NO_TYPES or _NO_VALUES.get(type_) == value:
            last_no[member_id] = event_id
    proofs = inclusion_proofs(session, list(last_no.values()), head) if last_no else {}
    return {member_id: proofs[event_id] for member_id, event_id in last_no.items()}


def consistency_proof(
    session: Session, old: SignedHead, new: SignedHead | None = None
) -> ConsistencyProof:
    """The proof that the tree of `old` is a prefix of the tree of `new` (default: current)."""
    signed = _head(session, new)
    if old.tree_size > signed.tree_size:
        raise LedgerProofError(
            f"a head of {old.tree_size} events is not inside one of {signed.tree_size}"
        )
    leaves = stored_leaves(session, signed.tree_size)
    path = [node.hex() for node in consistency_path(leaves, old.tree_size)]
    return ConsistencyProof(old, signed, path)
