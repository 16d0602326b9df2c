"""The redactor as a whole: strategies, overlaps, registry, language, batches, pickling."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentgate.errors import ConfigError
from consentgate.redact import (
    EmailRecognizer,
    RecognizerRegistry,
    RecognizerResult,
    Redactor,
    apply_strategy,
    detect_language,
    resolve_overlaps,
)


def test_placeholder_strategy(redactor: Redactor) -> None:
    text = "Écrivez à Léa Moreau (lea.moreau@exemple.fr, 06 12 34 56 78)."
    result = redactor.redact(text)
    assert result.text == "Écrivez à [PERSON] ([EMAIL], [PHONE])."
    assert [text[s.start : s.end] for s in result.spans] == [
        "Léa Moreau", "lea.moreau@exemple.fr", "06 12 34 56 78"]  # fmt: skip
    assert result.lang == "fr"


def test_pseudonym_strategy_is_consistent_within_a_record() -> None:
    redactor = Redactor(["Léa Moreau", "John Smith"], strategy="pseudonym")
    result = redactor.redact(
        "Léa Moreau met John Smith; MOREAU Léa wrote to john smith and lea@x.fr, then lea@x.fr."
    )
    assert result.text == (
        "[PERSON_1] met [PERSON_2]; [PERSON_1] wrote to [PERSON_2] and [EMAIL_1], then [EMAIL_1]."
    )
    # Numbering restarts with every record.
    assert redactor.redact("John Smith").text == "[PERSON_1]"


def test_unknown_strategy_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown redaction strategy"):
        Redactor(strategy="hash")


LOOKALIKES = [
    "Order #4111111111111111 shipped on 2024-01-15 for $1,299.99.",
    "Commande n° 0612345678 expédiée le 15/01/2024, total 1 234,56 €.",
    "Release 3.12.1 of Python fixes 42 bugs; see version 1.2.3.4 notes.",
    "Apple, Google and Microsoft posted results. Next meeting: Monday 9 May at 10:30.",
    "Senior Data Engineer at Acme SA since March 2021. Skills: SQL, Python, Spark.",
    "Produit réf. AB123456C en stock, 12 unités à 49,90 € TTC.",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_left_alone(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert result.spans == [], [text[s.start : s.end] for s in result.spans]
    assert result.text == text


def test_overlaps_resolve_to_union_with_best_type() -> None:
    a = RecognizerResult(0, 10, "URL", 0.6, "url")
    b = RecognizerResult(0, 20, "EMAIL", 0.95, "email")
    c = RecognizerResult(15, 25, "PHONE", 0.5, "phone")
    d = RecognizerResult(30, 35, "PERSON", 0.7, "names")
    assert resolve_overlaps([d, c, a, b]) == [
        RecognizerResult(0, 25, "EMAIL", 0.95, "email"),
        d,
    ]
    # Same outcome whatever the input order.
    assert resolve_overlaps([a, b, c, d]) == resolve_overlaps([d, c, b, a])


def test_a_detection_covering_its_cluster_gives_the_type() -> None:
    street = RecognizerResult(0, 20, "STREET_ADDRESS", 0.6, "street_address")
    name_inside = RecognizerResult(5, 16, "PERSON", 0.7, "names")
    assert resolve_overlaps([name_inside, street]) == [street]
    text = "The office is at 5850 Jana Nerudy 894\nPraha, 11000"
    spans = Redactor().redact(text).spans
    assert [(text[s.start : s.end], s.type) for s in spans][0] == (
        "5850 Jana Nerudy 894",
        "STREET_ADDRESS",
    )


def test_apply_strategy_keeps_text_between_spans() -> None:
    spans = [RecognizerResult(0, 3, "PERSON", 1, "x"), RecognizerResult(4, 7, "EMAIL", 1, "x")]
    assert apply_strategy("abc def ghi", spans, "placeholder") == "[PERSON] [EMAIL] ghi"


def test_registry_filters_by_language_and_type() -> None:
    class FrenchOnly(EmailRecognizer):
        name = "fr_only"
        languages = ("fr",)

    registry = RecognizerRegistry([EmailRecognizer(), FrenchOnly()])
    assert [r.name for r in registry.get("fr")] == ["email", "fr_only"]
    # English has a pack: only what supports it runs; Dutch has none and no recogniser
    # names it, so every recogniser runs.
    assert [r.name for r in registry.get("en")] == ["email"]
    assert [r.name for r in registry.get("nl")] == ["email", "fr_only"]
    registry.add(
        type("EnglishOnly", (EmailRecognizer,), {"name": "en_only", "languages": ("en",)})()
    )
    assert [r.name for r in registry.get("en")] == ["email", "en_only"]
    assert registry.get("fr", ["PHONE"]) == ()
    assert registry.to_dict()["recognizers"]


def test_entity_type_filter() -> None:
    redactor = Redactor(entity_types=["EMAIL"])
    assert redactor.redact("Sarah Johnson: sj@example.com").text == "Sarah Johnson: [EMAIL]"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bravo à toute l'équipe pour ce lancement !", "fr"),
        ("Je suis ravie de rejoindre Acme en tant que cheffe de projet.", "fr"),
        ("Thrilled to announce that I have joined the data team.", "en"),
        ("Thanks for the great talk, it was very useful.", "en"),
        ("Vielen Dank für die Einladung, es war ein toller Abend.", "de"),
        ("Gracias por la invitación, fue muy interesante.", "es"),
        ("SQL, Python, Spark", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_mark_classes_match_lower_case_marks() -> None:
    # The marks are searched in the text as written: a character counts exactly when
    # its lower case holds a mark.
    from consentgate.redact.lang.detect import _MARK_CLASSES, _MARKS

    every = "".join(map(chr, range(0x110000)))
    cased = [(ch, ch.lower()) for ch in every if ch.lower() != ch]
    for lang, pattern in _MARK_CLASSES:
        marks = set(_MARKS[lang])
        expected = marks | {ch for ch, low in cased if not marks.isdisjoint(low)}
        assert set(pattern.findall(every)) == expected, lang


def test_redact_many_matches_redact(redactor: Redactor) -> None:
    texts = ["Call 06 12 34 56 78", "Sarah Johnson", "", "nothing here"]
    many = redactor.redact_many(texts, ["fr", None, None, "en"])
    assert [r.text for r in many] == ["Call [PHONE]", "[PERSON]", "", "nothing here"]
    assert [r.text for r in redactor.redact_many(texts)] == [r.text for r in many]
    with pytest.raises(ConfigError):
        redactor.redact_many(texts, ["fr"])


def test_redact_many_handles_missing_and_blank_texts(redactor: Redactor) -> None:
    texts: list[str | None] = [None, "", "   ", "Merci Léa Moreau"]
    for langs in (None, ["fr", "en", None, "fr"]):
        results = redactor.redact_many(texts, langs)
        assert [r.text for r in results] == ["", "", "   ", "Merci [PERSON]"]
        assert [r.lang for r in results][:3] == ["und", "und", "und"]
        assert all(not r.spans for r in results[:3])
    pseudonyms = Redactor(strategy="pseudonym").redact_many([None, ""])
    assert [r.text for r in pseudonyms] == ["", ""]


def test_redactor_pickles_small_and_works_after(redactor: Redactor) -> None:
    data = pickle.dumps(redactor)
    assert len(data) < 5_000
    clone = pickle.loads(data)
    assert clone.redact("Merci Léa Moreau").text == "Merci [PERSON]"


_PII_PIECES = st.sampled_from(
    [
        "Léa Moreau", "john smith", "Sarah Johnson", "lea@exemple.fr", "06 12 34 56 78",
        "+44 20 7946 0958", "https://ex.com/a", "192.168.0.1", "FR1420041010050500013M02606",
        "4111 1111 1111 1111", "123-45-6789", "12 rue de la Paix, 75002 Paris", "Order 42",
        "version 1.2.3", " ", ", ", ".", "\n",
    ]
)  # fmt: skip


_REDACTORS = {
    strategy: Redactor(["Léa Moreau", "John Smith"], strategy=strategy)
    for strategy in ("placeholder", "pseudonym")
}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PII_PIECES, st.text(max_size=12)), max_size=8))
def test_redaction_changes_nothing_outside_spans(pieces: list[str]) -> None:
    text = "".join(pieces)
    for redactor in _REDACTORS.values():
        result = redactor.redact(text)
        spans = result.spans
        assert all(0 <= s.start < s.end <= len(text) for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
        # The output is exactly: input outside the spans, one placeholder per span.
        pattern, position = [], 0
        for span in spans:
            pattern.append(re.escape(text[position : span.start]))
            pattern.append(rf"\[{span.type}(?:_\d+)?\]")
            position = span.end
        pattern.append(re.escape(text[position:]))
        assert re.fullmatch("".join(pattern), result.text, flags=re.DOTALL)


_PII_TEXTS = st.lists(st.one_of(_PII_PIECES, st.text(max_size=12)), max_size=8).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_PII_TEXTS, st.sampled_from([None, "en", "fr", "de"])), max_size=6))
def test_a_batch_finds_what_each_text_alone_finds(items: list[tuple[str, str | None]]) -> None:
    texts = [text for text, _ in items]
    langs = [lang for _, lang in items]
    for redactor in _REDACTORS.values():
        alone = [redactor.redact(text, lang) for text, lang in items]
        assert redactor.redact_many(texts, langs) == alone
        analysed = redactor.analyze_many([t for t in texts if t], [lang for t, lang in items if t])
        assert [spans for spans, _ in analysed] == [redactor.analyze(t) for t in texts if t]


def test_a_batch_with_repeated_and_equal_texts() -> None:
    # Equal texts that are different objects, the same object twice, and texts whose
    # digit runs differ only in where they start: none may borrow another's findings.
    first = "".join(["Appelez le ", "06 12 34 56 78", " ou écrivez au 12 rue de la Paix"])
    equal = "".join(["Appelez le ", "06 12 34 56 78", " ou écrivez au 12 rue de la Paix"])
    shifted = "x" + first
    redactor = _REDACTORS["placeholder"]
    batch = [first, equal, first, shifted, "Card 4111 1111 1111 1111", first]
    assert redactor.redact_many(batch) == [redactor.redact(text) for text in batch]


def test_registry_round_trips_through_to_dict() -> None:
    from consentgate.redact import default_recognizers

    registry = RecognizerRegistry(default_recognizers(["Léa Moreau"]))
    data = registry.to_dict()
    assert "Léa" not in str(data)  # member names are personal data, never described
    clone = RecognizerRegistry.from_dict(data, member_names=["Léa Moreau"])
    assert [r.name for r in clone.recognizers] == [r.name for r in registry.recognizers]
    redactor = Redactor(registry=clone)
    assert redactor.redact("Merci Léa Moreau, lea@x.fr").text == "Merci [PERSON], [EMAIL]"
    with pytest.raises(ConfigError, match="unknown recogniser"):
        RecognizerRegistry.from_dict({"recognizers": [{"name": "nope"}]})
