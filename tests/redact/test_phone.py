"""Phone numbers: national and international formats of FR, GB, US, DE, CH, ES, IT."""

from __future__ import annotations

import pytest

from consentgate.redact import PhoneRecognizer

from ._helpers import found

PHONE_CASES = [
    ("fr", "Appelez-moi au 06 12 34 56 78 !", ["06 12 34 56 78"]),
    ("fr", "Tél. 06.12.34.56.78", ["06.12.34.56.78"]),
    ("fr", "Portable 06-12-34-56-78", ["06-12-34-56-78"]),
    ("fr", "0612345678 ou 01 42 68 53 00", ["0612345678", "01 42 68 53 00"]),
    ("fr", "International : +33 1 42 68 53 00.", ["+33 1 42 68 53 00"]),
    ("fr", "+33 (0)6 12 34 56 78", ["+33 (0)6 12 34 56 78"]),
    ("fr", "Depuis l'étranger 0033 6 12 34 56 78", ["0033 6 12 34 56 78"]),
    ("en", "Office 020 7946 0958, mobile 07700 900123", ["020 7946 0958", "07700 900123"]),
    ("en", "Call +44 20 7946 0958 now", ["+44 20 7946 0958"]),
    ("en", "Call (415) 555-2671 or 415.555.2671", ["(415) 555-2671", "415.555.2671"]),
    ("en", "Text +1 415-555-2671", ["+1 415-555-2671"]),
    ("en", "Desk 001-415-555-2671x123", ["001-415-555-2671x123"]),
    ("en", "Berlin office 030 12345678 or +49 30 12345678", ["030 12345678", "+49 30 12345678"]),
    ("fr", "Zurich : 044 668 18 00 / +41 44 668 18 00", ["044 668 18 00", "+41 44 668 18 00"]),
    ("en", "Madrid +34 912 345 678", ["+34 912 345 678"]),
    (
        "fr",
        "Rome +39 06 6982 0000, mobile +39 347 123 4567",
        ["+39 06 6982 0000", "+39 347 123 4567"],
    ),
    # Numbers phonenumbers does not know, counted because the text says they are phones.
    ("en", "Can someone call me on 9472 7916?", ["9472 7916"]),
    ("en", "416 60 039 office", ["416 60 039"]),
    # A field list glued with commas: "Office,+44 ...".
    ("en", "07700 900123-Office,+44 20 7946 0958-Fax", ["07700 900123", "+44 20 7946 0958"]),
    ("fr", "Bureau,01 42 68 53 00", ["01 42 68 53 00"]),
    # Look-alikes: order numbers, dates, versions, prices, ISBN, SIRET.
    ("en", "Order 0612345678 has shipped", []),
    ("fr", "Commande n° 06 12 34 56 78 expédiée", []),
    ("en", "Invoice 415-555-2671 is overdue", []),
    ("en", "Released on 2024-01-15 and 15/01/2024", []),
    ("en", "Upgrade from 1.2.3 to v2.10.3.4", []),
    ("en", "Revenue was $1,234,567.89 in 2023", []),
    ("fr", "Chiffre d'affaires : 12 345 678 € en 2023", []),
    ("en", "ISBN 978-2-07-036822-8", []),
    ("fr", "SIRET 362 521 879 00034", []),
    ("en", "Employee id 123456789", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PHONE_CASES)
def test_phone(lang: str, text: str, expected: list[str]) -> None:
    assert found(PhoneRecognizer(), text, lang) == [(e, "PHONE") for e in expected]


def test_explicit_regions() -> None:
    # Restricted to France, a US national number is no longer recognised.
    assert found(PhoneRecognizer(), "Call 415-555-2671", "en") == [("415-555-2671", "PHONE")]
    assert found(PhoneRecognizer(regions=("FR",)), "See 415-555-2671", "en") == []
    # ... unless the text says it is a phone number.
    assert found(PhoneRecognizer(regions=("FR",)), "Call 415-555-2671", "en") == [
        ("415-555-2671", "PHONE")
    ]
