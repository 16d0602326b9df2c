"""PERSON: the member automaton and the dictionary recogniser for non-members."""

from __future__ import annotations

import pickle
import time

import pytest

from consentgate.redact import MemberNameRecognizer, NameRecognizer

from .conftest import found

MEMBERS = ["Léa Moreau", "John Smith", "Jean-Pierre de La Tour", "Zoë O'Neill", "Cher"]

MEMBER_CASES = [
    ("fr", "Bravo à Léa Moreau pour sa promotion", ["Léa Moreau"]),
    ("fr", "bravo à lea moreau et MOREAU Léa", ["lea moreau", "MOREAU Léa"]),
    ("en", "Thanks John Smith's team", ["John Smith"]),
    ("en", "Smith John signed", ["Smith John"]),
    (
        "fr",
        "Merci Jean-Pierre de La Tour et Jean-Pierre Tour",
        ["Jean-Pierre de La Tour", "Jean-Pierre Tour"],
    ),
    ("en", "Cheers to Zoe O’Neill!", ["Zoe O’Neill"]),
    # Word boundaries: no substring hits, and single-word members are never matched.
    ("en", "Johnsmithson and john smithy are not members", []),
    ("en", "Cher is a singer", []),
    ("fr", "Léa est partie, Moreau reste", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MEMBER_CASES)
def test_member_names(lang: str, text: str, expected: list[str]) -> None:
    recognizer = MemberNameRecognizer.from_names(MEMBERS)
    assert found(recognizer, text, lang) == [(e, "PERSON") for e in expected]


def test_member_recognizer_pickles_names_not_automaton() -> None:
    recognizer = MemberNameRecognizer.from_names(MEMBERS)
    recognizer.analyze("warm up Léa Moreau", "fr")
    data = pickle.dumps(recognizer)
    assert len(data) < 500
    clone = pickle.loads(data)
    assert found(clone, "Salut Léa Moreau", "fr") == [("Léa Moreau", "PERSON")]


def test_member_automaton_builds_100k_names_fast() -> None:
    names = [f"Prénom{i} Nom{i * 7919 % 100_003}" for i in range(100_000)]
    recognizer = MemberNameRecognizer.from_names(names)
    started = time.perf_counter()
    hits = recognizer.analyze("Merci prenom99999 nom" + str(99_999 * 7919 % 100_003), "fr")
    assert time.perf_counter() - started < 5.0
    assert len(hits) == 1


DICTIONARY_CASES = [
    ("en", "Had coffee with Sarah Johnson today", ["Sarah Johnson"]),
    ("en", "Congrats Michael on the new role!", ["Michael"]),
    ("en", "Dr. Gregory House and Mrs Hudson", ["Gregory House", "Hudson"]),
    ("en", "Lecture by John F. Kennedy", ["John F. Kennedy"]),
    ("en", "Thanks to J. Smith for the review", ["J. Smith"]),
    ("en", "Grace Hopper invented the compiler", ["Grace Hopper"]),
    ("fr", "Merci à Camille Dubois pour son aide", ["Camille Dubois"]),
    ("fr", "Rencontre avec Mme Lefèvre et M. Girard", ["Lefèvre", "Girard"]),
    ("fr", "DUPONT Jean a signé", ["DUPONT Jean"]),
    ("fr", "Félicitations à Jean-Baptiste Rousseau !", ["Jean-Baptiste Rousseau"]),
    ("fr", "Salut Pierre, bien reçu", ["Pierre"]),
    # Look-alikes: sentence starts, months, places, companies, acronyms, job titles.
    ("en", "Will you join us in May or June?", []),
    ("en", "Grace period ends in August.", []),
    ("en", "Our office in Paris and London is hiring", []),
    ("en", "Johnson & Johnson and Ford Motor Company report profits", []),
    ("en", "Senior Software Engineer, Cloud Platform", []),
    ("en", "The IBAN and SWIFT codes are on the invoice", []),
    ("fr", "Pierre qui roule n'amasse pas mousse.", []),
    ("fr", "Rendez-vous en Mai à Lyon avec l'équipe Marketing", []),
    ("fr", "Le Groupe Martin SA recrute", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DICTIONARY_CASES)
def test_dictionary_names(lang: str, text: str, expected: list[str]) -> None:
    assert found(NameRecognizer(), text, lang) == [(e, "PERSON") for e in expected]


def test_name_recognizer_pickles() -> None:
    clone = pickle.loads(pickle.dumps(NameRecognizer()))
    assert found(clone, "Had coffee with Sarah Johnson", "en") == [("Sarah Johnson", "PERSON")]
