"""PERSON names of people who are not members: first-name dictionaries plus capitalisation.

No statistical NER model runs here: one (Presidio with spaCy's small French model) was
far slower than the pipeline needs, and no English model may be installed. Instead a name
is a run of capitalised words anchored on a known first name ("Léa Moreau", "John F.
Kennedy"), a title ("Mme Dupont", "Dr. House"), or a known last name in capitals
("DUPONT Jean"). Words that are also ordinary words ("Grace", "Pierre") need such a
companion, and never count at the start of a sentence on their own. Words in no list
count where their context says "person" and their letters read as a name (context.py,
model.py). The word lists and cues are the language packs' (lang/*.toml, `person.`):
one finder (finder.py) is built per group of packs a text's language reads.
"""

from __future__ import annotations

from consentgate.redact.engine.recognizer import Recognizer
from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import lexicon_for, pack_codes
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.person.finder import RECOGNIZER, NameFinder


class NameRecognizer(Recognizer):
    """Names of people the platform does not know, in the languages of the packs."""

    name = RECOGNIZER
    entity_types = ("PERSON",)
    # Every language with a pack: the rules read its words, cues and street types.
    languages = pack_codes()
    uses_folded = True

    def __init__(self) -> None:
        self._finders: dict[str, NameFinder] = {}
        self._reset()

    def _reset(self) -> None:
        self._finders = {}
        # The lists of texts of undetermined language (English and French) load now, at
        # start-up, rather than on the first text.
        self._finder("und")

    def _finder(self, lang: str) -> NameFinder:
        finder = self._finders.get(lang)
        if finder is None:
            finder = self._finders[lang] = lexicon_for(lang).derived(NameFinder)
        return finder

    # The word lists are rebuilt from the packs and Faker in the worker, not pickled.
    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._reset()

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Group capitalised words into runs and judge each run."""
        return self.analyze_folded(text, fold(text), lang)

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """:meth:`analyze` on the text already folded by the caller (words are slices)."""
        return self._finder(lang).find(text, folded)
