"""Names that capitalisation alone cannot show: heads of contact blocks, lower-case texts.

A signature or address block opens with its person: a line of two to four name-like
words alone ("Dreux Joly", "> Gyala Antall", "??? Linneo Medrano"), above lines with
the firm, street, phone or e-mail. Such a line is taken when the text goes on with a
digit or an "@" (an address or phone follows) and its words read as a name: known
names, initials, or words the n-gram model does not take for everyday words.

A text with no capital letter at all has a pass of its own (lower.py); its block heads
are read here too, in lower case ("emidio p lombardo").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.sources import countries
from consentgate.redact.lang.text import LOWER, UPPER, fold


@dataclass(frozen=True, slots=True)
class _BlockWords:
    head: re.Pattern[str]
    countries: frozenset[str]


def _block_words(lex: Lexicon) -> _BlockWords:
    # A line of 2-4 capitalised words, after quote or bullet marks ("> ", "??? ", "* ").
    # The line may open with the label of an address or recipient field: "Billing
    # address: Dreux Joly", "Ship to: ...", "Adresse de livraison : ...". A particle may
    # sit inside the name: "Willemine ten Pas", "Jan van der Berg".
    labels = lex.alternation("person.block_labels")
    particle = lex.alternation("person.block_particles")
    head = re.compile(
        rf"(?m)^[ \t>?*•-]*(?i:(?:[a-z]+ ){{0,2}}(?:{labels})[ \t]*:[ \t]*)?"
        rf"([{UPPER}][\w'’.-]*(?:[ \t]+(?:(?:{particle})[ \t]+)?[{UPPER}][\w'’.-]*){{1,3}})"
        r"[ \t]*\r?$"
    )
    # The address rules' country names, folded as the lines are ("austria").
    return _BlockWords(head, frozenset(fold(c) for c in countries(lex)))


# The same line in a text written wholly in lower case ("emidio p lombardo").
_LOWER_HEAD = re.compile(
    rf"(?m)^[ \t>?*•-]*([{LOWER}][\w'’.-]*(?:[ \t]+[{LOWER}][\w'’.-]*){{1,3}})[ \t]*\r?$"
)
_BLOCK_FOLLOWS = re.compile(r"[\d@]")


def block_heads(
    lex: Lexicon,
    text: str,
    found: list[RecognizerResult],
    likeness: Callable[[list[str]], float | None],
    recognizer: str,
    lower: bool = False,
) -> list[RecognizerResult]:
    """Add the name lines that open contact blocks (see the module docstring).

    ``likeness`` gives the mean name-likeness of folded words, or None when one of them
    can never be part of a name (an everyday word, a title, an organisation suffix). The
    position is strong evidence: the words need only reach `person.likeness.block_head`
    (not read as everyday words, as firms' do).
    """
    words_of = lex.derived(_block_words)
    level = lex.number("person.likeness.block_head")
    ends = {r.start: r.end for r in found}
    added = []
    for m in (_LOWER_HEAD if lower else words_of.head).finditer(text):
        start, end = m.span(1)
        if ends.get(start, -1) >= end:
            continue
        line_start = m.start()
        # The top of a block: the text's first line or one after an empty line.
        if line_start > 0:
            prev = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
            if prev.strip(" \t\r>?*"):
                continue
        known = words_of.countries
        if _BLOCK_FOLLOWS.search(text, end, end + 200) is None and not _country_follows(
            known, text, end
        ):
            continue
        if _next_line_is_country(known, text, end):
            continue  # "Los Angeles / United States": the town above its country
        surface = text[start:end]
        words = fold(surface).split()
        if any(len(w) > 1 and s.isupper() for w, s in zip(words, surface.split(), strict=True)):
            continue  # "ACME CORP", "IT SUPPORT": acronyms and shouting
        score = likeness([w.rstrip(".") for w in words])
        if score is not None and score > level:
            added.append(RecognizerResult(start, end, "PERSON", 0.6, recognizer))
    if not added:
        return found
    # The whole line replaces a shorter name found at its start ("Lara" of "Lara  Fiorentino").
    taken = {r.start for r in added}
    return sorted([r for r in found if r.start not in taken] + added, key=lambda r: r.start)


def _country_follows(known: frozenset[str], text: str, end: int) -> bool:
    """True when a line of the next 200 characters is a country: the block is an address
    written without street number or postcode ("Agatha Ottarsdóttir / Eben / Austria")."""
    lines = text[end : end + 200].split("\n")[1:]
    return any(fold(line.strip(" \t\r>")) in known for line in lines)


def _next_line_is_country(known: frozenset[str], text: str, end: int) -> bool:
    lines = text[end : end + 80].split("\n")
    return len(lines) > 1 and fold(lines[1].strip(" \t\r>")) in known
