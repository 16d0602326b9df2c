"""Address blocks found from their layout, whatever their street line holds.

The street line of a block is found by its words: a type word, a name and a number in
one of the orders address.py and address_lines.py know. A street in no such form
("28245 Západný rad 851", "5670 R José A Madeira 1") would lose its whole block. But
the layout of an envelope tells as much as the words: a unit ("Apt. 595", "Suite 501")
that ends the street line or stands on the line below it, then a town, a region code
or postcode, a country. Such a unit, with the block going on after it, vouches for the
line it belongs to. So does an "Address:" label for the line it opens.
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.recognizers.address.block import Blocks
from consentgate.redact.recognizers.address.segments import COMMON_UNIT_WORDS, MARKS
from consentgate.redact.recognizers.address.words import AddressWords

_UNIT = rf"(?:{COMMON_UNIT_WORDS}|APT|SUITE|UNIT)\.?[ \t]*#?[A-Za-z]?\d[\w-]{{0,5}}"
# A unit alone on its line, the street line above it ("20789 Strmý vŕšok 16 / Suite 501").
_UNIT_LINE = re.compile(rf"\n({MARKS})({_UNIT})[ \t]*(?=\n)")
# A unit that ends the street line, the block going on below ("… 851 Apt. 595 / TOWN").
_UNIT_AT_END = re.compile(rf"[ \t]+({_UNIT})[ \t]*(?=\n)")
# What a street line may not be: a label ("Phone:"), an e-mail or web address, a phone
# number (digits and separators only).
_NOT_STREET = re.compile(r"[:@/]|^[\d\s().+-]+$")
# A street's name holds a capitalised word: "3 kids" is none.
_NAME = re.compile(r"(?<![\w])[^\W\d_a-z][^\W\d_]")
_WORD = re.compile(r"[^ \t]+")
_NAME_WORDS = re.compile(r"[^\W\d_]{2,}")
_DIGIT = re.compile(r"\d")
# The segments after the unit that show the block goes on.
_BLOCK_KINDS = frozenset({"city", "postcode", "state", "country"})


class UnitLines:
    """Street lines vouched for by their unit or their label, for one group of packs."""

    def __init__(self, lex: Lexicon, blocks: Blocks, words: AddressWords) -> None:
        self._blocks = blocks
        self._words = words
        # "I", contractions and verbs of a sentence before the street: "It's at".
        self._sentence_word = re.compile(lex.alternation("address.sentence_words"))
        # An address label and its value, on the same line or the next: "Address:
        # 83393 Pärna 33", "Address:\nV Nížinách 168.", "Adresse : 12 rue X".
        self._labelled = re.compile(
            rf"(?im)^[ \t>|•·?]*(?:{lex.alternation('address.labels')})"
            r"[ \t]*:[ \t]*(?:\n[ \t>|•·?]*)?(?=\S)"
        )

    def unit_blocks(self, text: str) -> list[tuple[int, int, float]]:
        """Street lines vouched for by the unit of their block (see the module docstring)."""
        if "\n" not in text:
            return []
        found: list[tuple[int, int, float]] = []
        for m in _UNIT_LINE.finditer(text):
            line_end = m.start()
            line_start = text.rfind("\n", 0, line_end) + 1
            street = self._street_line(text, line_start, line_end)
            if street is not None and self._block_goes_on(text, street, m.end(2)):
                found.append((street, m.end(2), 0.6))
        for m in _UNIT_AT_END.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            street = self._street_line(text, line_start, m.start())
            if street is not None and self._block_goes_on(text, street, m.end(1)):
                found.append((street, m.end(1), 0.6))
        return found

    def labelled_addresses(self, text: str) -> list[tuple[int, int, float]]:
        """The value of an "Address:" label, whatever its street line holds ("Sask tune 102")."""
        if ":" not in text:
            return []
        found: list[tuple[int, int, float]] = []
        for m in self._labelled.finditer(text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            end = line_end
            while end > m.end() and text[end - 1] in " \t.,":
                end -= 1
            words = _NAME_WORDS.findall(text, m.end(), end)
            if all(self._words.everyday_word(w) for w in words):
                continue  # "Address:\nWindows 11": a label over everyday words names nothing
            if self._street_line(text, m.end(), end) == m.end():
                found.append((m.end(), end, 0.6))
        return found

    def _street_line(self, text: str, line_start: int, line_end: int) -> int | None:
        """Where the street on the line ``line_start``..``line_end`` begins, if it holds one.

        A sentence may open the line ("Meet me at 34 Hill Road / Apt. 3"): the street
        begins after its last function word, opens with a number or a capital and
        holds a capitalised word; a line with "I", a contraction or "have" is a sentence
        ("I have 3 kids / Apt. 5"), whose street the word patterns find if it has one.
        """
        start = line_start
        while start < line_end and text[start] in " \t>|•·?":
            start += 1
        function_words = self._words.function_words
        for word in _WORD.finditer(text, start, line_end):
            if self._sentence_word.fullmatch(word.group()):
                return None  # a sentence's own street is the word patterns' to find
            # (Not at "A" in a title-cased copy: "5670 R José A Madeira 1", an initial.)
            if word.group().lower() in function_words and word.group() != "A":
                start = word.end() + 1
        line = text[start:line_end].rstrip()
        if (
            not 4 <= len(line) <= 60
            or len(line.split()) > 8
            or not (line[0].isdigit() or line[0].isupper())
        ):
            return None
        if _DIGIT.search(line) is None or _NAME.search(line) is None or _NOT_STREET.search(line):
            return None
        return start

    def _block_goes_on(self, text: str, street_start: int, unit_end: int) -> bool:
        """Whether a town, code, postcode or country follows the unit ending at ``unit_end``."""
        _, _, kinds = self._blocks.extend(text, street_start, unit_end)
        return bool(kinds & _BLOCK_KINDS)
