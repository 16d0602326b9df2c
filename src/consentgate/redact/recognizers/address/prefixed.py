"""Streets whose type word is written before the name, in the ways English patterns miss.

"Via Roma 131" is found by continental.py, "12 Rue de la Paix" by numbered.py. Here:
a building number written before a foreign type word ("974 Campo Cirino / Apt. 425"),
"S/N" for a house without a number ("Travessa Maia, S/N") and a house number that reads
as a year ("Rua Diadema 1903"); a continental street written before an English street
line ("Storgarden 52 Trajanka Forks"); and post-office boxes and military mail, whose box
word comes first too ("PO Box 12", "PSC 6293, Box 8158").
"""

from __future__ import annotations

import re

from consentgate.redact.engine.digit_runs import matches_from
from consentgate.redact.lang.packs import lexicon
from consentgate.redact.lang.sources import first_names
from consentgate.redact.lang.text import LOWER, UPPER, fold
from consentgate.redact.recognizers.address.block import Blocks
from consentgate.redact.recognizers.address.continental import LINE_PREFIX
from consentgate.redact.recognizers.address.cues import Cues
from consentgate.redact.recognizers.address.segments import MARKS, UNIT_SET
from consentgate.redact.recognizers.address.street_names import StreetNames
from consentgate.redact.recognizers.address.words import AddressWords

_NEUTRAL = lexicon(())
# Type words written before the name that also follow a building number (see the pack).
NUMBERED_PREFIXES = _NEUTRAL.words("address.numbered_prefixes")
# A building number, then a capitalised word that may be a type word.
_NUMBER_THEN_WORD = re.compile(rf"\d(?<![\w.,/-]\d)\d{{0,5}}[A-Za-z]?,?[ \t]+([{UPPER}][^\s,]*)")
# The name after the type word: capitalised words, with the particles of the languages
# that write the type first ("Via de Barros", "Rua do Arenque").
_NAME_AFTER = re.compile(
    rf"(?:[ \t]+(?:(?:{_NEUTRAL.sequence('address.prefix_particles')})[ \t]+)?"
    rf"[{UPPER}][\w'’-]*\.?){{1,4}}"
)
_WORD = re.compile(r"[^ \t]+")
_FOREIGN_NAME = re.compile(rf"[{UPPER}][{LOWER}]{{3,}}")
# "Sem número" / "sin número": a house without a number, as the Portuguese and Spanish
# post write it after the street ("Travessa Maia, S/N", "Calle Real s/n").
_NO_NUMBER = re.compile(r",?[ \t]+[Ss]/[Nn](?![\w/])")
# A house number that reads as a year after a type word written before the name (see the
# pack's address.year_prefixes). Years are refused as house numbers everywhere else
# ("Copenhagen 2025").
_YEAR_PREFIXES = _NEUTRAL.ordered("address.year_prefixes")
_YEAR_NUMBERED = re.compile(
    rf"(?<![\w-])(?:{_NEUTRAL.sequence('address.year_prefixes')})"
    rf"(?:[ \t]+(?:{_NEUTRAL.sequence('address.year_particles')})?[ \t]*[{UPPER}][\w'’-]*){{1,4}}"
    r",?[ \t]+(?:19|20)\d\d(?![\w%€$£]|[/.,:-]\w)"
)
_PO_BOX = re.compile(
    rf"(?<![\w])(?:{_NEUTRAL.sequence('address.po_box_words')}"
    # "Psc", "Cmr": a lower-case text title-cased ("psc 6293, box 8158").
    r"|(?:PSC|CMR|Psc|Cmr|Unit)[ \t]+\d{3,5},?[ \t]+Box)[ \t]+\d{1,6}(?![\w])"
    # Ship names are often people's names: "USNS Sekerková".
    rf"|(?<![\w])(?:USNS|USS|USNV|USCGC|Usns|Uss|Usnv|Uscgc)[ \t]+[{UPPER}][{LOWER}]+"
    rf"(?:[ \t]+[{UPPER}][{LOWER}]+)?(?=[ \t]*(?:,|\n){MARKS}(?:FPO|APO|DPO|Fpo|Apo|Dpo)\b)"
)
_PO_BOX_MARKS = _NEUTRAL.ordered("address.po_box_marks")


def year_numbered_streets(text: str) -> list[tuple[int, int, float]]:
    """Prefixed streets whose house number reads as a year ("Rua Diadema 1903")."""
    # Substring tests first: a regex scan of every text cost 1% of the redactor's time.
    if ("19" not in text and "20" not in text) or not any(p in text for p in _YEAR_PREFIXES):
        return []
    return [(m.start(), m.end(), 0.6) for m in _YEAR_NUMBERED.finditer(text)]


def po_boxes(text: str) -> list[tuple[int, int, float]]:
    """Post-office boxes and US military mail (PSC / Unit ... Box, ships with FPO)."""
    # Every match holds one of these words; substring tests are far cheaper than a regex.
    for mark in _PO_BOX_MARKS:
        if mark in text:
            return [(m.start(), m.end(), 0.7) for m in _PO_BOX.finditer(text)]
    return []


class PrefixedStreets:
    """Streets whose type word comes first, for one group of packs."""

    def __init__(self, blocks: Blocks, cues: Cues, words: AddressWords, names: StreetNames) -> None:
        self._blocks = blocks
        self._cues = cues
        self._words = words
        self._names = names

    def numbered(self, text: str, starts: list[int]) -> list[tuple[int, int, float]]:
        """A building number, a type word and a name: "974 Campo Cirino", "66029 Via de Barros".

        The usual types (NUMBERED_PREFIXES) are a street by themselves; the rest must open
        an address block (a unit or postcode follows) or follow a phrase that announces
        one. ``starts`` are where its digit runs start (digit_runs).
        """
        found: list[tuple[int, int, float]] = []
        prefixes = self._words.types.prefixes
        for m in matches_from(_NUMBER_THEN_WORD, text, starts):
            # Most numbers are followed by no type word: one set look-up of the word,
            # lower-cased when ASCII (fold() costs more), rules them out.
            word = m.group(1)
            type_word = word.lower() if word.isascii() else fold(word)
            if type_word not in prefixes:
                continue
            end = self._name_end(text, m.end())
            if end < 0:
                continue
            if type_word not in NUMBERED_PREFIXES and not self._announced(text, m.start(), end):
                continue
            found.append((m.start(), end, 0.65))
        return found

    def _name_end(self, text: str, position: int) -> int:
        """End of the name that follows a type word at ``position``, or -1."""
        name = _NAME_AFTER.match(text, position)
        if name is None:
            return -1
        end = -1
        vocabulary = self._words.vocabulary
        for word in _WORD.finditer(text, position, name.end()):
            raw = word.group()
            if raw.rstrip(".") in UNIT_SET or (raw[0].isupper() and fold(raw) in vocabulary):
                break  # "3 Patio Chairs", "… Campo Cirino Apt. 5": the unit is the block's
            if raw[0].isupper():
                end = word.end()
        return end

    def _announced(self, text: str, start: int, end: int) -> bool:
        """Whether the street ``start``..``end`` opens an address block or follows a cue."""
        _, _, kinds = self._blocks.extend(text, start, end)
        if kinds & {"unit", "postcode"}:
            return True
        line_start = text.rfind("\n", 0, start) + 1
        if self._cues.has_cue(text, line_start, start):
            return True
        return text[line_start:start].strip(" \t>|•·?") == "" and self._cues.closes_signature(
            text, line_start, end
        )

    def name_before(self, text: str, number_start: int) -> int:
        """Start of a continental street name written before an English street line, or -1.

        Exported records join a foreign street and an English one: "Storgarden 52 Trajanka
        Forks". The word before the building number belongs to the address when it is no
        everyday word or first name and the address opens with it: at a line start or
        after a phrase that announces an address.
        """
        if number_start < 5 or text[number_start - 1] != " ":
            return -1
        w_start = (
            max(text.rfind(" ", 0, number_start - 1), text.rfind("\n", 0, number_start - 1)) + 1
        )
        word = text[w_start : number_start - 1]
        if _FOREIGN_NAME.fullmatch(word) is None or word.endswith("ing"):
            return -1  # "Visiting 12 Baker Street": an English gerund
        folded = fold(word)
        if (
            folded in self._words.common
            or folded in self._words.vocabulary
            or folded in first_names()
        ):
            return -1
        line_start = text.rfind("\n", 0, w_start) + 1
        # A line of a block, not the text's first word, which is as often a sentence's.
        on_line = line_start > 0 and LINE_PREFIX.fullmatch(text, line_start, w_start) is not None
        return w_start if on_line or self._cues.has_cue(text, line_start, w_start) else -1

    def no_number(self, text: str, titled: bool = False) -> list[tuple[int, int, float]]:
        """Streets with a type word written before the name and "S/N" for their number."""
        if "/N" not in text and "/n" not in text:
            return []
        found = []
        for mark in _NO_NUMBER.finditer(text):
            line_start = text.rfind("\n", 0, mark.start()) + 1
            accepted = self._names.tokens(text, line_start, mark.start(), False, titled)
            start = self._names.typed_start(accepted) if accepted else None
            if start is not None:
                found.append((start, mark.end(), 0.7))
        return found
