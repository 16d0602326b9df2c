"""PERSON names of people who are not members: first-name dictionaries plus capitalisation.

No statistical model runs here: Presidio with spaCy's small French model ran at 120-260
documents per CPU-second on our benchmark, 25-50 times slower than this whole redactor,
and no English model may be installed. Instead a name is
a run of capitalised words anchored on a known first name ("Léa Moreau", "John F.
Kennedy"), a title ("Mme Dupont", "Dr. House"), or a known last name in capitals
("DUPONT Jean"). Words that are also ordinary words ("Grace", "Pierre") need such a
companion, and never count at the start of a sentence on their own.
"""

from __future__ import annotations

import re

from consentgate.redact.base import Recognizer
from consentgate.redact.lexicon import (
    LOWER,
    UPPER,
    attested_first_names,
    common_words,
    first_names,
    fold,
    last_names,
)
from consentgate.redact.name_context import ContextJudge
from consentgate.redact.name_lines import PARTICLES, block_heads
from consentgate.redact.name_lists import (
    announced,
    judge_lists,
    may_announce,
    repeated,
    speakers,
)
from consentgate.redact.name_lower import LowerLexicon, lower_case_names, repeated_full_names
from consentgate.redact.name_model import name_likeness, role_name_likeness
from consentgate.redact.name_roles import QUESTION_AUX
from consentgate.redact.name_runs import NameRunRules
from consentgate.redact.name_signals import greeted_or_asked
from consentgate.redact.name_words import (
    ACRONYMS,
    FUNCTION_WORDS,
    KNOWN_ORGS,
    LOWER_TITLES,
    NAMING_HINT,
    NEVER_ALONE,
    ORG_SUFFIXES,
    STREET_WORDS,
    TITLES,
    WORD_GIVEN_NAMES,
    named_before,
)
from consentgate.redact.results import RecognizerResult

_UP = UPPER
_LOW = LOWER
# The pattern opens with a character class, not the lookbehind, so that the regex
# engine can skip to candidate characters quickly (4x faster on prose).
# A bare capital counts as a word only as a middle initial: "Maja S Hermansen".
_TOKEN = re.compile(
    rf"[{_UP}](?<![\w'’-].)(?:[{_LOW}{_UP}'’-]*[{_LOW}{_UP}]|\.|(?= [{_UP}][{_LOW}]))"
)
# What may sit between two words of one name: a space, or a particle.
# (Two spaces are a typing slip, not a break: "What's your name? Lara  Fiorentino".)
_JOINER = re.compile(
    r"^(?:  | (?:de|du|des|de la|van|von|der|van der|van den|ten|ter|di|da|del|della|dos"
    r"|le|la|bin|ibn) )$"
)

# Greetings and thanks that open a capitalised run and are never part of a name.
_OPENING_CUES = frozenset(
    """thanks thank congrats congratulations welcome hi hello hey dear cc merci bravo
    felicitations bienvenue bonjour salut""".split()
)


# "mr. ", "ms. ", "mrs. ", "dr. " with their dots, and every title followed by a space.
_LOWER_TITLES = tuple(f"{t}. " for t in LOWER_TITLES[:4]) + tuple(f"{t} " for t in LOWER_TITLES)
# The two characters before the space of each title ("r.", "mr", "me"...): one set
# look-up spares the ten look-ups above for the lone everyday words that are asked.
_TITLE_ENDS = frozenset(title[-3:-1] for title in _LOWER_TITLES)


def _after_lower_title(text: str, start: int) -> bool:
    """True when a whole title in lower case ("ms. ", "dr ", "mme ") ends at ``start``."""
    if start < 3 or text[start - 1] != " ":
        return False
    for title in _LOWER_TITLES:
        if text.endswith(title, 0, start):
            before = start - len(title)
            return before == 0 or not text[before - 1].isalnum()
    return False


# The words a capitalised copy of a lower-case text leaves in lower case, as capitalised
# text writes them: the joins and verbs the list rules read ("a, b and c were ...").
_KEPT_LOWER = frozenset(
    """and et or ou of the a an to in on at is are was were be been de la le les des du
    un une for with by from""".split()
)
_LOWER_WORD_START = re.compile(r"(?<![\w'’])[^\W\d_]+")


def _capitalised_copy(text: str) -> str:
    """``text`` with each word capitalised but the joins of ``_KEPT_LOWER`` (same offsets
    unless a capital is longer than its small letter, as "ß" is)."""
    return _LOWER_WORD_START.sub(
        lambda m: m.group() if m.group() in _KEPT_LOWER else m.group()[0].upper() + m.group()[1:],
        text,
    )


class NameRecognizer(NameRunRules, Recognizer):
    """Names of people the platform does not know, in English and French."""

    name = "person_dictionary"
    entity_types = ("PERSON",)
    uses_folded = True

    def __init__(self) -> None:
        self._load()

    def _load(self) -> None:
        self._first = first_names()
        self._attested = attested_first_names()
        self._last = last_names()
        self._common = common_words() | NEVER_ALONE | FUNCTION_WORDS
        # A lone word here and not a first name is never a name: one lookup for the most
        # frequent run of all ("The", "Our", "Merci" opening a sentence).
        self._common_only = self._common - self._first
        self._lower = LowerLexicon(self._attested, self._first, self._last, self._common | ACRONYMS)
        self._common_or_aux = self._common | QUESTION_AUX
        self._context = ContextJudge(
            name_likeness(), self._first | self._last, self._common, role_name_likeness()
        )

    # The word lists are rebuilt from Faker in the worker rather than pickled.
    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._load()

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Group capitalised words into runs and judge each run."""
        return self.analyze_folded(text, fold(text), lang)

    def analyze_folded(self, text: str, folded: str, lang: str) -> list[RecognizerResult]:
        """:meth:`analyze` on the text already folded by the caller (words are slices)."""
        if text.islower():  # no capital at all: capitalisation proves nothing
            return self._lower_case(text, folded)
        found: list[RecognizerResult] = []
        run: list[tuple[int, int, str]] = []
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
        # Lists with no name yet count only when said to be people ("... were ...").
        if (found or " were " in text or " are " in text or " sont " in text) and (
            " and " in text or " et " in text or " & " in text
        ):
            found = self._lists(text, found)
        if may_announce(text):  # announcers are plurals: "founders:", "children:"
            found = announced(text, found, self._can_fill, self._context.likeness, self.name)
        if "\n" in text:
            # The head of a contact block and a dialogue's speaker are a person's place:
            # their words are judged as after a role (see ContextJudge.role_likeness).
            found = block_heads(text, found, self._head_likeness_of, self.name)
            if text.count(":") > 1:  # a dialogue has two turns or more
                found = speakers(text, found, self._can_fill, self.name, self._role_word_likeness)
        if found:
            found = repeated(text, found, self._can_fill, self.name)
        return found

    def _lower_case(self, text: str, folded: str) -> list[RecognizerResult]:
        """Names in a text with no capital letter (see name_lines)."""
        found = lower_case_names(
            text,
            folded,
            self._lower,
            self._word_likeness,
            self.name,
            self._context.name_words,
            self._context.people_after,
        )
        if "\n" in text:
            found = block_heads(
                text, found, lambda w: self._head_likeness_of(w, role=False), self.name, lower=True
            )
            # A dialogue's speakers, read in the title-cased copy (same offsets).
            titled = text.title()
            if text.count(":") > 1 and len(titled) == len(text):
                found = speakers(titled, found, self._can_fill, self.name, self._word_likeness)
        if not found:
            return found
        found = repeated_full_names(folded, found, self.name)
        # Lists of people ("torpy and salinas were precision engineers") and a surname of
        # a full name found, back alone ("directed by philip latourelle and starring
        # latourelle"), are read as in capitalised text, in a copy that capitalises every
        # word but the joins those rules read.
        titled = _capitalised_copy(text)
        if len(titled) != len(text):
            return found
        if " and " in text or " et " in text:
            found = self._lists(titled, found)
        if may_announce(titled):
            found = announced(titled, found, self._can_fill, self._context.likeness, self.name)
        return repeated(titled, found, self._can_fill, self.name)

    def _lists(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Firms named after partners drop out, lists of people fill in (see name_lists)."""
        return judge_lists(
            text,
            found,
            self._firm,
            self._can_fill,
            self.name,
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
        last = len(words) - 1
        # A particle inside the line and the surname it introduces may be words
        # ("Willemine ten Pas"); particles count for nothing in the likeness.
        particles = {i for i in range(1, last) if words[i] in PARTICLES}
        plain = [
            w
            for i, w in enumerate(words)
            if not (
                i in particles
                or i - 1 in particles
                or w in self._common
                and ((i == 0 and (w in self._first or w in WORD_GIVEN_NAMES))
                     or (i == last and w in self._last))
            )
        ]  # fmt: skip
        words = [w for w in words if w not in PARTICLES]
        if not plain or self._likeness_of(plain) is None:
            return None  # "Pat Lie", "Rose Hill": every word is also a word
        return self._context.role_likeness(words) if role else self._context.likeness(words)

    def _likeness_of(self, words: list[str]) -> float | None:
        """Mean name-likeness of folded words; None if one can be no part of a name."""
        if any(
            w in self._common or w in ORG_SUFFIXES or w in TITLES or w in ACRONYMS
            for w in words
            if len(w) > 1
        ):
            return None
        return self._context.likeness(words)

    def _can_fill(self, word: str) -> bool:
        return word not in self._common and word not in TITLES

    @staticmethod
    def _joined(between: str, prev_word: str) -> bool:
        if _JOINER.match(between):
            return True
        # "Mr. Smith", "Dr. House": the dot of an abbreviated title does not end the name.
        return between == ". " and prev_word in TITLES

    def _judge(
        self, text: str, folded: str, run: list[tuple[int, int, str]], out: list[RecognizerResult]
    ) -> None:
        n = len(run)
        if n > 1 and run[0][2] == "i'm":
            # "I'm Nodar, originally from...": the capitalised "I'm" opens the run, and
            # the name after it is judged with "I'm" as its naming cue.
            self._judge(text, folded, run[1:], out)
            return
        if (n > 2 or (n == 2 and text.startswith(",", run[1][1]))) and run[0][2] in _OPENING_CUES:
            # "Thanks Nodar Kvaratskhelia", "Welcome Ngozi Oyelaran": the greeting opens
            # the run but is no part of the name; the rest is judged after its cue. So
            # is the one word of "Hi Quastrel," before the comma of a greeting.
            self._judge(text, folded, run[1:], out)
            return
        if n == 1:
            word = run[0][2]
            if word in self._common_only:
                # The common case: "The", "Our", "Merci" opening a sentence; but after
                # "name is", "called" or a title written in lower case ("ms. Key"; a
                # capitalised one joins the run) a capitalised word is a name whatever
                # else it means.
                start = run[0][0]
                if (
                    named_before(text, start, run[0][1])
                    or (
                        text[start - 3 : start - 1] in _TITLE_ENDS
                        and _after_lower_title(text, start)
                    )
                    or (
                        word in self._last
                        and (
                            self._context.strongly_personal(text, start, run[0][1])
                            or greeted_or_asked(text, start, run[0][1])
                        )
                    )
                ):
                    out.append(self._result(run, 0, 1, 0.5))
                return
            if (
                word not in self._first
                and word not in self._last
                and word not in TITLES
                and "-" not in word
                and len(word) > 2
            ):
                # A lone word in no list is a name only after "name is", "called"...:
                # skip the other rules, which all need a known word (the usual case).
                start, end = run[0][0], run[0][1]
                if not self._plain_unknown(word) or text[start:end].isupper():
                    return
                if (
                    NAMING_HINT.search(text, max(0, start - 24), start)
                    and self._unknown_name(text, run)
                ) or self._context.name_words(text, [word], start, end):
                    out.append(self._result(run, 0, 1, 0.5))
                return
        before = len(out)
        self._judge_run(text, run, out)
        if len(out) == before:
            return
        start = run[0][0]
        if start > 1 and text[start - 1] == " ":
            prev = text[max(0, start - 12) : start - 1].rsplit(None, 1)
            # After a street type it names the street; after "&" it ends a firm's name.
            if prev and (fold(prev[-1]) in STREET_WORDS or prev[-1] == "&"):
                del out[before:]
                return
        # Slices of the folded text: fold() keeps every offset.
        out[before:] = [r for r in out[before:] if folded[r.start : r.end] not in KNOWN_ORGS]
