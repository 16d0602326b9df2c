"""Street names of other layouts: a lower-case noun at the end, a building number before a
foreign type word, "S/N", a second number on the street line, blocks found from their
unit, lower-case texts and streets with no digit.

Found with the `streets` probe of benchmarks/tools/pii_probe.py (see docs/redaction.md): Faker
streets of the countries half A's addresses come from, in half A's sentences.
"""

from __future__ import annotations

import pytest

from consentgate.redact import StreetAddressRecognizer

from ._helpers import address_lines as _lines
from ._helpers import found

# Slavic street names end with a lower-case noun ("nabrežje", "vŕšok") or open with a
# preposition ("Na", "V", "U"): an address when a block, a signature or a cue says so.
LOWER_TAIL_CASES = [
    (
        "en",
        "William Hughes\n\n20789 Strmý vŕšok 16\n Suite 501\n Riisa\n\n Estonia 62488",
        ["20789 Strmý vŕšok 16\n Suite 501\n Riisa\n\n Estonia 62488"],
    ),
    ("en", "Morgan Stanley\n\nVrazovo šetalište 4b", ["Vrazovo šetalište 4b"]),
    ("en", "Please return to Pri hrádzi 15 in case of an issue.", ["Pri hrádzi 15"]),
    ("en", "He lives on the north side of Knafljev prehod 1c.", ["Knafljev prehod 1c"]),
    (
        "en",
        "Karin M. Beike\nLeasing consultant\nFritz-Armstrong\nWaseniuksen puistokatu 07",
        ["Waseniuksen puistokatu 07"],
    ),
    ("en", "Address:\nV Nížinách 168.", ["V Nížinách 168"]),
    (
        "en",
        "We'll meet at Incadence, 08428 U Smíchovského Hřbitova 73, Noorderwijk",
        ["08428 U Smíchovského Hřbitova 73, Noorderwijk"],
    ),
    # The sentence going on in lower case is no street name: an English verb, a plural,
    # a word of the everyday list; nor a capitalised preposition alone before a number.
    ("en", "Lane Street Partners raised 12 million", []),
    ("en", "The Beatles played 3 songs", []),
    ("en", "Our Marketing team 5 people", []),
    ("en", "I met Anna yesterday 3 times", []),
    ("en", "the Tesla model 3 is out", []),
    ("en", "Version control 2\nSuite 5", []),
    ("en", "In Paris 3 days later", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_TAIL_CASES)
def test_lower_case_tails_and_prepositions(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# A building number before a type word of another country's post: the usual ones are a
# street by themselves, the rest when a unit or postcode follows or a cue comes before.
NUMBER_FIRST_CASES = [
    (
        "en",
        "974 Campo Cirino\n Apt. 425\n Montafia\n Italy 39767",
        ["974 Campo Cirino\n Apt. 425\n Montafia\n Italy 39767"],
    ),
    (
        "en",
        "> Lawdragon\n> 66029 Via de Barros\n> Apt. 050\n> Broomfield\n> New Zealand 57006",
        ["66029 Via de Barros\n> Apt. 050\n> Broomfield\n> New Zealand 57006"],
    ),
    (
        "en",
        "Scott had given Belle his address: 975 Fazenda Pacheco, Toronto",
        ["975 Fazenda Pacheco, Toronto"],
    ),
    # A count before a word that is also a type word, then everyday words or no cue.
    ("en", "I bought 3 Patio Chairs", []),
    ("en", "We sold 3 Canada Goose jackets", []),
    ("en", "Top 5 Campo Verde wines", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NUMBER_FIRST_CASES)
def test_building_number_before_a_type_word(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# "S/N" (sem / sin número), a second number on the street line, an Australian unit and
# number joined by a slash, the Quebec "allé".
NUMBER_FORM_CASES = [
    ("en", "I'd like it to be sent to Travessa Maia, S/N", ["Travessa Maia, S/N"]),
    (
        "en",
        "Stephan M Urner\n\n4844 Rua Débora Fernandes, S/N\n Apt. 656\n Brønderslev",
        ["4844 Rua Débora Fernandes, S/N\n Apt. 656\n Brønderslev"],
    ),
    ("es", "Calle Real s/n, Madrid", ["Calle Real s/n, Madrid"]),
    ("en", "the price is 5 s/n pending", []),
    (
        "en",
        "Debra Neal\n\n3536 Boulevard Nuevo León 614 929\n Apt. 839\n Brakpan",
        ["3536 Boulevard Nuevo León 614 929\n Apt. 839\n Brakpan"],
    ),
    ("en", "Jacob lives on 923/988 Hannah Gap street.", ["923/988 Hannah Gap"]),
    (
        "en",
        "Kevin had given Alma his address: 5049 690 allé Desbiens Apt. 716, SEINÄJOKI",
        ["5049 690 allé Desbiens Apt. 716, SEINÄJOKI"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NUMBER_FORM_CASES)
def test_house_number_forms(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# Values as exported records write them: a type word said again after the number before a
# crossing, a lower-case name after a capitalised French type, military mail in any case,
# an everyday word as the name between a building number and a unit.
RECORD_VALUE_CASES = [
    (
        "en",
        "Ask the driver to stop at the corner of Nieuwe Baan 473 St. and Inna Loop St.",
        ["the corner of Nieuwe Baan 473 St. and Inna Loop St"],
    ),
    ("en", "Stop at Kongevej 13 St. then walk", ["Kongevej 13"]),
    (
        "en",
        "The bus drops you off at 70248 31 Rue tachkent St.",
        ["70248 31 Rue tachkent St"],
    ),
    ("fr", "Il reste 1 place libre dans la salle", []),
    # A capitalised type then an everyday word and nothing else is prose, unless a
    # postcode, a city or a cue makes it an address.
    ("fr", "Il reste 1 Place libre pour samedi.", []),
    ("fr", "5 Place libre, 75004 Paris", ["5 Place libre, 75004 Paris"]),
    ("fr", "Mon adresse : 4 Rue paix", ["4 Rue paix"]),
    ("fr", "Livraison au 31 Rue tachkent, Tunis", ["31 Rue tachkent, Tunis"]),
    (
        "en",
        "Name:    Anna Josefsen\nAddress:     Unit 4526 Box 0671\ndpo Ap 40902",
        ["Unit 4526 Box 0671\ndpo Ap 40902"],
    ),
    (
        "en",
        "974 Post 281\n Apt. 425\n Montafia\n Italy 39767",
        ["974 Post 281\n Apt. 425\n Montafia\n Italy 39767"],
    ),
    ("en", "I read Post 281 today\nApt. 4 is mine", []),
    # or right after an address cue, the building number before it.
    ("en", "David had given Angel his address: 580 Aus 216", ["580 Aus 216"]),
    ("en", "Tosh Olsen lives at 172 Post 75, Saareküla", ["172 Post 75, Saareküla"]),
    ("en", "She lives at 3 Hope 5 minutes away", []),
    ("en", "meet me at 5 Star 3 times", []),
    ("en", "We scored 3 Goals 2\nSuite 5", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), RECORD_VALUE_CASES)
def test_values_as_records_write_them(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# Texts wholly in lower case, read in a title-cased copy that writes region codes in
# capitals again (a two-letter word, a three-letter one before a comma or line end, any
# on a line of its own after a comma), and reads "And" after a house number's dot.
LOWER_CASE_CASES = [
    (
        "en",
        "the hdscores inc office is at 5850 jana nerudy 894\nαγλαντζια (αγλαγγια)\n, ni\n"
        " cyprus (greek) 78891",
        ["5850 jana nerudy 894\nαγλαντζια (αγλαγγια)\n, ni\n cyprus (greek) 78891"],
    ),
    (
        "en",
        "i'll meet you at 41377 schachterlweg 62 apt. 501 polsing oo after the concert.",
        ["41377 schachterlweg 62 apt. 501 polsing"],
    ),
    (
        "en",
        "hello i moved, please update my new address is the corner of csabai kapu 39. and"
        " mathias pass",
        ["the corner of csabai kapu 39. and mathias pass"],
    ),
    ("en", "how do i change the address linked to my credit card to hoge wei 32?", ["hoge wei 32"]),
    ("fr", "je ne veux ni 3 ni 4 pommes", []),
    ("en", "we met at 5 pm, ok?", []),
    # A middle initial inside a typeless street named after a person.
    (
        "en",
        "Tom\n\n5670 José A Madeira 1\n Suite 696\n Lisboa",
        ["5670 José A Madeira 1\n Suite 696\n Lisboa"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_CASE_CASES)
def test_lower_case_blocks(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# A unit that ends the street line or stands below it, with a town, code, postcode or
# country after it, vouches for its street line whatever the line holds.
UNIT_BLOCK_CASES = [
    (
        "en",
        "Billing address: Sara Schwarz\n    28245 Západný rad 851 Apt. 595\n   LAPPEENRANTA\n"
        "    SK\n    53650",
        ["28245 Západný rad 851 Apt. 595\n   LAPPEENRANTA\n    SK\n    53650"],
    ),
    (
        "en",
        "William Hughes\n\n20789 Zorblat xq 16\n Suite 501\n Riisa\n\n Estonia 62488",
        ["20789 Zorblat xq 16\n Suite 501\n Riisa\n\n Estonia 62488"],
    ),
    (
        "en",
        "leidy t muris\nrosales-mcguire\n5670 r josé a madeira 1 suite 696\nφλαμου∆ι\n, fa\n"
        " cyprus (greek) 26933",
        ["5670 r josé a madeira 1 suite 696\nφλαμου∆ι\n, fa\n cyprus (greek) 26933"],
    ),
    # A sentence above the unit, a phone line, a line with no capitalised word, a unit
    # with nothing after it.
    ("en", "I have 3 kids\nApt. 5\nParis\nFrance", []),
    ("en", "Room booked for 3 nights\nSuite 5\nHilton Paris\nFrance", []),
    ("en", "Call me at 555 1234\nSuite 5\nThanks", []),
    ("en", "Order 12 Blue\nSuite 5", []),
]


UNIT_BLOCK_CASES += [
    # An "Address:" label vouches for the line it opens, unless every word is everyday.
    (
        "en",
        "E-mail:\nerik@example.com\n\nAddress:\nSask tune 102.",
        ["Sask tune 102"],
    ),
    ("en", "Address:     83393 Zork tune 33\nCite Sfaxi\n, 13\n 44939",
     ["83393 Zork tune 33\nCite Sfaxi\n, 13\n 44939"]),
    ("en", "Address:\nWindows 11", []),
    ("en", "Address: 5 apples please", []),
    ("en", "IP address: 10.0.0.1", []),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "expected"), UNIT_BLOCK_CASES)
def test_blocks_found_from_their_unit(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# A text with no digit may still name a street.
DIGITLESS_CASES = [
    ("en", "He grew up on Elm Street", ["Elm Street"]),
    ("en", "The bus station is on Kalnu Street", ["Kalnu Street"]),
    ("en", "Elm Street is scary", []),
    ("en", "Lane Street Partners raised a round", []),
    ("en", "He moved to Florence and grew up there", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DIGITLESS_CASES)
def test_streets_in_texts_without_digits(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)
