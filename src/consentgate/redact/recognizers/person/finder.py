"""Finds the names of one text: capitalised runs, then lists, blocks, dialogues, repeats.

The stages, in order: group the capitalised words of the text into runs and judge each
run (runs.py, with the context judge of context.py for words in no list); then the
list rules (a firm named after partners drops out, the other items of a list of people
fill in), a list announced by "founders:", the head line of a contact block, the
speakers of a dialogue (blocks.py, lists.py), and the later mentions of a name found
(lists.py). A text with no capital letter goes through the lower-case pass (lower.py)
instead. One finder is built per group of language packs.
"""

from __future__ import annotations

import re

from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import LOWER, UPPER, fold
from consentgate.redact.recognizers.person.blocks import block_heads
from consentgate.redact.recognizers.person.context import ContextJudge
from consentgate.redact.recognizers.person.limits import levels
from consentgate.redact.recognizers.person.lists import (
    announced,
    judge_lists,
    may_announce,
    repeated,
    repeated_full_names,
    speakers,
)
from consentgate.redact.recognizers.person.lower import LowerCasePass, LowerLexicon, lower_words
from consentgate.redact.recognizers.person.model import name_likeness, role_name_likeness
from consentgate.redact.recognizers.person.runs import RunRules
from consentgate.redact.recognizers.person.signals import greeted_or_asked, person_signals
from consentgate.redact.recognizers.person.words import name_lists, named_before, person_words

RECOGNIZER = "person_dictionary"
# The pattern opens with a character class, not the lookbehind, so that the regex
# engine can skip to candidate characters quickly (4x faster on prose).
# A bare capital counts as a word only as a middle initial: "Maja S Hermansen".
_TOKEN = re.compile(
    rf"[{UPPER}](?<![\w'’-].)(?:[{LOWER}{UPPER}'’-]*[{LOWER}{UPPER}]|\.|(?= [{UPPER}][{LOWER}]))"
)
_LOWER_WORD_START = re.compile(r"(?<![\w'’])[^\W\d_]+")
Run = list[tuple[int, int, str]]


class NameFinder:
    """The name rules of one group of language packs, applied to one text at a time."""

    def __init__(self, lex: Lexicon) -> None:
        w = lex.derived(person_words)
        s = person_signals(lex, w)
        names = lex.derived(name_lists)
        self._lex = lex
        self._w = w
        self._s = s
        self._first = names.first
        self._last = names.last
        self._common = names.common
        # A lone word here and not a first name is never a name: one lookup for the most
        # frequent run of all ("The", "Our", "Merci" opening a sentence).
        self._common_only = names.common - names.first
        self._context = ContextJudge(
            w,
            s,
            levels(lex),
            lex.derived(name_likeness),
            names.first | names.last,
            names.common,
            lex.derived(role_name_likeness),
        )
        self._runs = RunRules(w, s, names, self._context)
        lower = LowerLexicon(names.attested, names.first, names.last, names.common | w.acronyms)
        self._lower = LowerCasePass(
            lower_words(lex, w),
            lower,
            self._word_likeness,
            RECOGNIZER,
            self._context.name_words,
            self._context.people_after,
        )
        self._opening_cues = lex.words("person.opening_cues")
        self._self_introductions = lex.words("person.self_introductions")
        self._kept_lower = lex.words("person.kept_lower")
        # "mr. ", "ms. " with their dots, and every lower-case title followed by a space;
        # the two characters before the space of each ("r.", "mr", "me"...): one set
        # look-up spares the look-ups of every title for the lone everyday words asked.
        self._lower_titles = tuple(f"{t}. " for t in w.dotted_lower_titles) + tuple(
            f"{t} " for t in w.lower_titles
        )
        self._title_ends = frozenset(title[-3:-1] for title in self._lower_titles)
        # Cheap tests that a text may hold a list: a verb of a list of people, a join.
        self._list_verbs = tuple(f" {v} " for v in lex.ordered("person.plural_copulas"))
        self._list_joins = tuple(f" {c} " for c in lex.ordered("person.conjunctions"))

    def find(self, text: str, folded: str) -> list[RecognizerResult]:
        """The names of ``text`` (``folded`` = its folded form, the same offsets)."""
        if text.islower():  # no capital at all: capitalisation proves nothing
            return self._lower_case(text, folded)
        found = self._runs_of(text, folded)
        # Lists with no name yet count only when said to be people ("... were ...").
        if (found or _holds(text, self._list_verbs)) and (
            _holds(text, self._list_joins) or " & " in text
        ):
            found = self._lists(text, found)
        if may_announce(text):  # announcers are plurals: "founders:", "children:"
            found = announced(
                self._lex, text, found, self._can_fill, self._context.likeness, RECOGNIZER
            )
        if "\n" in text:
            # The head of a contact block and a dialogue's speaker are a person's place:
            # their words are judged as after a role (see ContextJudge.role_likeness).
            found = block_heads(self._lex, text, found, self._head_likeness_of, RECOGNIZER)
            if text.count(":") > 1:  # a dialogue has two turns or more
                found = speakers(
                    self._lex, text, found, self._can_fill, RECOGNIZER, self._role_word_likeness
                )
        if found:
            found = repeated(self._lex, text, found, self._can_fill, RECOGNIZER)
        return found

    def _runs_of(self, text: str, folded: str) -> list[RecognizerResult]:
        """Group capitalised words into runs and judge each run."""
        found: list[RecognizerResult] = []
        run: Run = []
        prev_end = -1
        judge = self._judge
        # Two texts in a hundred hold a possessive: testing each word's ending for one
        # cost 2 us a text, four percent of this recogniser.
        may_own = "'s" in text or "’s" in text
        for m in _TOKEN.finditer(text):
            start, end = m.span()
            possessive = may_own and text.endswith(("'s", "’s"), start, end)
            if possessive:
                end -= 2
            gap = start - prev_end
            if (
                run
                and (gap != 1 or text[prev_end] != " ")
                and (gap > 14 or not self._joined(text[prev_end:start], run[-1][2]))
            ):
                judge(text, folded, run, found)
                run = []
            run.append((start, end, folded[start:end]))
            prev_end = end
            if possessive:
                judge(text, folded, run, found)
                run = []
        if run:
            judge(text, folded, run, found)
        return found

    def _lower_case(self, text: str, folded: str) -> list[RecognizerResult]:
        """Names in a text with no capital letter (see lower.py)."""
        found = self._lower.names(text, folded)
        if "\n" in text:
            found = block_heads(
                self._lex,
                text,
                found,
                lambda w: self._head_likeness_of(w, role=False),
                RECOGNIZER,
                lower=True,
            )
            # A dialogue's speakers, read in the title-cased copy (same offsets).
            titled = text.title()
            if text.count(":") > 1 and len(titled) == len(text):
                found = speakers(
                    self._lex, titled, found, self._can_fill, RECOGNIZER, self._word_likeness
                )
        if not found:
            return found
        found = repeated_full_names(folded, found, RECOGNIZER)
        # Lists of people ("torpy and salinas were precision engineers") and a surname of
        # a full name found, back alone ("directed by philip latourelle and starring
        # latourelle"), are read as in capitalised text, in a copy that capitalises every
        # word but the joins those rules read.
        titled = self._capitalised_copy(text)
        if len(titled) != len(text):
            return found
        if _holds(text, self._list_joins):
            found = self._lists(titled, found)
        if may_announce(titled):
            found = announced(
                self._lex, titled, found, self._can_fill, self._context.likeness, RECOGNIZER
            )
        return repeated(self._lex, titled, found, self._can_fill, RECOGNIZER)

    def _capitalised_copy(self, text: str) -> str:
        """``text`` with each word capitalised but the joins the pack keeps in lower case
        (`person.kept_lower`; same offsets unless a capital is longer than its small
        letter, as "ß" is)."""
        kept = self._kept_lower
        return _LOWER_WORD_START.sub(
            lambda m: m.group() if m.group() in kept else m.group()[0].upper() + m.group()[1:],
            text,
        )

    def _lists(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Firms named after partners drop out, lists of people fill in (see lists.py)."""
        return judge_lists(
            self._lex,
            text,
            found,
            self._runs.scores.firm,
            self._can_fill,
            RECOGNIZER,
            self._context.people_after,
            self._last,
        )

    def _word_likeness(self, word: str) -> float:
        return self._context.likeness([word])

    def _role_word_likeness(self, word: str) -> float:
        return self._context.role_likeness([word])

    def _head_likeness_of(self, words: list[str], role: bool = True) -> float | None:
        """:meth:`_likeness_of` for the head line of a contact block.

        There a first name opening the line or a surname ending it may also be an
        everyday word ("Danilo Young", "Pat Kríž"), beside a word in no list; ``role``
        judges the words as after a role (see ContextJudge.role_likeness).
        """
        particles_set = self._w.particles
        last = len(words) - 1
        # A particle inside the line and the surname it introduces may be words
        # ("Willemine ten Pas"); particles count for nothing in the likeness.
        particles = {i for i in range(1, last) if words[i] in particles_set}
        given = self._w.word_given_names
        plain = [
            w
            for i, w in enumerate(words)
            if not (
                i in particles
                or i - 1 in particles
                or w in self._common
                and ((i == 0 and (w in self._first or w in given))
                     or (i == last and w in self._last))
            )
        ]  # fmt: skip
        words = [w for w in words if w not in particles_set]
        if not plain or self._likeness_of(plain) is None:
            return None  # "Pat Lie", "Rose Hill": every word is also a word
        return self._context.role_likeness(words) if role else self._context.likeness(words)

    def _likeness_of(self, words: list[str]) -> float | None:
        """Mean name-likeness of folded words; None if one can be no part of a name."""
        w = self._w
        if any(
            x in self._common or x in w.org_suffixes or x in w.titles or x in w.acronyms
            for x in words
            if len(x) > 1
        ):
            return None
        return self._context.likeness(words)

    def _can_fill(self, word: str) -> bool:
        return word not in self._common and word not in self._w.titles

    def _joined(self, between: str, prev_word: str) -> bool:
        if self._w.joiner.match(between):
            return True
        # "Mr. Smith", "Dr. House": the dot of an abbreviated title does not end the name.
        return between == ". " and prev_word in self._w.titles

    def _after_lower_title(self, text: str, start: int) -> bool:
        """True when a whole title in lower case ("ms. ", "dr ", "mme ") ends at ``start``."""
        if start < 3 or text[start - 1] != " ":
            return False
        for title in self._lower_titles:
            if text.endswith(title, 0, start):
                before = start - len(title)
                return before == 0 or not text[before - 1].isalnum()
        return False

    def _judge(self, text: str, folded: str, run: Run, out: list[RecognizerResult]) -> None:
        n = len(run)
        if n > 1 and run[0][2] in self._self_introductions:
            # "I'm Nodar, originally from...": the capitalised "I'm" opens the run, and
            # the name after it is judged with "I'm" as its naming cue.
            self._judge(text, folded, run[1:], out)
            return
        if (n > 2 or (n == 2 and text.startswith(",", run[1][1]))) and (
            run[0][2] in self._opening_cues
        ):
            # "Thanks Nodar Kvaratskhelia", "Welcome Ngozi Oyelaran": the greeting opens
            # the run but is no part of the name; the rest is judged after its cue. So
            # is the one word of "Hi Quastrel," before the comma of a greeting.
            self._judge(text, folded, run[1:], out)
            return
        if n == 1 and self._lone_word(text, run, out):
            return
        before = len(out)
        self._runs.judge_run(text, run, out)
        if len(out) == before:
            return
        start = run[0][0]
        if start > 1 and text[start - 1] == " ":
            prev = text[max(0, start - 12) : start - 1].rsplit(None, 1)
            # After a street type it names the street; after "&" it ends a firm's name.
            if prev and (fold(prev[-1]) in self._w.street_words or prev[-1] == "&"):
                del out[before:]
                return
        # Slices of the folded text: fold() keeps every offset.
        known = self._w.known_orgs
        out[before:] = [r for r in out[before:] if folded[r.start : r.end] not in known]

    def _lone_word(self, text: str, run: Run, out: list[RecognizerResult]) -> bool:
        """The rules of a run of one word that decide it alone; False: read it as a run."""
        start, end, word = run[0]
        if word in self._common_only:
            # The common case: "The", "Our", "Merci" opening a sentence; but after "name
            # is", "called" or a title written in lower case ("ms. Key"; a capitalised
            # one joins the run) a capitalised word is a name whatever else it means.
            if (
                named_before(self._w, text, start, end)
                or (
                    text[start - 3 : start - 1] in self._title_ends
                    and self._after_lower_title(text, start)
                )
                or (
                    word in self._last
                    and (
                        self._context.strongly_personal(text, start, end)
                        or greeted_or_asked(self._w, self._s, text, start, end)
                    )
                )
            ):
                out.append(self._runs.result(run, 0, 1, 0.5))
            return True
        if (
            word in self._first
            or word in self._last
            or word in self._w.titles
            or "-" in word
            or len(word) <= 2
        ):
            return False
        # A lone word in no list is a name only after "name is", "called"...: skip the
        # other rules, which all need a known word (the usual case).
        if not self._runs.plain_unknown(word) or text[start:end].isupper():
            return True
        if (
            self._w.naming_hint.search(text, max(0, start - 24), start)
            and self._runs.unknown_name(text, run)
        ) or self._context.name_words(text, [word], start, end):
            out.append(self._runs.result(run, 0, 1, 0.5))
        return True


def _holds(text: str, parts: tuple[str, ...]) -> bool:
    for part in parts:
        if part in text:
            return True
    return False
