"""Street lines without a type word read from their context, and blocks of exported records.

Found with the `streets` and `addresses` probes of benchmarks/tools/pii_probe.py (see
docs/redaction.md): a street of another country in a phrasing of half A.
"""

from __future__ import annotations

import pytest

from consentgate.redact import StreetAddressRecognizer

from ._helpers import address_lines as _lines
from ._helpers import found

# A street without a type word after a cue, when the phrase goes on with a time word or
# the street word itself; asked and answered; announced with a colon.
CONTEXT_CASES = [
    ("en", "The letter arrived at Pobřežní 187 last night.", ["Pobřežní 187"]),
    ("en", "The title refers to Leánska 42 street in Recife.", ["Leánska 42"]),
    ("en", "Dexter lives on Grössgstötten 50 street.", ["Grössgstötten 50"]),
    ("en", "Bot: Where would you like this to be sent to? User: Λεχαίου 85", ["Λεχαίου 85"]),
    ("en", "What is your address? it is Námestie Hraničiarov 2", ["Námestie Hraničiarov 2"]),
    (
        "en",
        "I need to add my addresses, here they are: Λουτρών Ηραίας 691-524, and 7 Hull Gardens",
        ["Λουτρών Ηραίας 691-524", "7 Hull Gardens"],
    ),
    (
        "en",
        "Not getting bank documents to my address. Can you validate the following? Λυσιμαχείας 75",
        ["Λυσιμαχείας 75"],
    ),
    # An answer after the word "address", the next street of a list, a letter no
    # English or French word has ("Härm" folds to "harm").
    ("en", "what's the address? Oh, vegan? It's in Randoja 277", ["Randoja 277"]),
    (
        "en",
        "I need to add my addresses, here they are: Kozlov 43, and Kink 314",
        ["Kozlov 43", "Kink 314"],
    ),
    ("en", "Please send it to Härm 32", ["Härm 32"]),
    # A particle inside the name; a building number before a Romanian type word.
    ("en", "The restaurant is at 5521 Cesta na Prevoje 5b", ["5521 Cesta na Prevoje 5b"]),
    ("en", "Ana lives at 333 Aleea George Nemeș, Borgarnes", ["333 Aleea George Nemeș, Borgarnes"]),
    # Look-alikes: a venue's gate, street art, a film after a question, a chapter.
    ("en", "The bus arrived at Gate 12 last night.", []),
    ("en", "We saw Banksy 3 street art pieces", []),
    ("en", "Where should we go? Anna: Paris 2 is a great film", []),
    ("en", "Where to? Bot: Chapter 3", []),
    ("en", "What is your address? it is Windows 11 that crashed", []),
    ("en", "It's in Windows 11 now", []),
    ("en", "We sold 3 Xbox 360, and Windows 11 keys", []),
    ("en", "Please send it to Harm 32", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CONTEXT_CASES)
def test_streets_read_from_context(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# A signature block: the street line closes it, or the phone lines follow; a firm may
# stand alone above an empty line.
SIGNATURE_CASES = [
    (
        "en",
        "Karin M. Beike\nLeasing consultant\nFritz-Armstrong\nDřítenská 10",
        ["Dřítenská 10"],
    ),
    (
        "en",
        "Katrina Mota\nKnowledge Agency\nKazanská 146\n655 437 108 office",
        ["Kazanská 146"],
    ),
    ("en", "Liisa Lepistö\nInnography\nHostýnská 4\nMobile: 723 813 266", ["Hostýnská 4"]),
    ("en", "Morgan Stanley\n\nJoaquin Suarez 2906", ["Joaquin Suarez 2906"]),
    # Look-alikes: a product, a month, a sprint after the lines of a message.
    ("en", "Best regards,\nAnna Smith\nProduct Manager\nWindows 11", []),
    ("en", "Thanks,\nJohn\nSales\nNovember 12", []),
    ("en", "Dear team,\n\nSprint 12 starts today", []),
    ("en", "Agenda\nBudget review\nKazanská 146 and more to come", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SIGNATURE_CASES)
def test_signature_blocks(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# Exported records: a foreign street before an English street line, a unit word inside a
# prefixed street, a region written as a number.
RECORD_CASES = [
    (
        "en",
        "Our offices are at Storgarden 52 Trajanka Forks\n Suite 894\n HARSTAD\n Norway 95441",
        ["Storgarden 52 Trajanka Forks\n Suite 894\n HARSTAD\n Norway 95441"],
    ),
    (
        "en",
        "Dataweave\n\nFuglie 41 Popović Dam\n Suite 860\n UPPLANDS VÄSBY\n Sweden 56687",
        ["Fuglie 41 Popović Dam\n Suite 860\n UPPLANDS VÄSBY\n Sweden 56687"],
    ),
    (
        "en",
        "Satu Elomo\n\n45818 Paseo Graciela Roselló 2 Piso 3\n Suite 787\n Kangerlussuaq",
        ["45818 Paseo Graciela Roselló 2 Piso 3\n Suite 787\n Kangerlussuaq"],
    ),
    (
        "en",
        "Please return to 83393 Pärna 33\nCite Sfaxi\n, 13\n 44939 in case of an issue.",
        ["83393 Pärna 33\nCite Sfaxi\n, 13\n 44939"],
    ),
    # A compass word written in full after the type stays with the street.
    (
        "en",
        "Call a taxi to 124 Devon Street West\n Suite 240\n Jyväskylä\n New Zealand. Thanks",
        ["124 Devon Street West\n Suite 240\n Jyväskylä\n New Zealand"],
    ),
    ("en", "Meet at 12 Main Street East London", ["12 Main Street"]),
    # A region's name ending with its kind in lower case.
    (
        "en",
        "Send it to 4241 Steinfelden 73\nSAVONLINNA\n, Gotlands län\n 77233 please",
        ["4241 Steinfelden 73\nSAVONLINNA\n, Gotlands län\n 77233"],
    ),
    (
        "en",
        "Meet me at 30102 Kaevu 94\nNicosia\n, Žilinský kraj\n 61089",
        ["30102 Kaevu 94\nNicosia\n, Žilinský kraj\n 61089"],
    ),
    # Texts wholly in lower case: US military mail, the Hungarian "u." (read as "U.").
    (
        "en",
        "please update my new address is psc 6293, box 8158\napo ap 04336",
        ["psc 6293, box 8158\napo ap 04336"],
    ),
    (
        "en",
        "our offices are located at 6076 piroska u. 97.\nporto alegre\n, rs\n brazil 95828",
        ["6076 piroska u. 97.\nporto alegre\n, rs\n brazil 95828"],
    ),
    (
        "en",
        "i'll meet you at uss mahler\nfpo aa 70489 after the concert.",
        ["uss mahler\nfpo aa 70489"],
    ),
    ("en", "timotea lives on via dei fiorentini 17 street.", ["via dei fiorentini 17"]),
    ("en", "the bus station is on vesterskovvej 79", ["vesterskovvej 79"]),
    (
        "en",
        "please send a new one to the corner of kuusiku 7 and alexander flat? i am in hirvli",
        ["the corner of kuusiku 7 and alexander flat"],
    ),
    (
        "en",
        "please return to leon and eyrarodda 66 in case of an issue.",
        ["leon and eyrarodda 66"],
    ),
    ("en", "he scored 3 goals in game 2", []),
    ("en", "see you at gate 12 on monday", []),
    # A house number that reads as a year after a type word written before the name.
    ("en", "I'll meet you at Rua Diadema 1903 after the concert.", ["Rua Diadema 1903"]),
    ("en", "Calle Mayor 2019, Madrid", ["Calle Mayor 2019, Madrid"]),
    # Look-alikes: a sentence's first word, a verb in -ing, a first name, a number of
    # apples on the line after a town, a year after a street named without a number.
    ("en", "Kowalski 12 Main Street is nice", ["12 Main Street"]),
    ("en", "Visiting 12 Baker Street next week", ["12 Baker Street"]),
    ("en", "I met Sarah 12 Main Street", ["12 Main Street"]),
    ("en", "Springfield\n, 12 apples\n", []),
    ("en", "We went to Via Po in 2019", []),
    ("en", "Copenhagen 2025 was fun", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), RECORD_CASES)
def test_exported_record_blocks(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)
