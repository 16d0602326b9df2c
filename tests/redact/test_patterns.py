"""Tables of (language, text, expected detections) per pattern recogniser."""

from __future__ import annotations

import pytest

from consentgate.redact import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpAddressRecognizer,
    NationalIdRecognizer,
    Pattern,
    UrlRecognizer,
)
from consentgate.redact.recognizers.credit_card import luhn_is_valid
from consentgate.redact.recognizers.iban import iban_is_valid
from consentgate.redact.recognizers.national_id import nir_key_is_valid

from ._helpers import found

EMAIL_CASES = [
    ("en", "Write to jane.doe+jobs@example.com today", ["jane.doe+jobs@example.com"]),
    ("en", "Contact: J.Smith@mail.co.uk.", ["J.Smith@mail.co.uk"]),
    ("fr", "Écrivez à lea.moreau@exemple.fr !", ["lea.moreau@exemple.fr"]),
    ("fr", "mail : francois.dupré@société.fr", ["francois.dupré@société.fr"]),
    ("en", "Follow @jane_doe on the platform", []),
    ("en", "The ratio was 3@4 per unit", []),
    ("fr", "Réunion à 10h @ Lyon, ordre du jour sur example.com", []),
    ("en", "bad..dots@example.com", []),
]

URL_CASES = [
    ("en", "See https://example.com/jobs?id=42.", ["https://example.com/jobs?id=42"]),
    ("en", "My site: www.janedoe.dev, thanks", ["www.janedoe.dev"]),
    ("fr", "Mon portfolio : lea-moreau.fr/projets", ["lea-moreau.fr/projets"]),
    ("fr", "(voir http://exemple.fr/a)", ["http://exemple.fr/a"]),
    ("en", "We use Node.js and ASP.NET at work", []),
    ("en", "Open report.pdf and main.py", []),
    ("fr", "Version 2.3.1 sortie. Fin.", []),
]

IP_CASES = [
    ("en", "Server at 192.168.1.10 is down", ["192.168.1.10"]),
    ("en", "Block 10.0.0.0/8 now", ["10.0.0.0/8"]),
    ("en", "IPv6 2001:db8:85a3::8a2e:370:7334 works", ["2001:db8:85a3::8a2e:370:7334"]),
    ("fr", "Mon IP est fe80::1, merci", ["fe80::1"]),
    ("en", "Upgrade to version 1.2.3.4 today", []),
    ("en", "Released v10.0.0.1", []),
    ("en", "Meeting at 12:30:45 sharp", []),
    ("fr", "Score 256.1.1.1 invalide", []),
    ("en", "After the 10.4.2.1 upgrade all was fine", []),
    ("fr", "Après la mise à jour 4.7.74.65, plus rien", []),
    # Four-part version numbers without the word "version".
    ("en", "Does the vendor still support 8.4.72.44?", []),
    ("fr", "Est-ce que l'éditeur supporte encore la 5.9.77.9 ?", []),
    ("fr", "Échange sur la feuille de route 11.5.78.51.", []),
    ("en", "Firmware 2.3.92.8 is compatible", []),
    ("en", "The server at 8.8.4.4 is not supported", ["8.8.4.4"]),
    ("fr", "La passerelle 10.1.2.3 ne répond plus", ["10.1.2.3"]),
]

IBAN_CASES = [
    ("fr", "IBAN : FR14 2004 1010 0505 0001 3M02 606", ["FR14 2004 1010 0505 0001 3M02 606"]),
    ("fr", "Virement sur FR1420041010050500013M02606 merci", ["FR1420041010050500013M02606"]),
    ("en", "Pay GB82 WEST 1234 5698 7654 32 Thanks", ["GB82 WEST 1234 5698 7654 32"]),
    # Lower case only right after "IBAN".
    ("en", "my iban is gb82west12345698765432", ["gb82west12345698765432"]),
    ("fr", "mon IBAN : fr1420041010050500013m02606", ["fr1420041010050500013m02606"]),
    ("en", "token gb82west12345698765432 expired", []),
    ("en", "DE89370400440532013000", ["DE89370400440532013000"]),
    (
        "en",
        "CH93 0076 2011 6238 5295 7 and ES91 2100 0418 4502 0005 1332",
        ["CH93 0076 2011 6238 5295 7", "ES91 2100 0418 4502 0005 1332"],
    ),
    ("fr", "IT60 X054 2811 1010 0000 0123 456", ["IT60 X054 2811 1010 0000 0123 456"]),
    ("fr", "FR14 2004 1010 0505 0001 3M02 607 (clé fausse)", []),
    ("en", "Product code AB12 3456 7890 1234 in stock", []),
]

CARD_CASES = [
    ("en", "Card 4111 1111 1111 1111 expires soon", ["4111 1111 1111 1111"]),
    ("en", "MC 5555-5555-5555-4444.", ["5555-5555-5555-4444"]),
    ("fr", "Amex 378282246310005 svp", ["378282246310005"]),
    ("fr", "Carte 6011 1111 1111 1117, merci", ["6011 1111 1111 1117"]),
    ("en", "Card 4111 1111 1111 1112 (bad Luhn)", []),
    ("en", "Order 4111111111111111 shipped", []),
    ("fr", "Commande n° 5555 5555 5555 4444 expédiée", []),
    ("en", "Tracking 1234 5678 9012 3456", []),
    ("en", "Mixed 4111-1111 1111-1111", []),
    # JCB's 15-digit numbers (1800 / 2131) and 12-digit Maestro numbers.
    ("en", "I lost my card 180000000000010 yesterday", ["180000000000010"]),
    ("fr", "Carte JCB 2131 0000 0000 001 bloquée", ["2131 0000 0000 001"]),
    ("en", "Limit for card 501800000009?", ["501800000009"]),
    ("fr", "Ma carte Maestro 676200000005 ne passe plus", ["676200000005"]),
    ("en", "Reference 123456789015 attached", []),  # Luhn-valid, no issuer of 12 digits
    ("en", "Card 501800000001 (bad Luhn)", []),
    ("fr", "Ticket 501800000009 clos", []),
]

NATIONAL_ID_CASES = [
    ("fr", "Mon NIR : 1 85 05 78 006 084 91.", ["1 85 05 78 006 084 91"]),
    ("fr", "Sécu 185057800608491", ["185057800608491"]),
    ("fr", "NIR corse 2 90 03 2A 123 456 " + "XX", []),
    ("fr", "Clé fausse 1 85 05 78 006 084 92", []),
    ("en", "SSN 123-45-6789 on file", ["123-45-6789"]),
    ("en", "ssn: 123456789", ["123456789"]),
    ("en", "Reference 123456789 only", []),
    ("en", "Not issued: 000-12-3456, 666-12-3456, 912-34-5678", []),
    ("en", "NINO JG 10 37 95 A please", ["JG 10 37 95 A"]),
    ("en", "QQ 12 34 56 C is only the example prefix", []),
    ("en", "My NI number is AB123456C", ["AB123456C"]),
    ("en", "Prefix GB123456A is never issued", []),
    ("en", "Part number AB123456C in stock", []),
]


def _nir_corsica() -> str:
    body = "29003" + "2A" + "123456"  # 13 characters with the Corsican department 2A
    value = int(body.replace("2A", "19"))
    return f"{body}{97 - value % 97:02d}"


@pytest.mark.parametrize(("lang", "text", "expected"), EMAIL_CASES)
def test_email(lang: str, text: str, expected: list[str]) -> None:
    assert found(EmailRecognizer(), text, lang) == [(e, "EMAIL") for e in expected]


@pytest.mark.parametrize(("lang", "text", "expected"), URL_CASES)
def test_url(lang: str, text: str, expected: list[str]) -> None:
    assert found(UrlRecognizer(), text, lang) == [(e, "URL") for e in expected]


@pytest.mark.parametrize(("lang", "text", "expected"), IP_CASES)
def test_ip_address(lang: str, text: str, expected: list[str]) -> None:
    assert found(IpAddressRecognizer(), text, lang) == [(e, "IP_ADDRESS") for e in expected]


@pytest.mark.parametrize(("lang", "text", "expected"), IBAN_CASES)
def test_iban(lang: str, text: str, expected: list[str]) -> None:
    assert found(IbanRecognizer(), text, lang) == [(e, "IBAN") for e in expected]


@pytest.mark.parametrize(("lang", "text", "expected"), CARD_CASES)
def test_credit_card(lang: str, text: str, expected: list[str]) -> None:
    assert found(CreditCardRecognizer(), text, lang) == [(e, "CREDIT_CARD") for e in expected]


@pytest.mark.parametrize(("lang", "text", "expected"), NATIONAL_ID_CASES)
def test_national_id(lang: str, text: str, expected: list[str]) -> None:
    assert found(NationalIdRecognizer(), text, lang) == [(e, "NATIONAL_ID") for e in expected]


def test_nir_corsica_key() -> None:
    nir = _nir_corsica()
    assert nir_key_is_valid(nir[:13], nir[13:])
    text = f"NIR {nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    assert [t for t, _ in found(NationalIdRecognizer(), text, "fr")] == [text[4:]]


def test_checksums() -> None:
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("DE89370400440532013001")
    assert not iban_is_valid("FR89370400440532013000")  # wrong length for France
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")


def test_anchored_pattern_finds_what_a_full_scan_finds() -> None:
    """An anchored Pattern gives the same matches as scanning the whole text."""

    regex = EmailRecognizer.patterns[0].regex
    anchored = EmailRecognizer.patterns[0]
    plain = Pattern("email", regex, 0.95)
    text = "a@b.fr, .x@y.com c.d+e@f-g.co.uk @h i@j x" * 3
    assert [m.span() for m in anchored.finditer(text)] == [m.span() for m in plain.finditer(text)]
    host = UrlRecognizer.patterns[1]
    text = "see example.com, a.b-c.fr/x and café.fr or jean@mail.com"
    expected = [m.span() for m in host.regex.finditer(text)]
    assert [m.span() for m in host.finditer(text)] == expected
