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

from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.recognizers.person.words import PersonWords

# Words of folded text; a possessive "'s" stays out ("olga krylova's killers").
_LOWER_WORD = re.compile(r"[a-z\u00df-\u024f]+(?:['’-](?!s\b)[a-z\u00df-\u024f]+)*")
_SPEAKER_QUOTE = re.compile(r":[ \t]*[\"“]")

Word = tuple[int, int, str]
InContext = Callable[[str, list[str], int, int], bool]


@dataclass(frozen=True, slots=True)
class LowerLexicon:
    """The folded word lists the lower-case pass reads."""

    first: frozenset[str]  # first names known to two locales or more
    any_first: frozenset[str]  # every first name
    last: frozenset[str]
    common: frozenset[str]


@dataclass(frozen=True, slots=True)
class LowerWords:
    """The cue words and levels of the lower-case pass (packs: `person.`)."""

    stop: frozenset[str]
    titles: frozenset[str]
    cues: frozenset[str]
    name_labels: frozenset[str]
    prepositions: frozenset[str]
    links: dict[str, frozenset[str]]
    roles: frozenset[str]
    naming_verbs: frozenset[str]
    not_named: frozenset[str]
    pair_cues: frozenset[str]
    verbs: frozenset[str]
    salutations: frozenset[str]
    kin_nouns: frozenset[str]
    pair_conjunctions: frozenset[str]
    list_conjunctions: frozenset[str]
    lives_after: re.Pattern[str]
    and_next: re.Pattern[str]
    owns_personal: re.Pattern[str]
    lower_list: re.Pattern[str]
    after_title: float
    living_each: float
    cued: float
    context: float
    owned: float
    pair: tuple[float, float]
    cued_pair: tuple[float, float]
    judged_pair: tuple[float, float]


def lower_words(lex: Lexicon, w: PersonWords) -> LowerWords:
    """The :class:`LowerWords` of a lexicon whose word sets are ``w``."""
    n = lex.number
    titles = frozenset(w.lower_titles) | lex.words("person.lower_extra_titles")
    links: dict[str, set[str]] = {}
    for phrase in lex.ordered("person.naming_links"):
        first, last = phrase.split()
        links.setdefault(last, set()).add(first)
    belongings = "|".join(sorted(w.personal_belongings))
    owned = lex.alternation("person.lower_owned_modifiers")
    letters = r"[a-z\u00df-\u024f]+"
    conj = lex.alternation("person.conjunctions")
    return LowerWords(
        stop=lex.words("person.lower_stop"),
        titles=titles,
        cues=titles | lex.words("person.lower_cues"),
        name_labels=lex.words("person.name_labels"),
        prepositions=lex.words("person.prepositions"),
        links={last: frozenset(firsts) for last, firsts in links.items()},
        # A role or kinship noun before the name: "songwriter zoe young", "my kid florence".
        roles=w.role_nouns | w.role_words,
        naming_verbs=lex.words("person.naming_verbs"),
        not_named=lex.words("person.not_named"),
        pair_cues=lex.words("person.pair_cues"),
        verbs=w.subject_verbs | w.person_verbs,
        salutations=w.salutations,
        kin_nouns=w.kin_nouns,
        pair_conjunctions=lex.words("person.lower_pair_conjunctions"),
        list_conjunctions=lex.words("person.conjunctions"),
        lives_after=re.compile(lex.alternation("person.lower_lives_after")),
        and_next=re.compile(
            rf" (?:{lex.alternation('person.lower_pair_conjunctions')}) ([^\W\d_]{{3,}})"
        ),
        owns_personal=re.compile(rf"['’]s (?:(?:{owned}) )?(?:{belongings})\b"),
        # "anna, piotr, kasia and ewa": a comma list closed by a conjunction.
        lower_list=re.compile(rf"{letters}(?:, {letters})+,? (?:{conj}) {letters}"),
        after_title=n("person.lower.after_title"),
        living_each=n("person.lower.living_each"),
        cued=n("person.lower.cued"),
        context=n("person.lower.context"),
        owned=n("person.lower.owned"),
        pair=(n("person.lower.pair_each"), n("person.lower.pair_mean")),
        cued_pair=(n("person.lower.cued_pair_each"), n("person.lower.cued_pair_mean")),
        judged_pair=(n("person.lower.judged_pair_each"), n("person.lower.judged_pair_mean")),
    )


class LowerCasePass:
    """Finds names in a text with no capital letter (the caller checks that it has none).

    ``likeness`` is the name-likeness of one folded word; ``in_context`` (the context
    judge's test of folded words at ``start``..``end``) judges words in no list that read
    as a name by their neighbours, as for capitalised words ("lempi has been");
    ``people_after`` says whether a list ending at an offset is said to be people.
    """

    def __init__(
        self,
        words: LowerWords,
        lexicon: LowerLexicon,
        likeness: Callable[[str], float],
        recognizer: str,
        in_context: InContext,
        people_after: Callable[[str, int], bool],
    ) -> None:
        self._w = words
        self._lex = lexicon
        self._likeness = likeness
        self._recognizer = recognizer
        self._in_context = in_context
        self._people_after = people_after

    def names(self, text: str, folded: str) -> list[RecognizerResult]:
        """The names of a lower-case text, in order."""
        words = [(m.start(), m.end(), m.group()) for m in _LOWER_WORD.finditer(folded)]
        found: list[RecognizerResult] = []
        i = 0
        while i < len(words):
            j = self._name_at(text, folded, words, i)
            if j > i:
                found.append(
                    RecognizerResult(words[i][0], words[j - 1][1], "PERSON", 0.5, self._recognizer)
                )
            i = max(j, i + 1)
        if found and ", " in text:
            found = self._fill_lists(folded, found)
        return found

    def _name_at(self, text: str, folded: str, words: list[Word], i: int) -> int:
        """The end (a word index) of the name opening at word ``i``, or ``i`` for none."""
        # A cue stands on the name's line ("director\nrosales-mcguire" is a block's lines).
        start = words[i][0]
        before = words[i - 1][2] if i > 0 and "\n" not in text[words[i - 1][1] : start] else ""
        end = self._cued_name(text, folded, words, i, before)
        return end if end is not None else self._uncued_name(folded, words, i, before)

    def _cued_name(
        self, text: str, folded: str, words: list[Word], i: int, before: str
    ) -> int | None:
        """The end of a name the lists or the words before it open at ``i`` (None: none)."""
        w = self._w
        start, end, word = words[i]
        linked = i > 1 and words[i - 2][2] in w.links.get(before, ())
        # "said krūmiņš to staněk": a dialogue tag names who is spoken to.
        spoken_to = before == "to" and i > 2 and words[i - 3][2] == "said"
        cued = before in w.cues or linked or before in w.roles or spoken_to
        # A label or a question names the answer: "name: x y", "what's your last name? x".
        gap = folded[words[i - 1][1] : start] if i > 0 else ""
        labelled = before in w.name_labels and (":" in gap or "?" in gap)
        # A greeting and its comma open a message to a person: "hi lācis, i'm contacting".
        greeted = before in w.salutations and folded.startswith(",", end)
        cued = cued or greeted
        level = w.after_title if labelled or greeted or before in w.titles else w.cued
        if not self._known_opening(text, folded, words, i, linked, before) and not (
            cued and self._plain(word) and self._likeness(word) > level
        ):
            return None
        # After a title or role a first name's surname may read like a word or be one
        # ("dr. kyle kuefer", "songwriter zoe young"); a surname after a title is the
        # whole name ("ms. jones flew to…").
        titled = (
            before in w.titles or before in w.roles or before in w.pair_cues
        ) and word in self._lex.any_first
        if labelled or before in w.titles:
            titled = True  # "name: sieuwerd heuver", "dr. licia carroll": whatever follows
        limit = w.after_title if titled else w.cued if cued else 0.0
        return self._with_surname(text, words, i, limit, titled)

    def _uncued_name(self, folded: str, words: list[Word], i: int, before: str) -> int:
        """The end of a name at ``i`` that its shape or the words after it show."""
        w = self._w
        likeness = self._likeness
        start, end, word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        # Where someone lives, said after one or two words in no list: "dexter lives on
        # ziegelgasse 19", "cendrillon coudert lives at …" (capitals cannot show the street).
        if self._plain(word) and likeness(word) > w.living_each:
            if w.lives_after.match(folded, end):
                return i + 1
            if nxt is not None and self._plain(nxt[2]) and nxt[0] == end + 1:
                if likeness(nxt[2]) > w.living_each and w.lives_after.match(folded, nxt[1]):
                    return i + 2
        if nxt is not None and self._initialled(folded, words, i):
            return i + 3  # "faina d. yefremova", "ravil g yefimov"
        # A known first name next opens its own name: "heard emir hadzic" is no pair.
        if nxt is not None and nxt[2] not in self._lex.first:
            levels = w.cued_pair if before in w.pair_cues else w.pair
            if self._name_pair(words[i], nxt, levels):
                return i + 2
            if self._name_pair(words[i], nxt, w.judged_pair):
                if self._in_context(folded, [word, nxt[2]], start, nxt[1]):
                    return i + 2  # "tomomi nishiyama lives at", "x y will be talking"
        if self._listed_people(folded, words, i):
            return i + 1
        gate = w.owned if w.owns_personal.match(folded, end) else w.context
        if (
            self._plain(word)
            and likeness(word) > gate
            and self._in_context(folded, [word], start, end)
        ):
            return i + 1
        return i

    def _listed_people(self, folded: str, words: list[Word], i: int) -> bool:
        """A pair said to be people: "usamov and bowers were precision engineers"."""
        w = self._w
        likeness = self._likeness
        _, end, word = words[i]
        if not self._plain(word) or likeness(word) <= w.cued:
            return False
        pair = w.and_next.match(folded, end)
        if pair is not None and pair.group(1) not in self._lex.common:
            if likeness(pair.group(1)) > w.cued and self._people_after(folded, pair.end(1)):
                return True
        return (
            i >= 2
            and words[i - 1][2] in w.pair_conjunctions
            and self._plain(words[i - 2][2])
            and self._people_after(folded, end)
        )

    def _known_opening(
        self, text: str, folded: str, words: list[Word], i: int, linked: bool, before: str
    ) -> bool:
        """Whether word ``i`` opens a name by the lists alone (or a naming phrase before it)."""
        w = self._w
        lexicon = self._lex
        start, end, word = words[i]
        if word in lexicon.first and word not in lexicon.common and word not in w.stop:
            return True
        # "my name is frank freud", "everyone calls me will": after a naming phrase a first
        # name counts even when it is also an everyday word.
        # Any locale's first name then: "her maiden name is chad".
        named = linked or before in w.naming_verbs or before in w.kin_nouns
        if named and word in lexicon.any_first and word not in w.not_named:
            return True  # and after a kinship noun: "my kid florence"
        # A dialogue's speaker, a known name opening a line before a colon and a quote:
        # 'norling:"i'm roope's daughter"'.
        if (
            (start == 0 or text[start - 1] == "\n")
            and _SPEAKER_QUOTE.match(folded, end) is not None
            and (word in lexicon.any_first or word in lexicon.last)
            and self._plain(word)
        ):
            return True
        # Any first name, one locale's or a word's, before a known surname that is no
        # word: "toralf norling", "follow up with jade dumont" (not "rose garden").
        return (
            word in lexicon.any_first
            and word not in w.not_named
            and i + 1 < len(words)
            and words[i + 1][0] == end + 1
            and words[i + 1][2] in lexicon.last
            and self._plain(words[i + 1][2])
        )

    def _with_surname(
        self, text: str, words: list[Word], i: int, limit: float, any_surname: bool = False
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
            initialled = min(limit, self._w.after_title)
            if same_line and self._surname(words[j + 1][2], initialled, any_surname):
                j += 2  # "emidio p lombardo", "daniela c capon"
        elif j < n and words[j][0] == words[i][1] + 1:
            # A word taken only for its context is no surname before a preposition: it is
            # the verb ("mr. rangel flew to horten").
            verb_like = (
                any_surname
                and words[j][2] not in self._lex.last
                and j + 1 < n
                and words[j + 1][2] in self._w.prepositions
                and self._likeness(words[j][2]) < self._w.cued  # not "žilková in a couple"
            )
            if not verb_like and self._surname(words[j][2], limit, any_surname):
                j += 1
        return j

    def _initialled(self, folded: str, words: list[Word], i: int) -> bool:
        """First name, a middle initial, surname: the shape of a full name, in no list."""
        if i + 2 >= len(words):
            return False
        (_, end, one), (m_start, m_end, middle), (s_start, _, last) = words[i : i + 3]
        if len(middle) != 1 or m_start != end + 1 or folded[end] != " " or s_start > m_end + 2:
            return False  # not "bridgewater's parker", whose "s" follows an apostrophe
        if not (self._plain(one) and self._plain(last)):
            return False
        return min(self._likeness(one), self._likeness(last)) > self._w.cued

    def _fill_lists(self, folded: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """The other items of a lower-case list most of whose items are names.

        An item counts as a name when it was found or is a known name of any locale that
        is no everyday word ("liva, gunita, marijana and henriette": one locale's names).
        """
        known = self._lex.any_first | self._lex.last
        common = self._lex.common
        conjunctions = self._w.list_conjunctions
        starts = {r.start for r in found}
        added = []
        for m in self._w.lower_list.finditer(folded):
            items = [i for i in re.finditer(r"[^\s,]+", m.group()) if i.group() not in conjunctions]
            spans = [(m.start() + i.start(), m.start() + i.end()) for i in items]
            named = sum(
                s in starts or (folded[s:e] in known and folded[s:e] not in common)
                for s, e in spans
            )
            if named * 2 < len(spans):
                continue  # a list of things that holds a name or two
            added += [
                RecognizerResult(s, e, "PERSON", 0.5, self._recognizer)
                for s, e in spans
                if s not in starts and folded[s:e] not in common
            ]
        return sorted(found + added, key=lambda r: r.start) if added else found

    def _name_pair(self, one: Word, two: Word, levels: tuple[float, float]) -> bool:
        """Whether two adjacent words in no list read as a name at ``levels`` (each, mean)."""
        if two[0] != one[1] + 1 or not (self._plain(one[2]) and self._plain(two[2])):
            return False
        if one[2] in self._w.pair_cues or two[2] in self._w.verbs:
            return False  # "heard evaldas szekeres", "järvilehto began": cue and verb
        a, b = self._likeness(one[2]), self._likeness(two[2])
        each, mean = levels
        return min(a, b) > each and a + b > 2 * mean

    def _plain(self, word: str) -> bool:
        return (
            len(word) > 2
            and word not in self._lex.common
            and word not in self._w.stop
            and "'" not in word
        )

    def _surname(self, word: str, limit: float, any_surname: bool = False) -> bool:
        if any_surname and word in self._lex.last and len(word) > 2 and word not in self._w.stop:
            return True
        if not self._plain(word):
            return False
        return word in self._lex.last or self._likeness(word) > limit
