"""Street addresses in English and French."""

from __future__ import annotations

import pytest

from consentgate.redact import StreetAddressRecognizer

from ._helpers import address_lines as _lines
from ._helpers import found

ADDRESS_CASES = [
    ("en", "I live at 221B Baker Street, London NW1 6XE.", ["221B Baker Street, London NW1 6XE"]),
    (
        "en",
        "Ship to 123 Main Street\nLake Mary, FL 32746",
        ["123 Main Street\nLake Mary, FL 32746"],
    ),
    (
        "en",
        "Our office: 1600 Pennsylvania Ave NW, Washington, DC 20500.",
        ["1600 Pennsylvania Ave NW, Washington, DC 20500"],
    ),
    ("en", "Moved to 42 Elm Rd Apt 5 last week", ["42 Elm Rd Apt 5"]),
    ("en", "10 Downing Street is famous", ["10 Downing Street"]),
    ("fr", "J'habite au 12 rue de la Paix, 75002 Paris.", ["12 rue de la Paix, 75002 Paris"]),
    (
        "fr",
        "Adresse : 3 bis avenue des Champs-Élysées 75008 Paris",
        ["3 bis avenue des Champs-Élysées 75008 Paris"],
    ),
    ("fr", "Livraison au 8, boulevard Saint-Michel", ["8, boulevard Saint-Michel"]),
    (
        "fr",
        "Siège : 45 quai de Valmy\n69009 Lyon Cedex 09",
        ["45 quai de Valmy\n69009 Lyon Cedex 09"],
    ),
    ("fr", "Rendez-vous 2 Place Bellecour, Lyon", ["2 Place Bellecour, Lyon"]),
    (
        "fr",
        "Bureaux : rue de Mendès, 76589 Saint-Claire. Merci",
        ["rue de Mendès, 76589 Saint-Claire"],
    ),
    (
        "en",
        "Office at Flat 9\nHill Trail, Geraldberg KY1R 7WY. Come",
        ["Flat 9\nHill Trail, Geraldberg KY1R 7WY"],
    ),
    (
        "en",
        "Studio 3, 12 High Street, London SW1A 1AA",
        ["Studio 3, 12 High Street, London SW1A 1AA"],
    ),
    (
        "fr",
        "Livraison : 9, avenue Antoine Gérard 25776 Rousset. Inauguration le 20 mai",
        ["9, avenue Antoine Gérard 25776 Rousset"],
    ),
    # Look-alikes: counts, prices, dates and product names with a street word.
    ("en", "We shipped 3 new features this week", []),
    ("en", "Join 500 people on the road to success", []),
    ("en", "Version 2 of the Main product", []),
    ("fr", "Il y a 3 rues à traverser", []),
    ("fr", "Le 12 mai 2024, 30 personnes", []),
    ("fr", "La rue Victor Hugo compte 75002 habitants", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ADDRESS_CASES)
def test_street_address(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# Street lines of other countries (type word before, after or glued to the name), whole
# address blocks over several lines, post-office boxes and intersections.
BLOCK_CASES = [
    ("fr", "Adresse : Søndergade 52, 8000 Aarhus", ["Søndergade 52, 8000 Aarhus"]),
    ("en", "The bus station is on Villacher Strasse 89", ["Villacher Strasse 89"]),
    ("en", "Send it to Via Roma 131, 00184 Roma.", ["Via Roma 131, 00184 Roma"]),
    ("fr", "Écrire à ul. Narewska 94\n15-123 Białystok", ["ul. Narewska 94\n15-123 Białystok"]),
    (
        "fr",
        "Nouvelle adresse : Kiannonkatu 98\n00100 Helsinki\nFinlande\n\nMerci !",
        ["Kiannonkatu 98\n00100 Helsinki\nFinlande"],
    ),
    ("en", "Office: Wesselényi utca 9, Budapest", ["Wesselényi utca 9, Budapest"]),
    (
        "en",
        "Ship to:\n4596 Tylova 285\n Suite 578\n Plzeň\n Czech Republic 30100\nThanks",
        ["4596 Tylova 285\n Suite 578\n Plzeň\n Czech Republic 30100"],
    ),
    (
        "en",
        "New address: 9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269",
        ["9554 62 Rue Gafsa Apt. 981\nToronto\n, ON\n 82269"],
    ),
    (
        "en",
        "Send it to P.O. Box 242, Springfield, IL 62701 please",
        ["P.O. Box 242, Springfield, IL 62701"],
    ),
    ("en", "Meet me at PSC 1437, Box 3833\nAPO AA 66791", ["PSC 1437, Box 3833\nAPO AA 66791"]),
    (
        "en",
        "Meet at the corner of Östbygatan 14 and Sigurmundsson Greens.",
        ["the corner of Östbygatan 14 and Sigurmundsson Greens"],
    ),
    ("en", "Send to 12 Main Street\nThanks,\nPaul", ["12 Main Street"]),
    ("fr", "Rendez-vous à l'angle de 12 rue de la Paix", ["à l'angle de 12 rue de la Paix"]),
    ("en", "The corner of the room was empty at 5 pm", []),
    # Look-alikes: ages, seasons, products, versions, years, titles and lone line numbers.
    ("en", "My birthday is on the weekend. I'll turn 23.", []),
    ("en", "The Spring 2024 collection and the iPad 3 are out", []),
    ("en", "Windows 10 and Python 3 on every Model Max 6", []),
    ("en", "See you at Copenhagen 2025, then Berlin 2026!", []),
    ("en", "Chapter Two 12\nPage 5 has the answer", []),
    ("fr", "Le Tome 3 sort en mai, la Saison 2 en juin.", []),
    ("fr", "Rendez-vous Salle Vauban 12 à 14h", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), BLOCK_CASES)
def test_address_blocks(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)


# Rules of Nov 2026: type words Faker lacks, typeless street lines announced by a cue or
# framed by a building number and a city, intersections written street-second, prefix
# types after a building number, post towns in capitals, lower-case texts, quote marks
# and bullets before block lines, and a block redacted line by line.
MORE_CASES = [
    # Type words: Hungarian (accented "tér", "út", "útja" with a title inside the name,
    # "rkp."), Estonian, Nordic glued forms, "Str." after a Greek name.
    ("en", "Office: Deák Ferenc tér 3, Budapest", ["Deák Ferenc tér 3, Budapest"]),
    ("en", "Drop it at Szentendrei út 12 tomorrow", ["Szentendrei út 12"]),
    ("en", "Meet at Szent István király útja 8 at noon", ["Szent István király útja 8"]),
    ("en", "Boat leaves from Dunai rkp. 4 daily", ["Dunai rkp. 4"]),
    ("en", "Our shop: Tartu tee 14, Tallinn", ["Tartu tee 14, Tallinn"]),
    ("en", "Parcel to Kalda põik 3, Pärnu", ["Kalda põik 3, Pärnu"]),
    ("fr", "Écrire à Kirkeveien 12, Oslo", ["Kirkeveien 12, Oslo"]),
    ("en", "See you at Rosenvænget 9 then", ["Rosenvænget 9"]),
    ("en", "Our hostel is Austurstræti 8, Reykjavík", ["Austurstræti 8, Reykjavík"]),
    ("en", "Send it to Hringbraut 40", ["Hringbraut 40"]),
    ("en", "Office at 12 Ermou Str., Athens", ["12 Ermou Str., Athens"]),
    # No type word: after an address cue, or between a building number and a city.
    ("en", "She lives at Korunní 12.", ["Korunní 12"]),
    ("en", "My address is Nerudova 7, Praha", ["Nerudova 7, Praha"]),
    ("fr", "Il habite au Korunní 12, Praha", ["Korunní 12, Praha"]),
    ("en", "Our shop, 4410 Kalevi 14, Rakvere", ["4410 Kalevi 14, Rakvere"]),
    ("en", "Pick-up point: 5 Husova 9, Beroun u Prahy", ["5 Husova 9, Beroun u Prahy"]),
    (
        "en",
        "Wait at the corner of Kalevi 14 and Pikk Street.",
        ["the corner of Kalevi 14 and Pikk Street"],
    ),
    ("en", "Meet at 12 Main Street and de Gaulle Avenue.", ["12 Main Street and de Gaulle Avenue"]),
    # The other street first: "Tove and Sveavägen 44".
    ("en", "Ring at Tove and Sveavägen 44 please", ["Tove and Sveavägen 44"]),
    # A Romance or Polish type word after a building number, no house number after.
    ("en", "Sofia lives at 14 Rua Augusta near the river", ["14 Rua Augusta"]),
    ("en", "Dinner at 3 Via Garibaldi tonight", ["3 Via Garibaldi"]),
    # A post town in capitals after a unit, prose after it.
    (
        "en",
        "Post it to 9 Mill Lane Flat 4 KENDAL Cumbria by Friday",
        ["9 Mill Lane Flat 4 KENDAL Cumbria"],
    ),
    # French: a lower-case noun after the particle.
    ("fr", "Livraison au 3 rue des écoles, 75005 Paris.", ["3 rue des écoles, 75005 Paris"]),
    # Blocks: bullets and quote marks before the lines, one result per line; nothing
    # after an APO line (the next line is a phone number).
    (
        "en",
        "Send to:\n• 12 Main Street\n• Suite 4\n• Springfield, IL 62701\nThanks",
        ["12 Main Street\nSuite 4\nSpringfield, IL 62701"],
    ),
    (
        "en",
        "| Kiannonkatu 98\n| 00100 Helsinki\n| Finland",
        ["Kiannonkatu 98\n00100 Helsinki\nFinland"],
    ),
    (
        "en",
        "PSC 1234, Box 5678\nAPO AE 09012\n555 12 34 office",
        ["PSC 1234, Box 5678\nAPO AE 09012"],
    ),
    ("en", "Mail: USNS Núñez\nFPO AP 96601", ["USNS Núñez\nFPO AP 96601"]),
    # Texts with no capital letter at all.
    ("en", "i moved to 42 elm street, springfield", ["42 elm street, springfield"]),
    ("en", "ship to 77 søndergade 5, 8000 aarhus c", ["77 søndergade 5, 8000 aarhus c"]),
    ("en", "psc 1234, box 5678\napo ae 09012", ["psc 1234, box 5678\napo ae 09012"]),
    # "street" and its abbreviations in lower case after a capitalised name; a typed
    # street keeps its type ("lives on X Road street"); "road" and "drive" stay prose.
    ("en", "I live at 12 Baker street, London.", ["12 Baker street, London"]),
    (
        "en",
        "Now at 159 Eleftheriou Venizelou str, Athens",
        ["159 Eleftheriou Venizelou str, Athens"],
    ),
    ("en", "Jo lives on 90 Whitchurch Road street.", ["90 Whitchurch Road"]),
    ("en", "We ran 5 Boston road races with 2 Tesla drive units", []),
    # A named place with a street type on the street's line; not a repeated type.
    ("en", "Office: Via Roma 5 Riverside Park, Milano", ["Via Roma 5 Riverside Park, Milano"]),
    ("en", "Stop at Kongevej 13 St. then walk", ["Kongevej 13"]),
    # A country closes the block even with prose after it; a city would not.
    ("en", "Post: 5 Kalevi 14, Tartu, Estonia for the team", ["5 Kalevi 14, Tartu, Estonia"]),
    ("en", "Post: 5 Kalevi 14, Tartu, Narva for the team", ["5 Kalevi 14, Tartu"]),
    # A unit written before the street line.
    ("en", "Mail: Apt 4B, 12 Main Street, Springfield", ["Apt 4B, 12 Main Street, Springfield"]),
    ("en", "Ask for Suite 541 Tylova 285\n30100 Plzeň", ["Suite 541 Tylova 285\n30100 Plzeň"]),
    # Greek script: Faker's el_GR prefixes, "Λ.", Greek place names; no type word after
    # a cue.
    ("en", "Λ. Αλεξάνδρας 14, Αθήνα", ["Λ. Αλεξάνδρας 14, Αθήνα"]),
    ("en", "Meet at Λεωφόρος Συγγρού 119 tonight", ["Λεωφόρος Συγγρού 119"]),
    ("en", "She lives at Μεγάλη Άμμος 184", ["Μεγάλη Άμμος 184"]),
    ("en", "Το 2024 είχαμε 3 Ομάδες 2 φορές", []),
    # Look-alikes: counts, products, versions, rooms, terminals, dates and prose in
    # lower case; French arrondissements and rooms.
    ("en", "The team scored 3 Goals 2 times", []),
    ("en", "He is on Netflix 2 hours a day", []),
    ("en", "We sold 3 Xbox 360, Nintendo.", []),
    ("en", "Visiting 90 Elm Road, Leeds LS1 4AB", ["90 Elm Road, Leeds LS1 4AB"]),
    ("en", "She lives at Korunní 12 in Prague", ["Korunní 12"]),
    ("en", "I bought an iPhone 15 and Windows 11 at 2 pm", []),
    ("en", "Room 101 is where the meeting is", []),
    ("en", "We are in Terminal 2, then Gate 12", []),
    ("en", "He is at Chapter 12 of Book 2", []),
    ("en", "Version 3 Release 2 is out on 12 May 2024 for 19 Euros 99", []),
    ("en", "we walked 3 dogs in the park and 2 cats in the yard", []),
    ("en", "i scored 3 goals 2 times on windows 11 in room 101", []),
    ("fr", "Rendez-vous en Salle 12, puis Bâtiment 3 à 14 h", []),
    ("fr", "Il y a 3 rues à traverser et 2 places à voir", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MORE_CASES)
def test_more_address_rules(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == _lines(expected)
