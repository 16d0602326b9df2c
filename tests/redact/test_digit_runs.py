"""Patterns tried only where a digit run starts find what a whole-text scan finds."""

from __future__ import annotations

import re
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from consentgate.redact.engine import digit_runs
from consentgate.redact.engine.digit_runs import digit_run_starts, kept_for_batch, matches_from
from consentgate.redact.lang.packs import lexicon_for
from consentgate.redact.recognizers import credit_card, ip_address, national_id, phone, url
from consentgate.redact.recognizers.address import numbered, prefixed
from consentgate.redact.recognizers.address.words import AddressWords

_LEX = lexicon_for("en")
_NUMBERED = numbered.NumberedStreets(_LEX, AddressWords(_LEX))
_PHONE_CANDIDATE = _LEX.derived(phone._phone_words).candidate

# Texts dense in what the number patterns read: digits (ASCII and others), separators,
# street words and the signs that open phone numbers.
_PIECES = st.sampled_from(
    list("0123456789 -.,/+()\n\t$€x") + ["١", "٢", "Rue ", "rue ", "Avenue ", "St", "Via ", "A"]
)
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)

DIGIT_LED = {
    "french street": _NUMBERED.french,
    "english street": numbered.EN_NUMBERED,
    "postcode": numbered.POSTCODE,
    "prefixed street": prefixed._NUMBER_THEN_WORD,
    "nir": national_id._NIR,
    "ssn": national_id._SSN,
    "bare ssn": national_id._SSN_BARE,
    "card": credit_card.CreditCardRecognizer.patterns[0].regex,
}


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def test_digit_run_starts() -> None:
    assert digit_run_starts("Tel 06 12, A12 and 2024-05-01") == [4, 7, 12, 19, 24, 27]
    assert digit_run_starts("no digit") == []
    assert digit_run_starts("٣٤ rue") == [0]  # other scripts' digits are digits


def test_starts_of_the_same_text_are_found_once() -> None:
    text = " ".join(["call", "06 12 34 56 78"])
    assert digit_run_starts(text) is digit_run_starts(text)
    other = " ".join(["call", "06 12 34 56 79"])
    assert digit_run_starts(other) == [5, 8, 11, 14, 17]


def test_a_batch_keeps_each_texts_starts_until_it_ends() -> None:
    texts = [" ".join(["tel", str(n), "06 12"]) for n in range(3)]
    with kept_for_batch():
        found = [digit_run_starts(text) for text in texts]
        # Asked again after the others, each text gets the list found the first time.
        assert all(digit_run_starts(t) is f for t, f in zip(texts, found, strict=True))
        assert found == [[4, 6, 9], [4, 6, 9], [4, 6, 9]]
    assert digit_runs._batch is None
    assert digit_run_starts(texts[0]) is not found[0]  # nothing outlives the batch


def test_batches_in_two_threads_leave_nothing_behind() -> None:
    opened, closed = threading.Event(), threading.Event()

    def other_batch() -> None:
        with kept_for_batch():
            opened.set()
            closed.wait(5)
            assert digit_run_starts("a 1 b 22") == [2, 6]

    worker = threading.Thread(target=other_batch)
    with kept_for_batch():
        worker.start()
        opened.wait(5)
        # The other thread's batch is the one open now: the starts are still right.
        assert digit_run_starts("n 7") == [2]
    assert digit_runs._batch is not None  # the other batch is still open
    closed.set()
    worker.join(5)
    assert digit_runs._batch is None


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_digit_led_patterns_match_as_a_full_scan(text: str) -> None:
    starts = digit_run_starts(text)
    for name, regex in DIGIT_LED.items():
        assert _spans(matches_from(regex, text, starts)) == _spans(regex.finditer(text)), name


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_phone_candidates_and_card_pattern_match_as_a_full_scan(text: str) -> None:
    candidates = matches_from(_PHONE_CANDIDATE, text, phone._candidate_starts(text))
    assert _spans(candidates) == _spans(_PHONE_CANDIDATE.finditer(text))
    card = credit_card.CreditCardRecognizer.patterns[0]
    assert _spans(card.finditer(text)) == _spans(card.regex.finditer(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789...:/wW") + ["com", "fr", "js", " "]), max_size=30))
def test_ipv4_anchor_and_url_hint_are_literal_led_rewrites(pieces: list[str]) -> None:
    text = "".join(pieces)
    ipv4 = ip_address.IpAddressRecognizer.patterns[0]
    assert _spans(ipv4.finditer(text)) == _spans(ipv4.regex.finditer(text))
    # The hint as one class-led regex, as it was written before it was found from dots.
    tlds = url._TLDS
    hint = re.compile(r"[:.wW](?:(?<=:)//|(?<=[wW])[wW]{2}\.|(?<=\.)(?i:" + tlds + r")\b)")
    assert url._may_hold_url(text) == (hint.search(text) is not None)


def test_url_hint() -> None:
    for text in ("see https://x", "WwW.example", "mail me at a.com", "le site exemple.fr."):
        assert url._may_hold_url(text), text
    for text in ("Node.js is fast", "version 1.2.3", "ww.x", "no link here"):
        assert not url._may_hold_url(text), text
