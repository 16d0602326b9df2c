"""Street addresses in English and French."""

from __future__ import annotations

import pytest

from consentgate.redact import StreetAddressRecognizer

from .conftest import found

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
    # Look-alikes: counts, prices, dates and product names with a street word.
    ("en", "We shipped 3 new features this week", []),
    ("en", "Join 500 people on the road to success", []),
    ("en", "Version 2 of the Main product", []),
    ("fr", "Il y a 3 rues à traverser", []),
    ("fr", "Le 12 mai 2024, 30 personnes", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ADDRESS_CASES)
def test_street_address(lang: str, text: str, expected: list[str]) -> None:
    assert found(StreetAddressRecognizer(), text, lang) == [(e, "STREET_ADDRESS") for e in expected]
