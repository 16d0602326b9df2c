"""PII redaction: an engine, recognisers, and language packs held as data.

- ``engine/``: the recogniser interface, the registry that picks recognisers by language
  and entity type (and reads them from a TOML file), results and their overlaps, the
  batch runner;
- ``recognizers/``: one module or package per entity type (PERSON and STREET_ADDRESS are
  packages of named stages);
- ``lang/``: the language packs (``en.toml``, ``fr.toml``, ``de.toml`` and the neutral
  ``xx.toml``), the language guess, text folding and the word lists drawn from Faker;
- ``redactor.py``: the redactor, which detects with the registry and replaces.

Pure logic: no database, no network; the only data read are the packs and Faker's lists.
"""

from consentgate.redact.engine.recognizer import Pattern, PatternRecognizer, Recognizer
from consentgate.redact.engine.registry import RecognizerRegistry
from consentgate.redact.engine.results import RecognizerResult, resolve_overlaps
from consentgate.redact.lang.detect import detect_language
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    GermanTaxIdRecognizer,
    IbanRecognizer,
    IpAddressRecognizer,
    MemberNameRecognizer,
    NameRecognizer,
    NationalIdRecognizer,
    PhoneRecognizer,
    StreetAddressRecognizer,
    SuppressedNameRecognizer,
    UrlRecognizer,
)
from consentgate.redact.recognizers.members import name_keys
from consentgate.redact.recognizers.name_index import NameIndex
from consentgate.redact.recognizers.suppressed import (
    SuppressedName,
    SuppressionList,
    suppression_entries,
)
from consentgate.redact.redactor import (
    DEFAULT_CONFIG,
    ENTITY_TYPES,
    STRATEGIES,
    RedactionResult,
    Redactor,
    apply_strategy,
    default_recognizers,
)

__all__ = [
    "DEFAULT_CONFIG",
    "ENTITY_TYPES",
    "STRATEGIES",
    "CreditCardRecognizer",
    "EmailRecognizer",
    "GermanTaxIdRecognizer",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "MemberNameRecognizer",
    "NameIndex",
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
    "fold",
    "name_keys",
    "resolve_overlaps",
    "suppression_entries",
]
