"""Names that capitalisation alone cannot show: heads of contact blocks, lower-case texts.

A signature or address block opens with its person: a line of two to four name-like
words alone ("Dreux Joly", "> Gyala Antall", "??? Linneo Medrano"), above lines with
the firm, street, phone or e-mail. Such a line is taken when the text goes on with a
digit or an "@" (an address or phone follows) and its words read as a name: known
names, initials, or words the n-gram model does not take for everyday words.

A text with no capital letter at all ("follow up with patricia desrosiers") gives no
capitalisation evidence, and every word would be a candidate. There a word counts when
it is a first name known to two locales or more and no everyday word ("will", "grant",
"rose" and "pierre" stay), with the next word when it is a known surname or reads as a
name; or any name-like words after a naming cue ("my name is vitoria").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from consentgate.redact.address_block import countries
from consentgate.redact.lexicon import LOWER, UPPER, fold
from consentgate.redact.name_roles import PERSONAL_BELONGINGS
from consentgate.redact.results import RecognizerResult

# A line of 2-4 capitalised words, after quote or bullet marks ("> ", "??? ", "* ").
# The line may open with the label of an address or recipient field: "Billing address:
# Dreux Joly", "Ship to: ...", "Adresse de livraison : ...".
_HEAD = re.compile(
    r"(?m)^[ \t>?*•-]*(?i:(?:[a-z]+ ){0,2}(?:address|to|recipient|attn|attention|adresse"
    r"|livraison|facturation|destinataire)[ \t]*:[ \t]*)?"
    rf"([{UPPER}][\w'’.-]*(?:[ \t]+[{UPPER}][\w'’.-]*){{1,3}})[ \t]*\r?$"
)
# The same line in a text written wholly in lower case ("emidio p lombardo").
_LOWER_HEAD = re.compile(
    rf"(?m)^[ \t>?*•-]*([{LOWER}][\w'’.-]*(?:[ \t]+[{LOWER}][\w'’.-]*){{1,3}})[ \t]*\r?$"
)
_BLOCK_FOLLOWS = re.compile(r"[\d@]")
# Mean name-likeness of a block head's words (known names count 1): the position is
# strong evidence, so the words need only not read as everyday words, as firms' do.
_HEAD_LIKENESS = -0.6

# Words of folded text; a possessive "'s" stays out ("olga krylova's killers").
_LOWER_WORD = re.compile(r"[a-z\u00df-\u024f]+(?:['’-](?!s\b)[a-z\u00df-\u024f]+)*")
# Lower-case English words that are also first names in two locales or more.
_LOWER_STOP = frozenset(
    """said gil bo el li jo pal ray jack jade ivy ruby eve saga nova aura imam amar
    lee ken kit jun jean cruz bob art gay sol sky ali max mia noe noa page vera rosa
    bill will may mark grant rose pierre sunny summer dawn hope joy faith lily iris
    don dean guy roy tom sam ben dan pat chad brook april june august frank
    carol mercedes""".split()
)
_SPEAKER_QUOTE = re.compile(r":[ \t]*[\"“]")
# Words after which a lower-case word is a name: "named x", "my name is x", "calls me x".
_LOWER_CUES = frozenset({"name", "called", "named", "nom", "prenom", "appelle"})
# After a naming cue the word need only not read as an everyday word.
_CUED = -0.4
_LOWER_LINKS = {"is": "name", "me": "calls", "suis": "je", "est": "nom"}
_NAMING_VERBS = frozenset({"called", "named", "appelle"})
# First names that are also words of the naming phrase's usual sequels ("the name is
# said to…", "named after").
_NOT_NAMED = frozenset({"said", "after", "not", "also", "still", "now", "so", "in", "on"})


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


def lower_case_names(
    text: str,
    folded: str,
    first: frozenset[str],
    last: frozenset[str],
    common: frozenset[str],
    likeness: Callable[[str], float],
    recognizer: str,
    in_context: Callable[[str, list[str], int, int], bool] | None = None,
    any_first: frozenset[str] = frozenset(),
) -> list[RecognizerResult]:
    """Names in a text written wholly in lower case (the caller checks that it is).

    ``first`` holds the first names known to two locales or more, ``any_first`` all of
    them. ``likeness`` is the name-likeness of one folded word; ``in_context`` (the
    context judge's test of folded words at ``start``..``end``) judges a word in no
    list that reads as a name by its neighbours, as for capitalised words ("lempi has
    been").
    """
    words = [(m.start(), m.end(), m.group()) for m in _LOWER_WORD.finditer(folded)]
    found: list[RecognizerResult] = []
    i = 0
    n = len(words)
    while i < n:
        start, end, word = words[i]
        before = words[i - 1][2] if i > 0 else ""
        linked = i > 1 and _LOWER_LINKS.get(before) == words[i - 2][2]
        cued = before in _LOWER_CUES or linked
        known = word in first and word not in common and word not in _LOWER_STOP
        # "my name is frank freud", "everyone calls me will": after a naming phrase a
        # first name counts even when it is also an everyday word.
        known = known or (
            (linked or before in _NAMING_VERBS) and word in first and word not in _NOT_NAMED
        )
        # Any first name, one locale's or a word's, before a known surname that is no
        # word: "toralf norling", "follow up with jade dumont" (not "rose garden").
        # A dialogue's speaker, a known name opening a line before a colon and a quote:
        # 'norling:"i'm roope's daughter"'.
        known = known or (
            (start == 0 or text[start - 1] == "\n")
            and _SPEAKER_QUOTE.match(folded, end) is not None
            and (word in any_first or word in last)
            and _plain(word, common)
        )
        known = known or (
            word in any_first
            and word not in _NOT_NAMED
            and i + 1 < n
            and words[i + 1][0] == end + 1
            and words[i + 1][2] in last
            and _plain(words[i + 1][2], common)
        )
        if not known and not (cued and _plain(word, common) and likeness(word) > _CUED):
            # A known first name next opens its own name: "heard emir hadzic" is no
            # pair "heard emir".
            if (
                i + 1 < n
                and words[i + 1][2] not in first
                and _name_pair(words[i], words[i + 1], common, likeness, before in _PAIR_CUES)
            ):
                found.append(RecognizerResult(start, words[i + 1][1], "PERSON", 0.5, recognizer))
                i += 2
                continue
            # What only people have after "'s" lets a word read less like a name through:
            # "i'm ritter's daughter" (the judge then asks for a role's level).
            gate = _LOWER_OWNED if _OWNS_PERSONAL.match(folded, end) else _LOWER_CONTEXT
            if (
                in_context is not None
                and _plain(word, common)
                and likeness(word) > gate
                and in_context(folded, [word], start, end)
            ):
                found.append(RecognizerResult(start, end, "PERSON", 0.5, recognizer))
            i += 1
            continue
        # After a naming cue the surname too need only not read as an everyday word.
        limit = _CUED if cued else 0.0
        j = i + 1
        # A middle initial ("emidio p lombardo"), then the surname.
        if j + 1 < n and len(words[j][2].rstrip(".")) == 1 and words[j][1] == words[j][0] + 1:
            if _surname(words[j + 1][2], last, common, likeness, limit):
                j += 2
        elif (
            j < n
            and words[j][0] == end + 1
            and _surname(words[j][2], last, common, likeness, limit)
        ):
            j += 1
        found.append(RecognizerResult(start, words[j - 1][1], "PERSON", 0.5, recognizer))
        i = j
    if found and ", " in text:
        found = _fill_lists(folded, found, common, recognizer, any_first | last)
    return found


# "anna, piotr, kasia and ewa": a comma list closed by "and" / "et".
_LOWER_LIST = re.compile(
    r"[a-z\u00df-\u024f]+(?:, [a-z\u00df-\u024f]+)+,? (?:and|et) [a-z\u00df-\u024f]+"
)


def _fill_lists(
    folded: str,
    found: list[RecognizerResult],
    common: frozenset[str],
    recognizer: str,
    known: frozenset[str],
) -> list[RecognizerResult]:
    """The other items of a lower-case list most of whose items are names.

    An item counts as a name when it was found or is a ``known`` name that is no
    everyday word ("liva, gunita, marijana and henriette": one locale's first names).
    """
    starts = {r.start for r in found}
    added = []
    for m in _LOWER_LIST.finditer(folded):
        items = [i for i in re.finditer(r"[^\s,]+", m.group()) if i.group() not in ("and", "et")]
        spans = [(m.start() + i.start(), m.start() + i.end()) for i in items]
        named = sum(
            s in starts or (folded[s:e] in known and folded[s:e] not in common) for s, e in spans
        )
        if named * 2 < len(spans):
            continue  # a list of things that holds a name or two
        added += [
            RecognizerResult(s, e, "PERSON", 0.5, recognizer)
            for s, e in spans
            if s not in starts and folded[s:e] not in common
        ]
    return sorted(found + added, key=lambda r: r.start) if added else found


# A lone lower-case word must lean to "name" before its context is looked at.
_LOWER_CONTEXT = 0.0
_LOWER_OWNED = -1.0
_OWNS_PERSONAL = re.compile(
    r"['’]s (?:(?:late|former|eldest|youngest|little) )?(?:"
    + "|".join(sorted(PERSONAL_BELONGINGS))
    + r")\b"
)
# Two words in no list that both read clearly as a name ("follow up with dzenan
# mehmedović"): the thresholds of the capitalised text's cue-less rule.
_PAIR_EACH = 0.3
_PAIR_MEAN = 0.8
# After a word that takes a person ("heard", "met", "with", "by"), two words in no list
# need only not read as everyday words: "have you heard nijito asano speak".
_PAIR_CUES = frozenset(
    """heard met meet meeting ask asked tell told thank thanked contact contacted email
    emailed introduce introduced invite invited hired with by featuring starring avec par
    rencontre remercie contacte""".split()
)
_CUED_PAIR_EACH = -0.6
_CUED_PAIR_MEAN = -0.3


def _name_pair(
    one: tuple[int, int, str],
    two: tuple[int, int, str],
    common: frozenset[str],
    likeness: Callable[[str], float],
    cued: bool = False,
) -> bool:
    if two[0] != one[1] + 1 or not (_plain(one[2], common) and _plain(two[2], common)):
        return False
    if one[2] in _PAIR_CUES:
        return False  # "heard evaldas szekeres": the cue is no first name
    a, b = likeness(one[2]), likeness(two[2])
    if cued:
        return min(a, b) > _CUED_PAIR_EACH and a + b > 2 * _CUED_PAIR_MEAN
    return min(a, b) > _PAIR_EACH and a + b > 2 * _PAIR_MEAN


def _plain(word: str, common: frozenset[str]) -> bool:
    return len(word) > 2 and word not in common and word not in _LOWER_STOP and "'" not in word


def _surname(
    word: str,
    last: frozenset[str],
    common: frozenset[str],
    likeness: Callable[[str], float],
    limit: float,
) -> bool:
    if not _plain(word, common):
        return False
    return word in last or likeness(word) > limit
