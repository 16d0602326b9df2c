"""What tells that a street written without a type word is one: the words around it.

"lives at Tylova 285", "What is your address? it is Husova 9", "the following? X 75",
an "Address:" label on the line above, or the place of the line in a signature block.
"""

from __future__ import annotations

import re

from consentgate.redact.address_block import CONJUNCTION
from consentgate.redact.lexicon import LOWER, UPPER, fold, vocabulary

# Phrases that announce an address in English and French: "lives at", "moved to",
# "address is", "sent to", "office is at", "meet me at", "habite au", "adresse :". After
# one, a name and a number ("lives at Tylova 285") are a street even without a type word.
_ADDRESS_CUE = re.compile(
    r"(?i:(?:\b(?:live[sd]?|living|located|situated|based|moved?|sen[dt]|ship(?:ped)?|mail(?:ed)?"
    r"|post(?:ed)?|forward(?:ed)?|deliver(?:ed)?|return(?:ed)?|meet|(?:is|are|am)"
    r"|stay(?:ing|s)?|reside[sd]?|arrived?|arriving|relocated?|write|wrote|come|head(?:ed)?"
    r"|drop(?:s|ped)?|pick(?:s|ed)?|find|reach|visit)|['’](?:m|re|s))"
    # Who or what is sent or met may be named between the verb and "to": "send the parcel
    # to", "ship a new one to", "meet you at", "drops you off at", "pick me up at".
    r"(?:[ \t]+(?:it|them|you|me|us|him|her"
    r"|(?:the|a|an|my|our|your|his|her|their|this|that)(?:[ \t]+[a-z]+){1,2}))?"
    r"(?:[ \t]+(?:off|up))?[ \t]+(?:at|on|to)"
    # A home or a shop and where it is: "my home is", "the shop at", "directions to".
    r"|\b(?:home|place|flat|house|apartment)[ \t]+is"
    r"|\b(?:shop|store|office|studio|restaurant|caf[ée]|hotel|venue|clinic|gym)[ \t]+at"
    r"|\bdirections[ \t]+to"
    # Where a door or a side of the block is: "enter on", "the entrance is on", "turn left
    # onto", "the north side of".
    r"|\b(?:enter|entrance(?:[ \t]+is)?|turn(?:[ \t]+(?:left|right))?|park)[ \t]+(?:on|onto|at)"
    r"|\bside[ \t]+of"
    r"|\baddress(?:e|es)?(?:[ \t]+(?:is|was|with))?[ \t]*:?"
    r"|\b(?:corner|intersection|junction)[ \t]+of|\bà l['’]angle de"
    r"|\b(?:habite|habitent|situ[ée]e?s?|domicili[ée]e?s?|envoy[ée]e?s?|livr[ée]e?s?"
    r"|envoie[rz]?|[ée]cri(?:re|vez)|rendez-vous|retrouve[rz]?)"
    r"[ \t]+(?:au|à|a))"
    # The other street of an intersection may come between: "return to Leon and ...".
    rf"[ \t]*(?:[{UPPER}][\w'’-]+[ \t]+{CONJUNCTION}[ \t]+)?(?:\d{{1,6}}[A-Za-z]?[ \t]+)?$"
)


# The last word of every cue (a building number and an "X and" may follow it): a set
# lookup spares the cue regex for most candidates ("the Model 3", "Windows 11").
_CUE_ENDS = frozenset("at on onto to of is was with address adresse au à a de and & et".split())


# The word "address" earlier in the sentence and the street after "is" or "to": "The
# address of Solarlist is X 32", "change the address linked to my card to X 32".
_ADDRESS_SAID = re.compile(
    r"(?i)\b(?:address(?:es)?|adresse)\b"
    # "address book", "address bar" are things, not someone's address.
    r"(?![ \t]+(?:book|bar|field|line|list|label|format|space|lookup|verification)s?\b)"
    # Asked and answered ("What is your address? it is X 32"), or announced with a colon
    # ("my addresses, here they are: X 32").
    r"\??[^.!?\n:;]{0,60}?(?:[ \t](?:is|to|as|est|à)[ \t]+|:[ \t]*)$"
)
_ADDRESS_WORD = re.compile(r"(?i)\b(?:address(?:es)?|adresse)\b")
# A question that asks where, answered after a speaker's label: "Where would you like
# this to be sent to? User: X 85".
_WHERE_ASKED = re.compile(
    r"(?i)(?:\bwhere\b[^?\n]{0,60}|\b(?:to|at))\?[ \t]*(?:[^\W\d_]{1,12}[ \t]?:)[ \t]*$"
)
# A label alone on the line above: "Address:" / "Billing address:" / "Adresse :".
_LABEL_LINE = re.compile(r"(?i)\b(?:address(?:e)?|adresse)[ \t]*:[ \t]*\n$")


def has_cue(text: str, line_start: int, start: int) -> bool:
    """Whether the words before ``start`` on its line (or the line above) announce an address."""
    if start == line_start or text[line_start:start].strip(" \t>|•·?") == "":
        # Nothing before on the line: the label may stand on the line above.
        return _LABEL_LINE.search(text, max(0, line_start - 40), line_start) is not None
    before = text[max(line_start, start - 40) : start].split()
    if before and before[-1].isdigit():
        before.pop()  # a building number
    if before and _after_address_word(before):
        # "… to my address. Can you please validate the following? X 75", "what's the
        # address? … It's in X 66", "my addresses: X 43, and Y 314".
        return _ADDRESS_WORD.search(text, max(0, start - 150), start) is not None
    if not before or (before[-1].lower() not in _CUE_ENDS and not before[-1].endswith(":")):
        return False
    if _ADDRESS_CUE.search(text, max(line_start, start - 40), start) is not None:
        return True
    # A title-cased copy of a lower-case text writes "The Corner Of", "Lives At": the
    # cue is read in lower case too.
    head = text[max(line_start, start - 40) : start]
    if not head.islower() and _ADDRESS_CUE.search(head.lower()) is not None:
        return True
    if before[-1].endswith(":") and (
        _WHERE_ASKED.search(text, max(line_start, start - 90), start) is not None
    ):
        return True
    return (before[-1].lower() in ("is", "to") or before[-1].endswith(":")) and (
        _ADDRESS_SAID.search(text, max(line_start, start - 90), start) is not None
    )


_NUMBER_ENDED = re.compile(r"\d{1,5}[A-Za-z]?,?")


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


# A signature block: name, title or firm on the lines above, the street line, then
# nothing or the phone lines ("Kazanská 146\n655 437 108 office", "Mobile: 723 813 266").
# The firm may stand alone above an empty line: "Morgan Stanley\n\nJoaquin Suarez 2906".
_SIGNATURE_ABOVE = re.compile(r"(?:^|\n)[^\d\n:]{2,40}\n(?:[^\d\n:]{2,40}|[ \t]*)\n$")
_CONTACT_LINE = re.compile(
    r"[ \t]*\n[ \t>]*(?:\+?[\d(][\d ().-]{5,}|(?i:mobile|tel|phone|fax|desk|office|e-?mail|cell)\b)"
)


def closes_signature(text: str, line_start: int, n_end: int) -> bool:
    """Whether the street line ending at ``n_end`` is the address of a signature block."""
    rest = text[n_end:].lstrip(" \t")
    if rest and not rest.startswith("\n"):
        return False
    if rest.strip() and _CONTACT_LINE.match(text, n_end) is None:
        return False
    return _SIGNATURE_ABOVE.search(text, max(0, line_start - 90), line_start) is not None


# A capitalised type and one lower-case word, and nothing after: "il reste 1 Place
# libre" is prose when the word is an everyday word and no cue announces an address;
# "31 Rue tachkent" is a street.
_TYPE_THEN_LOWER_WORD = re.compile(
    rf"[^ \t]+(?: ?(?:bis|ter|quater|[A-Da-d]))?,?[ \t]+[^ \t]+[ \t]+([{LOWER}][\w'’-]*)"
)


def type_then_everyday_word(text: str, street: re.Match[str]) -> bool:
    """Whether a numbered street match is a type word and an everyday word, no cue before."""
    m = _TYPE_THEN_LOWER_WORD.fullmatch(street.group())
    if m is None or fold(m.group(1)) not in vocabulary():
        return False
    return not has_cue(text, text.rfind("\n", 0, street.start()) + 1, street.start())
