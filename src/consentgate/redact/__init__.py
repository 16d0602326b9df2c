"""PII redaction for English and French text: recognisers, a registry, the redactor.

Pure logic: no database, no network; the only data read are Faker's word lists.
"""

from consentgate.redact.address import StreetAddressRecognizer
from consentgate.redact.base import Pattern, PatternRecognizer, Recognizer, RecognizerRegistry
from consentgate.redact.language import detect_language
from consentgate.redact.members import MemberNameRecognizer
from consentgate.redact.names import NameRecognizer
from consentgate.redact.national_id import NationalIdRecognizer
from consentgate.redact.patterns import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpAddressRecognizer,
    UrlRecognizer,
)
from consentgate.redact.phone import PhoneRecognizer
from consentgate.redact.redactor import (
    ENTITY_TYPES,
    STRATEGIES,
    RedactionResult,
    Redactor,
    apply_strategy,
    default_recognizers,
)
from consentgate.redact.results import RecognizerResult, resolve_overlaps
from consentgate.redact.suppressed import (
    SuppressedName,
    SuppressedNameRecognizer,
    SuppressionList,
    suppression_entries,
)

__all__ = [
    "ENTITY_TYPES",
    "STRATEGIES",
    "CreditCardRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "MemberNameRecognizer",
    "NameRecognizer",
    "NationalIdRecognizer",
    "Pattern",
    "PatternRecognizer",
    "PhoneRecognizer",
    "Recognizer",
    "RecognizerRegistry",
    "RecognizerResult",
    "RedactionResult",
    "Redactor",
    "StreetAddressRecognizer",
    "SuppressedName",
    "SuppressedNameRecognizer",
    "SuppressionList",
    "UrlRecognizer",
    "apply_strategy",
    "default_recognizers",
    "detect_language",
    "resolve_overlaps",
    "suppression_entries",
]
