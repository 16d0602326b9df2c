"""PERSON names in free text, in stages: runs of capitalised words and their context,
lists, contact blocks, dialogues, and texts written wholly in lower case."""

from consentgate.redact.recognizers.person.recognizer import NameRecognizer

__all__ = ["NameRecognizer"]
