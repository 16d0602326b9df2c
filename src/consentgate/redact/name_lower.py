"""Names in a text written wholly in lower case, where capitals prove nothing.

Every word would be a candidate, so a word counts only with more evidence than a
capital gives: a first name known to two locales or more that is no everyday word
("will", "grant", "rose" and "pierre" stay), with the next word when it is a known
surname or reads as a name; any name-like word after a naming cue ("my name is
vitoria"), a title ("dr. kyle kuefer") or a verb of speaking ("says hartvigsson"); the
shape of a full name with its middle initial ("faina d. yefremova"); two name-like
words whose neighbours say "person", as for capitalised words ("tomomi nishiyama lives
at"); the speakers of a dialogue; the other items of a list of names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from consentgate.redact.name_roles import (
    KIN_NOUNS,
    PERSONAL_BELONGINGS,
    ROLE_NOUNS,
    ROLE_WORDS,
    SUBJECT_VERBS,
)
from consentgate.redact.name_words import LOWER_TITLES, PERSON_VERBS, SALUTATIONS
from consentgate.redact.results import RecognizerResult

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
# Words after which a lower-case word is a name: "named x", "my name is x", "calls me x",
# a title ("dr. x", "mrs. x") and a verb of speaking ('"…," says x').
_LOWER_TITLES = frozenset(LOWER_TITLES) | {"prof"}
_LOWER_CUES = _LOWER_TITLES | frozenset(
    "name called named nom prenom appelle says said asks asked replied".split()
)
_AFTER_TITLE = -1.0
_NAME_LABELS = frozenset({"name", "nom", "prenom", "surname"})
_PREPOSITIONS = frozenset("to on at in into from with by for".split())
# … and the street with its number after it: not "the legend lives on in the songs".
_LIVES_AFTER = re.compile(r" (?:lives|lived) (?:on|at|in) (?:\d|[^\W\d_]+(?: [^\W\d_]+){0,3} \d)")
_LIVING_EACH = -1.5
_AND_NEXT = re.compile(r" and ([^\W\d_]{3,})")
# After a naming cue the word need only not read as an everyday word.
_CUED = -0.4
# Two-word naming phrases, by their last word: "name is", "calls me", "call me", "je suis".
_LOWER_LINKS = {
    "is": {"name"},
    "me": {"calls", "call"},
    "him": {"named", "called"},
    "her": {"named", "called"},
    "suis": {"je"},
    "est": {"nom"},
}
# A role or kinship noun before the name: "songwriter zoe young", "my kid florence".
_LOWER_ROLES = ROLE_NOUNS | ROLE_WORDS
_NAMING_VERBS = frozenset({"called", "named", "appelle"})
# First names that are also words of the naming phrase's usual sequels ("the name is
# said to…", "named after").
_NOT_NAMED = frozenset({"said", "after", "not", "also", "still", "now", "so", "in", "on"})
# A lone lower-case word must lean to "name" before its context is looked at; what only
# people have after "'s" lets one that reads less like a name through.
_LOWER_CONTEXT = 0.0
_LOWER_OWNED = -1.0
_OWNS_PERSONAL = re.compile(
    r"['’]s (?:(?:late|former|eldest|youngest|little) )?(?:"
    + "|".join(sorted(PERSONAL_BELONGINGS))
    + r")\b"
)
# Two words in no list that both read clearly as a name ("follow up with dzenan
# mehmedović"): the thresholds of the capitalised text's cue-less rule.
_PAIR = (0.3, 0.8)  # each word, and their mean
# After a word that takes a person ("heard", "met", "with", "by"), two words in no list
# need only not read as everyday words: "have you heard nijito asano speak".
_PAIR_CUES = frozenset(
    """heard met meet meeting ask asked tell told thank thanked contact contacted email
    emailed introduce introduced invite invited hired with by featuring starring avec par
    rencontre remercie contacte""".split()
)
_CUED_PAIR = (-0.6, -0.3)
# A pair judged by its neighbours ("… lives at", "… will be talking") must lean to
# "name" first: "croisé zurab, il va bien" is a verb and a name.
_JUDGED_PAIR = (-0.2, 0.3)
_VERBS = SUBJECT_VERBS | PERSON_VERBS

Word = tuple[int, int, str]
InContext = Callable[[str, list[str], int, int], bool]


@dataclass(frozen=True, slots=True)
class LowerLexicon:
    """The folded word lists the lower-case pass reads."""

    first: frozenset[str]  # first names known to two locales or more
    any_first: frozenset[str]  # every first name
    last: frozenset[str]
    common: frozenset[str]


def lower_case_names(
    text: str,
    folded: str,
    lexicon: LowerLexicon,
    likeness: Callable[[str], float],
    recognizer: str,
    in_context: InContext | None = None,
    people_after: Callable[[str, int], bool] | None = None,
) -> list[RecognizerResult]:
    """Names in a text written wholly in lower case (the caller checks that it is).

    ``likeness`` is the name-likeness of one folded word; ``in_context`` (the context
    judge's test of folded words at ``start``..``end``) judges words in no list that read
    as a name by their neighbours, as for capitalised words ("lempi has been");
    ``people_after`` says whether a list ending at an offset is said to be people.
    """
    words = [(m.start(), m.end(), m.group()) for m in _LOWER_WORD.finditer(folded)]
    found: list[RecognizerResult] = []
    i = 0
    while i < len(words):
        j = _name_at(text, folded, words, i, lexicon, likeness, in_context, people_after)
        if j > i:
            found.append(RecognizerResult(words[i][0], words[j - 1][1], "PERSON", 0.5, recognizer))
        i = max(j, i + 1)
    if found and ", " in text:
        found = _fill_lists(folded, found, lexicon, recognizer)
    return found


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


def _name_at(
    text: str,
    folded: str,
    words: list[Word],
    i: int,
    lexicon: LowerLexicon,
    likeness: Callable[[str], float],
    in_context: InContext | None,
    people_after: Callable[[str, int], bool] | None = None,
) -> int:
    """The end (a word index) of the name opening at word ``i``, or ``i`` for none."""
    start, end, word = words[i]
    common = lexicon.common
    # A cue stands on the name's line ("director\nrosales-mcguire" is a block's lines).
    before = words[i - 1][2] if i > 0 and "\n" not in text[words[i - 1][1] : start] else ""
    linked = i > 1 and words[i - 2][2] in _LOWER_LINKS.get(before, ())
    # "said krūmiņš to staněk": a dialogue tag names who is spoken to.
    spoken_to = before == "to" and i > 2 and words[i - 3][2] == "said"
    cued = before in _LOWER_CUES or linked or before in _LOWER_ROLES or spoken_to
    # A label or a question names the answer: "name: x y", "what's your last name? x".
    gap = folded[words[i - 1][1] : start] if i > 0 else ""
    labelled = before in _NAME_LABELS and (":" in gap or "?" in gap)
    # A greeting and its comma open a message to a person: "hi lācis, i'm contacting you".
    greeted = before in SALUTATIONS and folded.startswith(",", end)
    cued = cued or greeted
    level = _AFTER_TITLE if labelled or greeted or before in _LOWER_TITLES else _CUED
    if _known_opening(text, folded, words, i, lexicon, linked, before) or (
        cued and _plain(word, common) and likeness(word) > level
    ):
        # After a title or role a first name's surname may read like a word or be one
        # ("dr. kyle kuefer", "songwriter zoe young"); a surname after a title is the
        # whole name ("ms. jones flew to…").
        titled = (
            before in _LOWER_TITLES or before in _LOWER_ROLES or before in _PAIR_CUES
        ) and word in lexicon.any_first
        if labelled or before in _LOWER_TITLES:
            titled = True  # "name: sieuwerd heuver", "dr. licia carroll": named whatever follows
        limit = _AFTER_TITLE if titled else _CUED if cued else 0.0
        return _with_surname(text, words, i, lexicon, likeness, limit, titled)
    nxt = words[i + 1] if i + 1 < len(words) else None
    # Where someone lives, said after one or two words in no list: "dexter lives on
    # ziegelgasse 19", "cendrillon coudert lives at …" (capitals cannot show the street).
    if _plain(word, common) and likeness(word) > _LIVING_EACH:
        if _LIVES_AFTER.match(folded, end):
            return i + 1
        if nxt is not None and _plain(nxt[2], common) and nxt[0] == end + 1:
            if likeness(nxt[2]) > _LIVING_EACH and _LIVES_AFTER.match(folded, nxt[1]):
                return i + 2
    if nxt is not None and _initialled(folded, words, i, common, likeness):
        return i + 3  # "faina d. yefremova", "ravil g yefimov"
    # A known first name next opens its own name: "heard emir hadzic" is no pair "heard emir".
    if nxt is not None and nxt[2] not in lexicon.first:
        levels = _CUED_PAIR if before in _PAIR_CUES else _PAIR
        if _name_pair(words[i], nxt, common, likeness, levels):
            return i + 2
        if in_context is not None and _name_pair(words[i], nxt, common, likeness, _JUDGED_PAIR):
            if in_context(folded, [word, nxt[2]], start, nxt[1]):
                return i + 2  # "tomomi nishiyama lives at", "x y will be talking"
    # "usamov and bowers were precision engineers": a pair said to be people.
    if people_after is not None and _plain(word, common) and likeness(word) > _CUED:
        pair = _AND_NEXT.match(folded, end)
        if pair is not None and pair.group(1) not in common and likeness(pair.group(1)) > _CUED:
            if people_after(folded, pair.end(1)):
                return i + 1
    if (
        people_after is not None
        and i >= 2
        and words[i - 1][2] == "and"
        and _plain(word, common)
        and _plain(words[i - 2][2], common)
        and likeness(word) > _CUED
        and people_after(folded, end)
    ):
        return i + 1
    gate = _LOWER_OWNED if _OWNS_PERSONAL.match(folded, end) else _LOWER_CONTEXT
    if (
        in_context is not None
        and _plain(word, common)
        and likeness(word) > gate
        and in_context(folded, [word], start, end)
    ):
        return i + 1
    return i


def _known_opening(
    text: str,
    folded: str,
    words: list[Word],
    i: int,
    lexicon: LowerLexicon,
    linked: bool,
    before: str,
) -> bool:
    """Whether word ``i`` opens a name by the lists alone (or a naming phrase before it)."""
    start, end, word = words[i]
    common = lexicon.common
    if word in lexicon.first and word not in common and word not in _LOWER_STOP:
        return True
    # "my name is frank freud", "everyone calls me will": after a naming phrase a first
    # name counts even when it is also an everyday word.
    # Any locale's first name then: "her maiden name is chad".
    named = linked or before in _NAMING_VERBS or before in KIN_NOUNS
    if named and word in lexicon.any_first and word not in _NOT_NAMED:
        return True  # and after a kinship noun: "my kid florence"
    # A dialogue's speaker, a known name opening a line before a colon and a quote:
    # 'norling:"i'm roope's daughter"'.
    if (
        (start == 0 or text[start - 1] == "\n")
        and _SPEAKER_QUOTE.match(folded, end) is not None
        and (word in lexicon.any_first or word in lexicon.last)
        and _plain(word, common)
    ):
        return True
    # Any first name, one locale's or a word's, before a known surname that is no word:
    # "toralf norling", "follow up with jade dumont" (not "rose garden").
    return (
        word in lexicon.any_first
        and word not in _NOT_NAMED
        and i + 1 < len(words)
        and words[i + 1][0] == end + 1
        and words[i + 1][2] in lexicon.last
        and _plain(words[i + 1][2], common)
    )


def _with_surname(
    text: str,
    words: list[Word],
    i: int,
    lexicon: LowerLexicon,
    likeness: Callable[[str], float],
    limit: float,
    any_surname: bool = False,
) -> int:
    """The end of the name opening at ``i``: a middle initial and a surname may follow.

    ``any_surname`` takes a known surname that is also a word ("young").
    """
    j = i + 1
    n = len(words)
    if j < n and "\n" in text[words[i][1] : words[j][0]]:
        return j  # a name ends with its line
    if j + 1 < n and len(words[j][2].rstrip(".")) == 1 and words[j][1] == words[j][0] + 1:
        same_line = "\n" not in text[words[j][1] : words[j + 1][0]]
        # The initial is a full name's shape: the surname need only not read as a word.
        initialled = min(limit, _AFTER_TITLE)
        if same_line and _surname(words[j + 1][2], lexicon, likeness, initialled, any_surname):
            j += 2  # "emidio p lombardo", "daniela c capon"
    elif j < n and words[j][0] == words[i][1] + 1:
        # A word taken only for its context is no surname before a preposition: it is the
        # verb ("mr. rangel flew to horten").
        verb_like = (
            any_surname
            and words[j][2] not in lexicon.last
            and j + 1 < n
            and words[j + 1][2] in _PREPOSITIONS
            and likeness(words[j][2]) < _CUED  # "flew to", not "žilková in a couple"
        )
        if not verb_like and _surname(words[j][2], lexicon, likeness, limit, any_surname):
            j += 1
    return j


def _initialled(
    folded: str,
    words: list[Word],
    i: int,
    common: frozenset[str],
    likeness: Callable[[str], float],
) -> bool:
    """First name, a middle initial, surname: the shape of a full name, in no list."""
    if i + 2 >= len(words):
        return False
    (_, end, one), (m_start, m_end, middle), (s_start, _, last) = words[i : i + 3]
    if len(middle) != 1 or m_start != end + 1 or folded[end] != " " or s_start > m_end + 2:
        return False  # not "bridgewater's parker", whose "s" follows an apostrophe
    if not (_plain(one, common) and _plain(last, common)):
        return False
    return min(likeness(one), likeness(last)) > _CUED


# "anna, piotr, kasia and ewa": a comma list closed by "and" / "et".
_LOWER_LIST = re.compile(
    r"[a-z\u00df-\u024f]+(?:, [a-z\u00df-\u024f]+)+,? (?:and|et) [a-z\u00df-\u024f]+"
)


def _fill_lists(
    folded: str, found: list[RecognizerResult], lexicon: LowerLexicon, recognizer: str
) -> list[RecognizerResult]:
    """The other items of a lower-case list most of whose items are names.

    An item counts as a name when it was found or is a known name of any locale that is
    no everyday word ("liva, gunita, marijana and henriette": one locale's first names).
    """
    known = lexicon.any_first | lexicon.last
    common = lexicon.common
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


def _name_pair(
    one: Word,
    two: Word,
    common: frozenset[str],
    likeness: Callable[[str], float],
    levels: tuple[float, float],
) -> bool:
    """Whether two adjacent words in no list read as a name at ``levels`` (each, mean)."""
    if two[0] != one[1] + 1 or not (_plain(one[2], common) and _plain(two[2], common)):
        return False
    if one[2] in _PAIR_CUES or two[2] in _VERBS:
        return False  # "heard evaldas szekeres", "järvilehto began": cue and verb no names
    a, b = likeness(one[2]), likeness(two[2])
    each, mean = levels
    return min(a, b) > each and a + b > 2 * mean


def _plain(word: str, common: frozenset[str]) -> bool:
    return len(word) > 2 and word not in common and word not in _LOWER_STOP and "'" not in word


def _surname(
    word: str,
    lexicon: LowerLexicon,
    likeness: Callable[[str], float],
    limit: float,
    any_surname: bool = False,
) -> bool:
    if any_surname and word in lexicon.last and len(word) > 2 and word not in _LOWER_STOP:
        return True
    if not _plain(word, lexicon.common):
        return False
    return word in lexicon.last or likeness(word) > limit
