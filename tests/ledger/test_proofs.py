"""Inclusion and consistency proofs made from the stored log, checked from the proof alone."""

from __future__ import annotations

import dataclasses
import datetime as dt

import ledger_attacks as attacks
import pytest

from consentgate.errors import LedgerProofError
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.proofs import InclusionProof, consistency_proof, inclusion_proof
from consentgate.ledger.signing import SignedHead
from consentgate.ledger.store import ConsentLedger, current_head
from consentgate.workspace import Workspace

UTC = dt.UTC


def _events(first: int, last: int) -> list[LedgerEvent]:
    return [
        LedgerEvent(f"e{i}", "m1", dt.datetime(2025, 10, 1, i, tzinfo=UTC), "objection", "form")
        for i in range(first, last + 1)
    ]


def _head(ws: Workspace) -> SignedHead:
    with ws.session() as s:
        head = current_head(s)
    assert head is not None
    return head


@pytest.fixture
def ledger(workspace: Workspace) -> Workspace:
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(1, 5))
    with workspace.session() as s:
        ConsentLedger(s).append_many(_events(6, 11))
    return workspace


def test_every_event_is_proved_in_the_current_head(ledger: Workspace) -> None:
    head = _head(ledger)
    key_id = ledger.ledger_anchor.record().key_id  # type: ignore[union-attr]
    for i in range(1, 12):
        with ledger.session() as s:
            proof = inclusion_proof(s, f"e{i}")
        assert proof.head == head and proof.leaf_index == i - 1
        assert proof.verify(key_id) and InclusionProof.from_dict(proof.to_dict()).verify(key_id)
        assert not proof.verify("another key id")
        forged = dataclasses.replace(proof, leaf_hash=proof.path[0] if proof.path else "00" * 32)
        assert not forged.verify()


def test_a_proof_against_an_older_head_and_the_head_it_cannot_cover(ledger: Workspace) -> None:
    old = next(
        line.head
        for line in ledger.ledger_anchor.read_heads()
        if line.head is not None and line.head.tree_size == 5
    )
    with ledger.session() as s:
        assert inclusion_proof(s, "e3", old).verify()
        with pytest.raises(LedgerProofError, match="came after the head of size 5"):
            inclusion_proof(s, "e6", old)
        with pytest.raises(LedgerProofError, match="no ledger event nope"):
            inclusion_proof(s, "nope")
        proof = consistency_proof(s, old)
    assert proof.new == _head(ledger) and proof.verify()


def test_a_proof_made_from_rewritten_rows_fails_against_the_signed_head(
    ledger: Workspace,
) -> None:
    old = _head(ledger)
    attacks.rewrite(ledger, "e4", type="restriction")
    with ledger.session() as s:
        assert not inclusion_proof(s, "e9", old).verify()
        first = next(
            line.head
            for line in ledger.ledger_anchor.read_heads()
            if line.head is not None and line.head.tree_size == 5
        )
        assert not consistency_proof(s, first, old).verify()
