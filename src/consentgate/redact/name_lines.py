"""Names that capitalisation alone cannot show: heads of contact blocks, lower-case texts.

A signature or address block opens with its person: a line of two to four name-like
words alone ("Dreux Joly", "> Gyala Antall", "??? Linneo Medrano"), above lines with
the firm, street, phone or e-mail. Such a line is taken when the text goes on with a
digit or an "@" (an address or phone follows) and its words read as a name: known
names, initials, or words the n-gram model does not take for everyday words.

A text with no capital letter at all has a pass of its own (name_lower); its block heads
are read here too, in lower case ("emidio p lombardo").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from consentgate.redact.address_block import countries
from consentgate.redact.lexicon import LOWER, UPPER, fold
from consentgate.redact.results import RecognizerResult

# Particles inside a name: "Willemine ten Pas", "Jan van der Berg".
_PARTICLE = r"(?:van der|van den|van|von|der|den|ten|ter|de la|de|du|des|di|da|del|della|dos)"
PARTICLES = frozenset("van von der den ten ter de la du des di da del della dos".split())
# A line of 2-4 capitalised words, after quote or bullet marks ("> ", "??? ", "* ").
# The line may open with the label of an address or recipient field: "Billing address:
# Dreux Joly", "Ship to: ...", "Adresse de livraison : ...".
_HEAD = re.compile(
    r"(?m)^[ \t>?*•-]*(?i:(?:[a-z]+ ){0,2}(?:address|to|recipient|attn|attention|adresse"
    r"|livraison|facturation|destinataire)[ \t]*:[ \t]*)?"
    rf"([{UPPER}][\w'’.-]*(?:[ \t]+(?:{_PARTICLE}[ \t]+)?[{UPPER}][\w'’.-]*){{1,3}})[ \t]*\r?$"
)
# The same line in a text written wholly in lower case ("emidio p lombardo").
_LOWER_HEAD = re.compile(
    rf"(?m)^[ \t>?*•-]*([{LOWER}][\w'’.-]*(?:[ \t]+[{LOWER}][\w'’.-]*){{1,3}})[ \t]*\r?$"
)
_BLOCK_FOLLOWS = re.compile(r"[\d@]")
# Mean name-likeness of a block head's words (known names count 1): the position is
# strong evidence, so the words need only not read as everyday words, as firms' do.
_HEAD_LIKENESS = -0.6


def block_heads(
    text: str,
    found: list[RecognizerResult],
    likeness: Callable[[list[str]], float | None],
    recognizer: str,
    lower: bool = False,
) -> list[RecognizerResult]:
    """Add the name lines that open contact blocks (see the module docstring).

    ``likeness`` gives the mean name-likeness of folded words, or None when one of them
    can never be part of a name (an everyday word, a title, an organisation suffix).
    """
    ends = {r.start: r.end for r in found}
    added = []
    for m in (_LOWER_HEAD if lower else _HEAD).finditer(text):
        start, end = m.span(1)
        if ends.get(start, -1) >= end:
            continue
        line_start = m.start()
        # The top of a block: the text's first line or one after an empty line.
        if line_start > 0:
            prev = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
            if prev.strip(" \t\r>?*"):
                continue
        if _BLOCK_FOLLOWS.search(text, end, end + 200) is None and not _country_follows(text, end):
            continue
        if _next_line_is_country(text, end):
            continue  # "Los Angeles / United States": the town above its country
        surface = text[start:end]
        words = fold(surface).split()
        if any(len(w) > 1 and s.isupper() for w, s in zip(words, surface.split(), strict=True)):
            continue  # "ACME CORP", "IT SUPPORT": acronyms and shouting
        score = likeness([w.rstrip(".") for w in words])
        if score is not None and score > _HEAD_LIKENESS:
            added.append(RecognizerResult(start, end, "PERSON", 0.6, recognizer))
    if not added:
        return found
    # The whole line replaces a shorter name found at its start ("Lara" of "Lara  Fiorentino").
    taken = {r.start for r in added}
    return sorted([r for r in found if r.start not in taken] + added, key=lambda r: r.start)


@cache
def _folded_countries() -> frozenset[str]:
    """The address rules' country names, folded as the lines are ("austria")."""
    return frozenset(fold(c) for c in countries())


def _country_follows(text: str, end: int) -> bool:
    """True when a line of the next 200 characters is a country: the block is an address
    written without street number or postcode ("Agatha Ottarsdóttir / Eben / Austria")."""
    lines = text[end : end + 200].split("\n")[1:]
    return any(fold(line.strip(" \t\r>")) in _folded_countries() for line in lines)


def _next_line_is_country(text: str, end: int) -> bool:
    lines = text[end : end + 80].split("\n")
    return len(lines) > 1 and fold(lines[1].strip(" \t\r>")) in _folded_countries()
