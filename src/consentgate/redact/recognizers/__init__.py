"""The recognisers, one module or package per entity type; importing this package
registers every recogniser class under its name (see engine.recognizer_class)."""

from consentgate.redact.recognizers.address import StreetAddressRecognizer
from consentgate.redact.recognizers.credit_card import CreditCardRecognizer
from consentgate.redact.recognizers.email import EmailRecognizer
from consentgate.redact.recognizers.iban import IbanRecognizer
from consentgate.redact.recognizers.ip_address import IpAddressRecognizer
from consentgate.redact.recognizers.members import MemberNameRecognizer
from consentgate.redact.recognizers.national_id import GermanTaxIdRecognizer, NationalIdRecognizer
from consentgate.redact.recognizers.person import NameRecognizer
from consentgate.redact.recognizers.phone import PhoneRecognizer
from consentgate.redact.recognizers.suppressed import SuppressedNameRecognizer
from consentgate.redact.recognizers.url import UrlRecognizer

__all__ = [
    "CreditCardRecognizer",
    "EmailRecognizer",
    "GermanTaxIdRecognizer",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "MemberNameRecognizer",
    "NameRecognizer",
    "NationalIdRecognizer",
    "PhoneRecognizer",
    "StreetAddressRecognizer",
    "SuppressedNameRecognizer",
    "UrlRecognizer",
]
