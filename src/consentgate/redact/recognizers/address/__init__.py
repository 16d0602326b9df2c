"""STREET_ADDRESS in free text, in stages: street lines of many forms, then their blocks."""

from consentgate.redact.recognizers.address.recognizer import StreetAddressRecognizer

__all__ = ["StreetAddressRecognizer"]
