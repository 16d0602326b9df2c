"""What the address stages read of a group of packs: everyday words and street types.

A capitalised word before a number is a street's name only when it is no everyday word
("Windows 11", "Levels 3", "Booth 12"); the letters, everyday words and function words
are the packs' (`everyday.`, `address.`), as the union of the packs a text reads.
"""

from __future__ import annotations

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.sources import common_words, vocabulary
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.address.types import StreetTypes, street_types


class AddressWords:
    """The everyday words, function words and street types of one group of packs."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.types: StreetTypes = street_types(lex)
        self.common = common_words(lex)
        self.vocabulary = vocabulary(lex)
        # English function words never name a street.
        self.function_words = lex.words("address.function_words")
        self._venue_spots = lex.words("address.venue_spots")
        self._letters = lex.words("everyday.letters")
        self._endings = lex.ordered("address.word_endings")

    def everyday_word(self, word: str) -> bool:
        """Whether ``word`` is an everyday word, or the plural of one ("Windows 11")."""
        # A word with a letter none of the languages writes ("Härm", "Söör") is none of
        # their words even when its folded form is one ("harm").
        if not word.isascii() and not set(word.lower()) <= self._letters:
            return False
        folded = fold(word)
        common = self.common
        return (
            folded in common
            or folded in self._venue_spots
            or (folded.endswith("s") and folded[:-1] in common)
        )

    def lower_name_word(self, word: str) -> bool:
        """A lower-case word that may end a street name: no function or everyday word."""
        return (
            word.isalpha()
            and word.islower()
            and word not in self.function_words
            and not word.endswith(self._endings)
            and not self.everyday_word(word)
        )
