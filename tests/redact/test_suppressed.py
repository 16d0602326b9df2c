"""PERSON for erased members: the suppression list's keyed hashes, never the names."""

from __future__ import annotations

import pickle

import pytest

from consentgate.redact import (
    MemberNameRecognizer,
    Redactor,
    SuppressedNameRecognizer,
    SuppressionList,
    default_recognizers,
    suppression_entries,
)

from ._helpers import found

KEY = bytes(range(32))
ERASED = ["Cyprien Delacroix", "Léa Moreau", "Jean-Pierre de La Tour", "Zoë O'Neill", "Cher"]


def suppression(names: list[str], key: bytes = KEY) -> SuppressionList:
    entries = [e for name in names for e in suppression_entries(name, key)]
    return SuppressionList(key, tuple(sorted(set(entries))))


CASES = [
    ("fr", "Merci à Cyprien Delacroix pour l'échange sur le sujet…", ["Cyprien Delacroix"]),
    ("fr", "MERCI À CYPRIEN DELACROIX", ["CYPRIEN DELACROIX"]),
    ("fr", "merci à cyprien délacroix !", ["cyprien délacroix"]),
    ("fr", "Delacroix Cyprien et DELACROIX, Cyprien", ["Delacroix Cyprien", "DELACROIX, Cyprien"]),
    ("fr", "Cyprien\nDelacroix a signé", ["Cyprien\nDelacroix"]),
    ("fr", "bravo à lea moreau et MOREAU Léa", ["lea moreau", "MOREAU Léa"]),
    (
        "fr",
        "Merci Jean-Pierre de La Tour et Jean-Pierre Tour",
        ["Jean-Pierre de La Tour", "Jean-Pierre Tour"],
    ),
    ("en", "Cheers to Zoe O’Neill!", ["Zoe O’Neill"]),
    # Word boundaries, order and punctuation: no hit.
    ("fr", "Cyprien est venu. Delacroix aussi.", []),
    ("fr", "Cyprien, Delacroix, et les autres", ["Cyprien, Delacroix"]),
    ("en", "cypriendelacroix and Delacroixville", []),
    ("en", "cyprien.delacroix@example.com", []),
    ("en", "Cher is a singer", []),  # one-word names are never on the list
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_erased_names_are_found_from_their_hashes(
    lang: str, text: str, expected: list[str]
) -> None:
    recognizer = SuppressedNameRecognizer(suppression(ERASED))
    assert found(recognizer, text, lang) == [(e, "PERSON") for e in expected]


def test_it_finds_what_the_member_automaton_found_before_the_erasure() -> None:
    texts = [text for _, text, _ in CASES]
    before = MemberNameRecognizer.from_names(ERASED)
    after = SuppressedNameRecognizer(suppression(ERASED))
    for text in texts:
        seen = {(r.start, r.end) for r in before.analyze(text, "fr")}
        assert seen <= {(r.start, r.end) for r in after.analyze(text, "fr")}, text


def test_the_list_holds_no_name_and_another_key_finds_nothing() -> None:
    listed = suppression(["Cyprien Delacroix"])
    dump = pickle.dumps(listed.entries) + repr(listed).encode()
    for word in (b"cyprien", b"Cyprien", b"delacroix", b"Delacroix"):
        assert word not in dump
    assert "KEY" not in repr(listed) and str(KEY) not in repr(listed)
    wrong_key = SuppressionList(bytes(32), listed.entries)
    assert SuppressedNameRecognizer(wrong_key).analyze("Merci Cyprien Delacroix", "fr") == []
    described = SuppressedNameRecognizer(listed).to_dict()
    assert described["entries"] == 2 and "Cyprien" not in str(described)


def test_the_redactor_uses_it_and_an_empty_list_adds_no_recogniser() -> None:
    text = "Merci à Cyprien Delacroix pour l'échange sur le sujet…"
    assert Redactor(["Léa Moreau"]).redact(text).text == text  # the leak this list closes
    listed = Redactor(["Léa Moreau"], suppressed=suppression(["Cyprien Delacroix"]))
    assert listed.redact(text).text == "Merci à [PERSON] pour l'échange sur le sujet…"
    assert pickle.loads(pickle.dumps(listed)).redact(text).text == listed.redact(text).text
    empty = [type(r) for r in default_recognizers(["Léa Moreau"], SuppressionList(b""))]
    assert SuppressedNameRecognizer not in empty
    assert empty == [type(r) for r in default_recognizers(["Léa Moreau"])]


def test_batches_match_one_text_at_a_time() -> None:
    redactor = Redactor([], suppressed=suppression(ERASED))
    texts = [text for _, text, _ in CASES] * 3
    assert [r.text for r in redactor.redact_many(texts)] == [redactor.redact(t).text for t in texts]


def test_present_keeps_only_entries_whose_first_word_occurs() -> None:
    listed = suppression(["Cyprien Delacroix", "Léa Moreau"])
    assert len(listed.present("merci cyprien")) == 1  # "cyprien delacroix" only
    assert len(listed.present("rien a voir")) == 0
    assert listed.present("delacroix et moreau").digest != listed.digest
