"""The name of a street read back from its house number, and where its type word stands.

"Søndergade 52", "Via Roma 131", "ul. Narewska 94", "Wesselényi utca 9": the words
before a house number are read back to the first that cannot belong to a street's name
(a unit, a label, a contraction, a lower-case word of the sentence); then a type word
among them (before the name, after it, or glued to it) tells where the street begins.
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.address.segments import UNIT_SET
from consentgate.redact.recognizers.address.words import AddressWords

_TOKEN = re.compile(r"[^\s,]+")


def capitalised(token: str) -> bool:
    return token[:1].isupper()


def name_like(token: str) -> bool:
    """ "Villacher" can name a street, "I'll" cannot."""
    return token[:1].isupper() and len(token) > 1 and "'" not in token and "’" not in token


def fold_word(word: str) -> str:
    """fold() keeps offsets for whole texts; one ASCII word needs only lower()."""
    return word.lower() if word.isascii() else fold(word)


class StreetNames:
    """Reads street names back from house numbers, for one group of packs."""

    def __init__(self, lex: Lexicon, words: AddressWords) -> None:
        self._words = words
        self._types = words.types
        contractions = lex.alternation("address.contraction_endings")
        self._contracted = re.compile(rf"['’](?:{contractions})$")
        self.slavic_prepositions = lex.words("address.slavic_prepositions")
        self.name_particles = lex.words("address.name_particles") | self.slavic_prepositions

    def tokens(
        self, text: str, line_start: int, end: int, numbered: bool, titled: bool
    ) -> list[re.Match[str]]:
        """The words of the street name that ends at ``end``, read back from the house number."""
        types = self._types
        tokens = list(_TOKEN.finditer(text, max(line_start, end - 70), end))
        if numbered:
            tokens.pop()
        accepted: list[re.Match[str]] = []
        lower_tail = 0
        for tok in reversed(tokens):
            word = tok.group()
            if word.rstrip(".") in UNIT_SET or word[-1] in ':;!?)"»”':
                break  # "Flat 2" is a unit, "Office:" a label, not part of a street name
            if self._contracted.search(word):
                break  # "It's in Randoja 277": the sentence, not the street's name
            if titled and word.lower() in self._words.function_words:
                break  # "lives on via tasso 129": the sentence ends the name in a titled copy
            if capitalised(word):
                accepted.append(tok)
                if len(accepted) == 6:
                    break
                continue
            folded = fold_word(word)
            if (
                folded in self.name_particles
                or folded in types.separates
                or word in types.accented_separate
            ):
                accepted.append(tok)
                if len(accepted) == 6:
                    break
                continue
            if folded in types.prefixes:
                accepted.append(tok)
            elif (
                len(accepted) == 1
                and accepted[0].group().islower()
                and word.isalpha()
                and self.is_separate(accepted[0].group())
            ):
                # A title or common noun inside the name before a separate type word:
                # "Árpád fejedelem útja", "Kossuth Lajos tér"; typed_start checks that
                # a capitalised word comes before it.
                accepted.append(tok)
                continue
            elif len(accepted) == lower_tail < 2 and self._words.lower_name_word(word):
                # Slavic street names end with a noun in lower case: "Strmý vŕšok 16",
                # "Štepanjsko nabrežje 6a", "Ulica Gubčeve brigade 129".
                lower_tail += 1
                accepted.append(tok)
                continue
            break
        accepted.reverse()
        # A lower-case particle does not open a name ("at de Gaulle 5" reads "Gaulle 5"),
        # a capitalised article does: "Los Laureles 502", "La Rambla 12".
        while (
            accepted
            and not capitalised(accepted[0].group())
            and fold(accepted[0].group()) in self.name_particles
        ):
            accepted.pop(0)
        return accepted

    def is_separate(self, word: str) -> bool:
        """True for a street-type word written after the name ("utca", "tér"), folded or not."""
        return fold_word(word) in self._types.separates or word in self._types.accented_separate

    def lower_tail(self, accepted: list[re.Match[str]]) -> bool:
        """Whether the name read back from a number ends with a lower-case noun ("Strmý vŕšok")."""
        word = accepted[-1].group()
        return (
            self._words.lower_name_word(word)
            and not self.is_separate(word)
            and fold(word) not in self.name_particles
        )

    def after_capital(self, text: str, word_start: int, word: str) -> bool:
        """Whether lower-case ``word`` may end a street name: a capitalised word comes before."""
        # The hot path: most numbers follow a lower-case word ("at 5"), and most of those
        # another ("arrive at 5"); the capitals are looked for first, the word lists only then.
        lower = [word]
        for _ in range(2):
            if word_start < 2 or text[word_start - 1] != " ":
                return False
            before = text.rfind(" ", max(0, word_start - 30), word_start - 1) + 1
            before = max(before, text.rfind("\n", before, word_start - 1) + 1)
            if text[before : before + 1].isupper():
                return all(self._words.lower_name_word(w) for w in lower)
            lower.append(text[before : word_start - 1])
            word_start = before
        return False

    def typed_start(self, tokens: list[re.Match[str]]) -> int | None:
        """Where the street begins when one of ``tokens`` is a street-type word, else None."""
        types = self._types
        folded = [fold(t.group()) for t in tokens]
        for i, word in enumerate(folded[:-1]):
            # "Via Roma", "ul. Narewska": a type word followed by a capitalised name.
            if word in types.prefixes and any(capitalised(t.group()) for t in tokens[i + 1 :]):
                return tokens[i].start()
        for i, word in enumerate(folded):
            raw = tokens[i].group()
            typed = (
                word in types.separates
                or raw in types.accented_separate
                or raw.rstrip(".") in types.english
            )
            if (
                i > 1
                and typed
                and tokens[i - 1].group().islower()
                and name_like(tokens[i - 2].group())
            ):
                i -= 1  # "Árpád fejedelem útja": one lower-case word inside the name
            if i > 0 and typed and name_like(tokens[i - 1].group()):
                # "Villacher Strasse", "Wesselényi u.": the name is the capitalised run before.
                j = i - 1
                while j > 0 and (capitalised(tokens[j - 1].group()) or folded[j - 1] in
                                 self.name_particles) and i - j < 3:  # fmt: skip
                    j -= 1
                return tokens[j].start()
        last = tokens[-1]
        if capitalised(last.group()) and types.has_glued_suffix(folded[-1].rstrip(".")):
            return last.start()
        return None
