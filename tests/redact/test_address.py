"""Street addresses in English and French."""

from __future__ import annotations

import pytest

from consentgate.redact import StreetAddressRecognizer

from ._helpers import found


def _lines(expected: list[str]) -> list[tuple[str, str]]:
    """An address block is redacted line by line, its layout (indentation, quote marks) kept."""
    out = []
    for block in expected:
        for line in block.split("\n"):
            line = line.lstrip(" \t,>|•·?").rstrip(" \t,.>")
            if line:
                out.append((line, "STREET_ADDRESS"))
    return out


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
