"""Street lines written the continental way, name then number.

"Søndergade 52", "Via Roma 131", "ul. Narewska 94", "Wesselényi utca 9": the number comes
after the name, and a street-type word (from the multi-locale lexicon) may stand before
the name, after it, or be glued to it (street_names.py). A name and number with no type
word ("Tylova 285") needs more evidence: its place on a line, a unit, postcode or city
after it, or a phrase that announces an address (cues.py).
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import UPPER, fold
from consentgate.redact.recognizers.address.block import Blocks
from consentgate.redact.recognizers.address.cues import Cues
from consentgate.redact.recognizers.address.segments import MARKS, is_year
from consentgate.redact.recognizers.address.street_names import StreetNames, name_like
from consentgate.redact.recognizers.address.words import AddressWords

# A number that follows a word ("Roma 131", "u. 94", "Roma, 131"), so that the digit
# groups of phone, card and account numbers never reach Python code. The pattern opens
# with a literal space, which the regex engine skips to quickly (2.6x faster than opening
# with the digit); a tab before a house number is too rare to pay for.
_HOUSE_NUMBER = re.compile(
    r" (?=\d)(?:(?<=[^\W\d_] )|(?<=[^\W\d_][.,] )|(?<=N° )|(?<=No: ))"
    r"(?!(?:19|20)\d\d(?![\dA-Za-z/-]))"
    r"(\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?)(?![\w%€$£]|[.,:]\d|-\w)"
)
# What may open a line before a street written without a type word: indentation, quote
# marks, a short label ("Address:") and a building number.
LINE_PREFIX = re.compile(rf"{MARKS}(?:[\w ]{{1,24}}:[ \t]*)?(?:\d{{1,6}}[A-Za-z]?[ \t]+)?")
_AFTER_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_ENGLISH_STREET_AFTER = re.compile(
    rf"[ \t]+[{UPPER}][\w'’-]*(?:[ \t]+[{UPPER}][\w'’-]*){{0,2}}[ \t]+([{UPPER}][a-z]+)\b"
)


class ContinentalStreets:
    """Street lines written name first, number last, for one group of packs."""

    def __init__(
        self, lex: Lexicon, blocks: Blocks, cues: Cues, words: AddressWords, names: StreetNames
    ) -> None:
        self._blocks = blocks
        self._cues = cues
        self._words = words
        self._names = names
        self._number_words = lex.words("address.number_words")
        # A street word said after the number: "lives on Grössgstötten 50 street".
        self._street_words = lex.words("address.street_words")
        self._after_street = (
            words.function_words | self._street_words | lex.words("address.after_street")
        )

    def streets(self, text: str, titled: bool = False) -> list[tuple[int, int, float]]:
        """Street lines written name first, number last, with or without a type word.

        With a type word from the multi-locale lexicon ("Rua do Arenque 1634", "Villacher
        Strasse 89", "Søndergade 52") the line is an address by itself. Without one
        ("Tylova 285") it counts only at the start of a line and when the block around it
        holds a unit or a postcode, the way addresses are written on an envelope.
        ``titled`` says that ``text`` is the title-cased copy of a text in lower case.
        """
        names = self._names
        found: list[tuple[int, int, float]] = []
        for number in _HOUSE_NUMBER.finditer(text):
            # Years never reach here (the pattern refuses 19xx / 20xx).
            n_start, n_end = number.span(1)
            # Cheap test first: most numbers follow a lower-case word ("at 5", "le 12")
            # or an acronym or code ("IBAN FR76 3000", "SKU 123"), which names no street.
            prev_end = n_start - 2 if text[n_start - 2] == "," else n_start - 1
            prev_start = max(text.rfind(" ", 0, prev_end), text.rfind("\n", 0, prev_end)) + 1
            prev = text[prev_start:prev_end]
            numbered = prev[:1] in "Nn" and prev.rstrip(".:").lower() in self._number_words
            if numbered:
                pass  # "Strada Cristea Nr. 21": the name comes before the number word
            elif prev[:1].isupper():
                # An acronym names no street, but a title-cased lower-case text writes the
                # Hungarian "u." as "U.": "Piroska U. 97".
                if prev.isupper() and not (titled and names.is_separate(prev)):
                    continue
            # The lexicon is folded: "tér" is looked up as "ter".
            elif not names.is_separate(prev) and not names.after_capital(text, prev_start, prev):
                continue
            line_start = text.rfind("\n", 0, n_start) + 1
            accepted = names.tokens(text, line_start, n_start, numbered, titled)
            if not accepted:
                continue
            if titled and any(t.group().lower() in self._words.function_words for t in accepted):
                continue  # a title-cased sentence, not a street name
            street_start = names.typed_start(accepted)
            if street_start is not None:
                # A lower-case word before the number may be the sentence going on ("Lane
                # Street Partners raised 12"): the name must then open an address.
                if not names.lower_tail(accepted) or self.opens_address(
                    text, street_start, line_start, n_end
                ):
                    found.append((street_start, n_end, 0.7))
                continue
            # No type word: capitalised words and a number need more evidence.
            words = accepted[-3:]
            if self._typeless_street(text, words, line_start, n_end):
                found.append((words[0].start(), n_end, 0.6))
        return found

    def _typeless_street(
        self, text: str, words: list[re.Match[str]], line_start: int, n_end: int
    ) -> bool:
        """Whether capitalised ``words`` and the number ending at ``n_end`` are a street line.

        Written on an envelope, a street line opens a line or follows a building number,
        and a unit or postcode follows it ("Tylova 285 / Suite 578 / 30100 Plzeň"). In a
        sentence, a phrase that announces an address ("lives at Tylova 285") or a
        building number before and a city after ("at 87331 Dunajska 56, Studenec") are
        as good. "Scored 3 Goals 2" and "iPhone 15" fail: everyday words, lower-case
        initials.
        """
        start = words[0].start()
        at_line_start = LINE_PREFIX.fullmatch(text, line_start, start) is not None
        after_number = _AFTER_NUMBER.search(text, max(0, start - 8), start)
        if after_number is not None and is_year(after_number.group().strip()):
            after_number = None
        # The cue is searched only when needed: a regex over the 40 characters before.
        cue: bool | None = None
        # "refers to Leánska 42 street": the street word said after the number is a cue.
        following = _NEXT_WORD.match(text, n_end)
        street_said = (
            following is not None
            and following.group(1).lower() in self._street_words
            and self._ends_phrase(
                _NEXT_WORD.match(text, following.end())
            )  # not "Banksy 3 street art"
        )
        if not (at_line_start or after_number or street_said):
            cue = self._cues.has_cue(text, line_start, start)
            if not cue:
                return False
        named = self._named(words)
        if named is None:
            return False
        # An everyday word names a street only after a building number: at a line start,
        # before a unit or postcode ("974 Post 281 / Apt. 425"); or right after an address
        # cue ("his address: 580 Aus 216", "lives at 172 Post 75, Saareküla").
        everyday = any(self._words.everyday_word(w) for w in named)
        if everyday and after_number is None:
            return False
        if everyday and not at_line_start:
            if cue is None:
                cue = self._cues.has_cue(text, line_start, start)
            if not cue:
                return False
        if street_said and not everyday:
            return True
        return self._in_block(
            text, start, line_start, n_end, cue, everyday, at_line_start, after_number
        )

    def _named(self, words: list[re.Match[str]]) -> list[str] | None:
        """The words that name the street, None when one cannot ("iPhone 15")."""
        names = self._names
        # A particle may stand inside the name ("Cesta na Prevoje 5b"), not open it, and
        # so may a lower-case noun end it ("Strmý vŕšok 16").
        # A Slavic preposition may open it: "Na Staré Vinici 7", "V Nížinách 9".
        inner = [
            w
            for w in words[1:]
            if fold(w.group()) in names.name_particles or self._words.lower_name_word(w.group())
        ]
        if len(words) > 1 and words[0].group().lower() in names.slavic_prepositions:
            inner.append(words[0])
        # So may a middle initial of the person a street is named after: "José A Madeira 1".
        inner.extend(w for w in words[1:-1] if len(w.group()) == 1 and w.group().isupper())
        named = [w.group() for w in words if w not in inner]
        return named if all(name_like(w) for w in named) else None

    def _in_block(
        self,
        text: str,
        start: int,
        line_start: int,
        n_end: int,
        cue: bool | None,
        everyday: bool,
        at_line_start: bool,
        after_number: re.Match[str] | None,
    ) -> bool:
        """The rest of :meth:`_typeless_street`: what the block around the line says."""
        # "Visiting 90 Baker Street": the number opens an English street. Tested before
        # the block is followed, which is long on such texts.
        english = _ENGLISH_STREET_AFTER.match(text, n_end)
        if (
            english is not None
            and english.group(1) in self._words.types.english
            and english.group().split()[0].lower()
            not in self._words.function_words  # "… 7 And Elm Flat"
        ):
            return False
        _, _, kinds = self._blocks.extend(text, start, n_end)
        if "place" in kinds:
            return False
        if kinds & {"unit", "postcode"}:
            return True
        following = _NEXT_WORD.match(text, n_end)
        if everyday:
            return bool(cue) and ("city" in kinds or self._ends_phrase(following))
        if at_line_start and self._cues.closes_signature(text, line_start, n_end):
            return True
        if cue is None:
            cue = self._cues.has_cue(text, line_start, start)
        if after_number is not None and "city" in kinds:
            # A building number, a name, a number and a city: the building number must
            # open the address too (after a cue, a comma, a colon or at a line start), or
            # "We sold 3 Xbox 360, Nintendo" would be one.
            before = text[line_start : after_number.start()].rstrip()
            if cue or not before or before[-1] in ",:>|•·?":
                return True
        # After a cue alone, a number followed by a noun counts something: "is on Netflix
        # 2 hours a day", "meet at Costa 3 times". A street number ends the phrase or is
        # followed by a preposition ("lives at Korunní 12 in Prague").
        return bool(cue) and self._ends_phrase(following)

    def _ends_phrase(self, following: re.Match[str] | None) -> bool:
        """Whether nothing (None) or a word that may follow a street comes next."""
        return following is None or following.group(1).lower() in self._after_street

    def opens_address(self, text: str, start: int, line_start: int, n_end: int) -> bool:
        """Whether the street ``start``..``n_end`` opens a block, ends a signature or
        follows a cue."""
        _, _, kinds = self._blocks.extend(text, start, n_end)
        if kinds & {"unit", "postcode"}:
            return True
        at_line_start = LINE_PREFIX.fullmatch(text, line_start, start) is not None
        if at_line_start and self._cues.closes_signature(text, line_start, n_end):
            return True
        return self._cues.has_cue(text, line_start, start) and self._ends_phrase(
            _NEXT_WORD.match(text, n_end)
        )
