"""STREET_ADDRESS: street lines in the forms of many countries, widened to their blocks.

"221B Baker Street", "12 rue de la Paix, 75002 Paris", "Søndergade 52", "Via Roma 131",
"PO Box 12", an envelope's lines: the stages of finder.py. Their words (street types,
units, cues, everyday words) are the language packs' (lang/*.toml, `address.`): one
finder is built per group of packs a text's language reads.
"""

from __future__ import annotations

from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import lexicon_for, pack_codes
from consentgate.redact.recognizers.address.finder import RECOGNIZER, AddressFinder


class StreetAddressRecognizer(Recognizer):
    """Postal addresses written the English way ("221B Baker Street"), the French way and
    the continental way, in the languages of the packs (and quoted in any text)."""

    name = RECOGNIZER
    entity_types = ("STREET_ADDRESS",)
    # Every language with a pack: the rules read its words, cues and street types.
    languages = pack_codes()

    def __init__(self) -> None:
        self._finders: dict[str, AddressFinder] = {}

    def _finder(self, lang: str) -> AddressFinder:
        finder = self._finders.get(lang)
        if finder is None:
            finder = self._finders[lang] = lexicon_for(lang).derived(AddressFinder)
        return finder

    # The stages are rebuilt from the packs in the worker, not pickled.
    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._finders = {}

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """The lines of every address block in ``text``."""
        return self._finder(lang).find(text)
