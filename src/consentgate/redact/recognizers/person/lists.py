"""Names judged from their neighbours: lists, dialogue turns, repeated mentions.

Capitalised words joined by "and" / "et": firms named after partners, lists of people.

"Smith, Jones and Lee" is how law and consulting firms are named, so three bare known
surnames in such a list are a firm, not three people. In "Gaetane, Hannah and Derek" or
"Kadiev and Adams", where most items are already names, the other capitalised items are
names too: a list joins things of one kind. A list announced by a colon ("our founders:
Morrison, Rogers and Torres") is an enumeration, never a firm.

The lists are found from their conjunction, which is rare, rather than by a regex that
would try every capital letter of the text.

Dialogue turns ("Halldór: What a wife.\nMatthew: Remember me") are such a list too,
and a word of a name found in the text names the same person where it comes back alone
("directed by Philip Latourelle and starring Latourelle").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import UPPER, fold
from consentgate.redact.recognizers.person.words import is_sentence_start


@dataclass(frozen=True, slots=True)
class _ListWords:
    conjunction: re.Pattern[str]
    announced_item: re.Pattern[str]
    speaker_roles: frozenset[str]
    articles: tuple[str, ...]
    announcers: frozenset[str]
    titles: frozenset[str]
    speaker_likeness: float
    announced_likeness: float


def _list_words(lex: Lexicon) -> _ListWords:
    conj = lex.alternation("person.conjunctions")
    return _ListWords(
        # Capitals of every Latin-script language: "Éva, Živković and Ásgeirsdóttir".
        conjunction=re.compile(rf" ({conj}|&) (?=[{UPPER}])"),
        announced_item=re.compile(
            rf"([{UPPER}][\w'’-]+(?: [{UPPER}][\w'’-]+){{0,2}})(,? (?:{conj}) |, |)"
        ),
        speaker_roles=lex.words("person.speaker_roles"),
        articles=lex.ordered("person.list_articles"),
        announcers=lex.words("person.announcers"),
        titles=lex.words("person.titles"),
        # A dialogue none of whose speakers is a known name: two different labels at
        # least, each of which reads as a name or is a known one, and none a role.
        speaker_likeness=lex.number("person.likeness.speaker"),
        # The announcement says "people": its items' words need only not read as
        # everyday words.
        announced_likeness=lex.number("person.likeness.announced"),
    )


# The last item: one capitalised word, not the first word of a longer name.
_ITEM_AFTER = re.compile(rf"[{UPPER}][\w'’-]+(?![\w'’-]| [{UPPER}])")
_ITEM_BEFORE = re.compile(rf"(?<![\w'’-])[{UPPER}][\w'’-]+$")


def _items(text: str, conj: re.Match[str]) -> list[tuple[int, int]]:
    """Spans of the single-word items of the list around ``conj``, in order."""
    after = _ITEM_AFTER.match(text, conj.end())
    if after is None:
        return []
    items = [after.span()]
    position = conj.start()
    if position > 0 and text[position - 1] == ",":
        position -= 1  # "A, B, and C"
    while True:
        # The word just before: found with rfind rather than a regex searched backwards.
        token = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
        before = _ITEM_BEFORE.search(text, token, position)
        if before is None:
            break
        start = before.start()
        items.append((start, position))
        if text[max(0, start - 2) : start] != ", ":
            break
        position = start - 2
    items.reverse()
    return items if len(items) > 1 else []


def judge_lists(
    lex: Lexicon,
    text: str,
    found: list[RecognizerResult],
    is_firm: Callable[[list[str]], bool],
    can_fill: Callable[[str], bool],
    recognizer: str,
    people_after: Callable[[str, int], bool] | None = None,
    surnames: frozenset[str] = frozenset(),
) -> list[RecognizerResult]:
    """Drop names inside firms' names and add the unnamed items of lists of people.

    ``is_firm`` judges the folded words of a three-item list; ``can_fill`` says whether
    a folded word may be taken for a name because of its neighbours; ``people_after``
    whether the words after a list say its items are people ("... were engineers").
    """
    firms: list[tuple[int, int]] = []
    lists: list[list[tuple[int, int]]] = []
    for conj in lex.derived(_list_words).conjunction.finditer(text):
        items = _items(text, conj)
        if not items:
            continue
        start = items[0][0]
        announced = text[max(0, start - 2) : start] == ": "
        words = [fold(text[s:e]) for s, e in items]
        if len(items) == 3 and not announced and is_firm(words):
            firms.append((start, items[-1][1]))
        elif conj.group(1) != "&":
            lists.append(items)
    if firms:
        found = [r for r in found if not any(s <= r.start and r.end <= e for s, e in firms)]
    starts = {r.start for r in found}
    added: list[RecognizerResult] = []
    for items in lists:
        people = False
        if sum(s in starts for s, _ in items) * 2 < len(items):
            if people_after is None or not people_after(text, items[-1][1]):
                continue
            people = True  # then a known surname that is also a word fills too: "Brown"
        for s, e in items:
            word = fold(text[s:e])
            if s not in starts and (can_fill(word) or (people and word in surnames)):
                added.append(RecognizerResult(s, e, "PERSON", 0.5, recognizer))
    return sorted(found + added, key=lambda r: r.start) if added else found


# The turn may start right after the colon with its quote: 'Elizabeth:"I'm her daughter"'.
_SPEAKER = re.compile(rf"(?m)^[ \t>]*([{UPPER}][\w'’-]+):[ \t\"“]")


_QUOTED_TURN = re.compile(r":[ \t]*[\"“]")


def speakers(
    lex: Lexicon,
    text: str,
    found: list[RecognizerResult],
    can_fill: Callable[[str], bool],
    recognizer: str,
    likeness: Callable[[str], float] | None = None,
) -> list[RecognizerResult]:
    """Add the unnamed speakers of a dialogue in which another speaker is a known name.

    With ``likeness`` (of one folded word), a dialogue of unknown speakers counts when
    two different labels or more read as names.
    """
    labels = [m.span(1) for m in _SPEAKER.finditer(text)]
    if len(labels) < 2:
        return found
    starts = {r.start for r in found}
    fill = [(s, e) for s, e in labels if s not in starts and can_fill(fold(text[s:e]))]
    if not any(s in starts for s, _ in labels):
        if likeness is None:
            return found
        lw = lex.derived(_list_words)
        fill = [
            (s, e)
            for s, e in fill
            if (word := fold(text[s:e])) not in lw.speaker_roles
            and likeness(word) > lw.speaker_likeness
        ]
        # One speaker whose every turn is a quote counts too: 'X: "Who are you?" / X:"I'm…"'.
        if len({text[s:e] for s, e in fill}) < 2 and not (
            len(fill) > 1 and all(_QUOTED_TURN.match(text, e) for _, e in fill)
        ):
            return found
    added = [RecognizerResult(s, e, "PERSON", 0.5, recognizer) for s, e in fill]
    return sorted(found + added, key=lambda r: r.start) if added else found


_WORD = re.compile(r"[\w'’-]+")


def repeated(
    lex: Lexicon,
    text: str,
    found: list[RecognizerResult],
    can_fill: Callable[[str], bool],
    recognizer: str,
) -> list[RecognizerResult]:
    """Add later or earlier lone mentions of a word of a multi-word name found in ``text``.

    Words that are also everyday words or places ("Paris" of "Paris Hilton") are left.
    """
    # Only words that occur more than once can come back; counting is cheap.
    words = {
        word
        for r in found
        if " " in text[r.start : r.end]
        for word in text[r.start : r.end].split()
        if len(word) > 2 and word[0].isupper() and text.count(word) > 1
    }
    if not words:
        return found
    # A surname that is also a word ("Brad L Key ... starring Key") names the person
    # too where it comes back inside a sentence: after a full name, people are called
    # by their surname. At a sentence start it may be the word ("Key findings").
    surnames = {
        text[r.start : r.end].rsplit(None, 1)[-1] for r in found if " " in text[r.start : r.end]
    }
    everyday = {w for w in words & surnames if _WORD.fullmatch(w) and not can_fill(fold(w))}
    words = {w for w in words if _WORD.fullmatch(w) and can_fill(fold(w))}
    if not words and not everyday:
        return found
    covered = [(r.start, r.end) for r in found]
    lw = lex.derived(_list_words)
    added = []
    # str.find per word: compiling a regex of this text's words would cost more than
    # the whole recogniser.
    for word in words | everyday:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            bounded = (at == 0 or not _is_name_char(text[at - 1])) and (
                end == len(text) or not _is_name_char(text[end])
            )
            if word in everyday and (
                fold(word).rstrip(".") in lw.titles  # "Mr", "Dr": never a surname alone
                or is_sentence_start(text, at)
                or text.endswith(lw.articles, 0, at)  # "in the Park": the word
            ):
                bounded = False
            if bounded and not any(s <= at < e for s, e in covered):
                added.append(RecognizerResult(at, end, "PERSON", 0.5, recognizer))
            at = text.find(word, end)
    return sorted(found + added, key=lambda r: r.start) if added else found


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’-"


# Lists announced by a plural noun for people and a colon (the packs'
# `person.announcers`): "our 3 founders: A, B and C", "nos intervenants : ...". Partners
# and clients are left out: firms fill those. Each ends with "s" or "en" (may_announce).


def may_announce(text: str) -> bool:
    """A cheap test that ``text`` may hold an announced list: a colon and a space after
    "s" or "en" ("founders: ", "children: "; not "https://")."""
    return "s: " in text or "s : " in text or "en: " in text or "en : " in text


def _may_announce(tail: str) -> bool:
    """The same test on the three characters before one colon."""
    tail = tail.rstrip(" ")
    return tail.endswith("en") or (tail.endswith("s") and not tail.endswith(("ss", "tps")))


def announced(
    lex: Lexicon,
    text: str,
    found: list[RecognizerResult],
    can_fill: Callable[[str], bool],
    likeness: Callable[[list[str]], float],
    recognizer: str,
) -> list[RecognizerResult]:
    """Add the names of a list announced by a plural noun for people and a colon."""
    lw = lex.derived(_list_words)
    added: list[RecognizerResult] = []
    colon = text.find(": ")
    while colon > 0:
        # Every announcer is a plural ending in "s" ("founders:", "invités :"): one
        # character rules out nearly every colon before any slicing.
        plural = _may_announce(text[max(0, colon - 3) : colon])
        head = text[max(0, colon - 24) : colon].rsplit(None, 1) if plural else None
        if head and fold(head[-1]) in lw.announcers:
            items = []
            position = colon + 1
            while position < len(text) and text[position] == " ":
                position += 1
            while (m := lw.announced_item.match(text, position)) is not None:
                items.append(m.span(1))
                position = m.end()
                if not m.group(2):
                    break
            if len(items) > 1:
                for s, e in items:
                    words = fold(text[s:e]).split()
                    if all(can_fill(w) for w in words) and likeness(words) > lw.announced_likeness:
                        added.append(RecognizerResult(s, e, "PERSON", 0.5, recognizer))
        colon = text.find(": ", colon + 1)
    if not added:
        return found
    covered = [(r.start, r.end) for r in found]
    added = [r for r in added if not any(s < r.end and r.start < e for s, e in covered)]
    return sorted(found + added, key=lambda r: r.start) if added else found


def repeated_full_names(
    folded: str, found: list[RecognizerResult], recognizer: str
) -> list[RecognizerResult]:
    """Other mentions of a full name found once: a contact block repeats its head."""
    names = {folded[r.start : r.end] for r in found if " " in folded[r.start : r.end]}
    starts = {r.start for r in found}
    added = []
    for name in names:
        at = folded.find(name)
        while at >= 0:
            end = at + len(name)
            bounded = (at == 0 or not folded[at - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            )
            if bounded and at not in starts:
                added.append(RecognizerResult(at, end, "PERSON", 0.5, recognizer))
            at = folded.find(name, end)
    return sorted(found + added, key=lambda r: r.start) if added else found
