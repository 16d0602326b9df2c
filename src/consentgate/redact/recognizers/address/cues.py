"""What tells that a street written without a type word is one: the words around it.

"lives at Tylova 285", "What is your address? it is Husova 9", "the following? X 75",
an "Address:" label on the line above, or the place of the line in a signature block.
The phrases are the packs' (`address.cues`, `address.address_words`...).
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.sources import vocabulary
from consentgate.redact.lang.text import LOWER, UPPER, fold

_NUMBER_ENDED = re.compile(r"\d{1,5}[A-Za-z]?,?")
# A signature block: name, title or firm on the lines above, the street line, then
# nothing or the phone lines ("Kazanská 146\n655 437 108 office", "Mobile: 723 813 266").
# The firm may stand alone above an empty line: "Morgan Stanley\n\nJoaquin Suarez 2906".
_SIGNATURE_ABOVE = re.compile(r"(?:^|\n)[^\d\n:]{2,40}\n(?:[^\d\n:]{2,40}|[ \t]*)\n$")


def _after_address_word(before: list[str]) -> bool:
    """Words that, with the word "address" shortly before, announce a street."""
    last = before[-1].lower()
    if last in ("following?", "following:"):
        return True
    if len(before) < 2:
        return False
    previous = before[-2].lower()
    # An answer ("It's in X 66") or the next street of a list ("X 43, and Y 314").
    return (last == "in" and previous in ("it's", "it’s", "its")) or (
        last == "and" and _NUMBER_ENDED.fullmatch(previous) is not None
    )


class Cues:
    """The address cues of one group of packs."""

    def __init__(self, lex: Lexicon) -> None:
        conjunction = lex.alternation("address.conjunctions")
        # After a cue the other street of an intersection may come between ("return to
        # Leon and ..."), then a building number.
        self._cue = re.compile(
            rf"(?i:{lex.alternation('address.cues')})"
            rf"[ \t]*(?:[{UPPER}][\w'’-]+[ \t]+(?:{conjunction})[ \t]+)?"
            r"(?:\d{1,6}[A-Za-z]?[ \t]+)?$"
        )
        self._cue_ends = lex.words("address.cue_ends")
        words = lex.alternation("address.address_words")
        # The word "address" earlier in the sentence and the street after "is" or "to":
        # "The address of Solarlist is X 32"; asked and answered ("What is your address?
        # it is X 32"), or announced with a colon ("my addresses, here they are: X 32").
        self._address_said = re.compile(
            rf"(?i)\b(?:{words})\b"
            rf"(?![ \t]+(?:{lex.alternation('address.not_addresses')})s?\b)"
            r"\??[^.!?\n:;]{0,60}?"
            rf"(?:[ \t](?:{lex.alternation('address.said_links')})[ \t]+|:[ \t]*)$"
        )
        self._address_word = re.compile(rf"(?i)\b(?:{words})\b")
        # A question that asks where, answered after a speaker's label: "Where would you
        # like this to be sent to? User: X 85".
        self._where_asked = re.compile(
            rf"(?i)(?:{lex.alternation('address.where_asked')})"
            r"\?[ \t]*(?:[^\W\d_]{1,12}[ \t]?:)[ \t]*$"
        )
        # A label alone on the line above: "Address:" / "Billing address:" / "Adresse :".
        self._label_line = re.compile(
            rf"(?i)\b(?:{lex.alternation('address.label_words')})[ \t]*:[ \t]*\n$"
        )
        self._contact_line = re.compile(
            r"[ \t]*\n[ \t>]*(?:\+?[\d(][\d ().-]{5,}"
            rf"|(?i:{lex.alternation('address.contact_labels')})\b)"
        )
        # A capitalised type and one lower-case word, and nothing after: "il reste 1
        # Place libre" is prose when the word is an everyday word and no cue announces
        # an address; "31 Rue tachkent" is a street.
        self._type_then_lower_word = re.compile(
            rf"[^ \t]+(?: ?(?:{lex.alternation('address.number_suffixes')}|[A-Da-d]))?,?[ \t]+"
            rf"[^ \t]+[ \t]+([{LOWER}][\w'’-]*)"
        )
        self._vocabulary = vocabulary(lex)

    def has_cue(self, text: str, line_start: int, start: int) -> bool:
        """Whether the words before ``start`` on its line (or the line above) announce
        an address."""
        if start == line_start or text[line_start:start].strip(" \t>|•·?") == "":
            # Nothing before on the line: the label may stand on the line above.
            return self._label_line.search(text, max(0, line_start - 40), line_start) is not None
        before = text[max(line_start, start - 40) : start].split()
        if before and before[-1].isdigit():
            before.pop()  # a building number
        if before and _after_address_word(before):
            # "… to my address. Can you please validate the following? X 75", "what's the
            # address? … It's in X 66", "my addresses: X 43, and Y 314".
            return self._address_word.search(text, max(0, start - 150), start) is not None
        if not before or (
            before[-1].lower() not in self._cue_ends and not before[-1].endswith(":")
        ):
            return False
        if self._cue.search(text, max(line_start, start - 40), start) is not None:
            return True
        # A title-cased copy of a lower-case text writes "The Corner Of", "Lives At": the
        # cue is read in lower case too.
        head = text[max(line_start, start - 40) : start]
        if not head.islower() and self._cue.search(head.lower()) is not None:
            return True
        if before[-1].endswith(":") and (
            self._where_asked.search(text, max(line_start, start - 90), start) is not None
        ):
            return True
        return (before[-1].lower() in ("is", "to") or before[-1].endswith(":")) and (
            self._address_said.search(text, max(line_start, start - 90), start) is not None
        )

    def closes_signature(self, text: str, line_start: int, n_end: int) -> bool:
        """Whether the street line ending at ``n_end`` is the address of a signature block."""
        rest = text[n_end:].lstrip(" \t")
        if rest and not rest.startswith("\n"):
            return False
        if rest.strip() and self._contact_line.match(text, n_end) is None:
            return False
        return _SIGNATURE_ABOVE.search(text, max(0, line_start - 90), line_start) is not None

    def type_then_everyday_word(self, text: str, street: re.Match[str]) -> bool:
        """Whether a numbered street match is a type word and an everyday word, no cue before."""
        m = self._type_then_lower_word.fullmatch(street.group())
        if m is None or fold(m.group(1)) not in self._vocabulary:
            return False
        return not self.has_cue(text, text.rfind("\n", 0, street.start()) + 1, street.start())
