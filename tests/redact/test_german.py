"""German, added as a language pack (lang/de.toml): one table of cases per recogniser.

Each case is (text, the substrings found), as Presidio's recogniser tests are written.
"""

from __future__ import annotations

import pytest

from consentgate.redact import (
    EmailRecognizer,
    GermanTaxIdRecognizer,
    IbanRecognizer,
    NameRecognizer,
    PhoneRecognizer,
    Recognizer,
    Redactor,
    StreetAddressRecognizer,
    UrlRecognizer,
    detect_language,
)
from consentgate.redact.recognizers.national_id import tax_id_is_valid

from ._helpers import found

NAMES = [
    ("Tolles Treffen mit Jürgen Weiß und Anna von der Heide auf der Konferenz.",
     ["Jürgen Weiß", "Anna von der Heide"]),
    ("Herzlichen Glückwunsch an Karl-Theodor zu Guttenberg zur Beförderung!",
     ["Karl-Theodor zu Guttenberg"]),
    ("Danke Frau Schüßler für die Empfehlung.", ["Schüßler"]),
    ("Sehr geehrter Herr Dr. Böhm, vielen Dank für Ihre Nachricht.", ["Böhm"]),
    ("Hallo Grete, schöne Grüße aus Köln!", ["Grete"]),
    ("Ich heiße Annegret und arbeite seit Mai bei Siemens.", ["Annegret"]),
    ("Willkommen an Bord, Heinz-Günther Özdemir!", ["Heinz-Günther Özdemir"]),
    ("Der Server ist seit dem Update wieder ausgefallen.", []),
    ("Die Roadmap für das nächste Quartal steht.", []),
    ("Senior Analystin bei Lindner Hoffmann GbR in Stuttgart.", []),
]  # fmt: skip

ADDRESSES = [
    ("Unser Büro: Musterstraße 5, 10115 Berlin.", ["Musterstraße 5, 10115 Berlin"]),
    ("Neue Anschrift: Bahnhofstr. 12a\n80335 München", ["Bahnhofstr. 12a", "80335 München"]),
    ("Wir wohnen in der Kastanienallee 7, 10435 Berlin.", ["Kastanienallee 7, 10435 Berlin"]),
    ("Treffpunkt: Kaiser-Wilhelm-Ring 17, 50672 Köln", ["Kaiser-Wilhelm-Ring 17, 50672 Köln"]),
    ("Lieferung an Rosengasse 3b, 1010 Wien", ["Rosengasse 3b, 1010 Wien"]),
    ("Workshop in der Mühlendamm 104, 23552 Lübeck.", ["Mühlendamm 104, 23552 Lübeck"]),
    ("Schillerplatz 2, 70173 Stuttgart", ["Schillerplatz 2, 70173 Stuttgart"]),
    ("Lindenweg 45", ["Lindenweg 45"]),
    ("Wir sehen uns am Montag um 12 Uhr in Halle 3.", []),
    ("Bestellung 2024-123456 wurde verschickt.", []),
]

PHONES = [
    ("Ruf mich an: 030 1234567.", ["030 1234567"]),
    ("Handy: 0171 2345678", ["0171 2345678"]),
    ("Telefon +49 (0)30 12345678 (Büro)", ["+49 (0)30 12345678"]),
    (
        "Erreichbar unter +49 171 2345678 oder +43 664 1234567.",
        ["+49 171 2345678", "+43 664 1234567"],
    ),
    ("Bestellnummer 4509307126 ist unterwegs.", []),
    ("Rechnung 2025-877568 anbei.", []),
]

TAX_IDS = [
    ("Meine Steuer-ID lautet 86 095 742 719.", ["86 095 742 719"]),
    ("Steueridentifikationsnummer: 65929970489", ["65929970489"]),
    # A wrong check digit, a digit four times, an order number: none is a tax id.
    ("Steuer-ID 86 095 742 718", []),
    ("Kundennummer 11112345678", []),
    ("Bestellnummer 86095742719", []),
]

IBANS = [
    ("Bitte auf DE89 3704 0044 0532 0130 00 überweisen.", ["DE89 3704 0044 0532 0130 00"]),
    ("IBAN: DE89370400440532013000", ["DE89370400440532013000"]),
    ("Die IBAN DE89 3704 0044 0532 0130 01 ist falsch.", []),
]

WEB = [
    ("Schreib mir: jürgen.weiß@beispiel.de", ["jürgen.weiß@beispiel.de"]),
    ("Mein Portfolio: https://anna-schmidt.de/blog - Feedback willkommen.",
     ["https://anna-schmidt.de/blog"]),
    ("Mehr unter www.beispiel.de.", ["www.beispiel.de"]),
]  # fmt: skip


def _texts(recognizer: Recognizer, text: str) -> list[str]:
    return [t for t, _ in found(recognizer, text, "de")]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names(text: str, expected: list[str]) -> None:
    assert _texts(NameRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_street_addresses(text: str, expected: list[str]) -> None:
    assert _texts(StreetAddressRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phone_numbers(text: str, expected: list[str]) -> None:
    assert _texts(PhoneRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), TAX_IDS)
def test_tax_ids(text: str, expected: list[str]) -> None:
    assert _texts(GermanTaxIdRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), IBANS)
def test_ibans(text: str, expected: list[str]) -> None:
    assert _texts(IbanRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), WEB)
def test_email_and_url(text: str, expected: list[str]) -> None:
    assert _texts(EmailRecognizer(), text) + _texts(UrlRecognizer(), text) == expected


def test_tax_id_digit_rules() -> None:
    assert tax_id_is_valid("86095742719") and tax_id_is_valid("86 095 742 719")
    assert not tax_id_is_valid("06095742719")  # no leading zero
    assert not tax_id_is_valid("12345678903")  # every digit once: no repeated digit
    assert not tax_id_is_valid("8609574271")  # ten digits


@pytest.mark.parametrize(
    "text",
    [
        "Ich freue mich sehr, dass wir jetzt ein neues Team haben.",
        "Vielen Dank für die Einladung, bis bald!",
        "Bestellung wurde heute verschickt, bitte prüfen.",
    ],
)
def test_the_language_guess_knows_german(text: str) -> None:
    assert detect_language(text) == "de"


def test_a_german_text_end_to_end() -> None:
    text = (
        "Hallo Frau Schüßler, meine neue Anschrift ist Lindenweg 45, 80331 München. "
        "Telefon 0171 2345678, Steuer-ID 86 095 742 719, IBAN DE89 3704 0044 0532 0130 00."
    )
    result = Redactor().redact(text)
    assert result.lang == "de"
    assert result.text == (
        "Hallo Frau [PERSON], meine neue Anschrift ist [STREET_ADDRESS]. "
        "Telefon [PHONE], Steuer-ID [NATIONAL_ID], IBAN [IBAN]."
    )


def test_a_german_word_list_applies_to_german_texts_only() -> None:
    # "Gruppe" ends a German firm's name (de.toml); in an English text it is a name.
    text = "Great meeting Karl Gruppe yesterday."
    assert [t for t, _ in found(NameRecognizer(), text, "en")] == ["Karl Gruppe"]
    assert [t for t, _ in found(NameRecognizer(), text, "de")] == []
