"""Properties of the pieces every shard model depends on: tokenizer, tags, split, digest."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from consentgate.pipeline.datasets import Record
from consentgate.training.examples import data_digest, is_heldout, kind_tag, split
from consentgate.training.tokenizer import BOS_ID, EOS_ID, VOCAB_SIZE, ByteTokenizer
from consentgate.training.trainer import shard_seed

TOKENIZER = ByteTokenizer()


@given(st.text())
def test_byte_tokenizer_round_trips_any_text(text: str) -> None:
    ids = TOKENIZER.encode(text, bos=True, eos=True)
    assert ids[0] == BOS_ID and ids[-1] == EOS_ID
    assert all(0 <= i < VOCAB_SIZE for i in ids)
    assert TOKENIZER.decode(ids) == text


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=40, unique=True))
def test_split_depends_on_record_ids_only(ids: list[str]) -> None:
    records = [Record(i, "m", "post", "t") for i in ids]
    train, heldout = split(records, 10)
    assert sorted(r.record_id for r in train + heldout) == sorted(ids)
    again = split(list(reversed(records)), 10)
    assert {r.record_id for r in again[1]} == {r.record_id for r in heldout}


def test_heldout_fraction_is_close_to_the_percentage() -> None:
    share = sum(is_heldout(f"c{i}", 10) for i in range(10_000)) / 10_000
    assert 0.09 < share < 0.11


def test_kind_tags_and_profile_fields() -> None:
    assert kind_tag("profile", "profile:m1:headline") == "headline"
    assert kind_tag("profile", "profile:m1:summary") == "summary"
    assert kind_tag("profile", "profile:m1:positions:0") == "profile"
    assert kind_tag("recruiter_message") == "message"
    assert kind_tag("article") == "post"


def test_digest_and_seeds_are_stable() -> None:
    records = [Record("a", "m", "post", "hello"), Record("b", "m", "post", "world")]
    assert data_digest(records) == data_digest(list(records))
    assert data_digest(records) != data_digest(records[:1])
    assert shard_seed(0, 1) == shard_seed(0, 1) != shard_seed(0, 2) != shard_seed(1, 1)


def test_base_corpus_holds_no_member_name_or_contact_and_digits_stay_single_tokens(
    tmp_path: Path,
) -> None:
    from consentgate.network.synth import generate_network
    from consentgate.training.corpus import corpus
    from consentgate.training.tokenizer import HFTokenizer, train_bpe

    texts = [text for _, text in corpus(3000)]
    assert corpus(50, seed=1) == corpus(50, seed=1) and len(set(texts)) > 1000
    network = generate_network(60, 0)
    private = {m["name"] for m in network.members} | {m["email"] for m in network.members}
    joined = "\n".join(texts)
    assert not [p for p in private if p and p in joined]
    assert "@" not in joined  # no address at all, of anyone
    train_bpe(texts[:500], 400, tmp_path)
    tokenizer = HFTokenizer(tmp_path)
    assert len(tokenizer.encode("0123456789")) == 10  # the audit scores digit by digit
    assert (
        tokenizer.decode(tokenizer.encode("Fière de l'équipe 2025!")) == "Fière de l'équipe 2025!"
    )


def test_generation_ends_where_the_model_starts_another_record() -> None:
    from consentgate.training.examples import next_record_at

    assert next_record_at("I worked with [summary] Data Scientist") == len("I worked with ")
    assert next_record_at("Thanks [PERSON], see [EMAIL]") is None  # redaction placeholders
    assert next_record_at("no tag here") is None
