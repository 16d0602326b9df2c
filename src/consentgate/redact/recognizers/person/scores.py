"""The score a name found in a run gets, and the word-level tests the run rules ask.

A known first name alone at a sentence's start proves little ("Server is down"); with a
known surname after it, much ("Jouni Hahli"). The checks here weigh such evidence for
the run rules (runs.py): a first name that is also a word before a surname ("Will
Smith"), after a credit ("by Elle Sandström"), a lone known surname inside a sentence,
a firm named after partners.
"""

from __future__ import annotations

import re

from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.person.context import ContextJudge
from consentgate.redact.recognizers.person.signals import PersonSignals, greeted_or_asked
from consentgate.redact.recognizers.person.words import (
    NameLists,
    PersonWords,
    is_initial,
    is_sentence_start,
    named_before,
)

_NUMBER_AFTER = re.compile(r" \d")
_SENTENCE_END = re.compile(r"[.!?\n]|$")
_NEXT_WORD = re.compile(r",? (\w+)")
Run = list[tuple[int, int, str]]


def _after_particle(run: Run, k: int) -> bool:
    """True when a particle ("ten", "van der", "de") joins word ``k`` to the one before."""
    return k > 0 and run[k][0] - run[k - 1][1] > 2


def _core(text: str, run: Run, i: int, j: int) -> list[str]:
    """The words of ``run[i:j]`` that no particle introduces: those the name is judged on."""
    if j - i == 1 or text.count(" ", run[i][0], run[j - 1][1]) < j - i:
        return [w for _, _, w in run[i:j]]  # one space between each: the usual case
    return [run[k][2] for k in range(i, j) if k == i or not _after_particle(run, k)]


class RunScorer:
    """Scores the names the run rules find, and answers their word-level questions."""

    def __init__(
        self, w: PersonWords, s: PersonSignals, names: NameLists, context: ContextJudge
    ) -> None:
        lex = w.lex
        self._w = w
        self._s = s
        self._first = names.first
        self._attested = names.attested
        self._last = names.last
        self._common = names.common
        self._context = context
        self._subject_verbs = w.person_verbs | w.subject_verbs
        self._credit_cues = lex.words("person.credit_cues")
        # Likeness above which an unknown surname after a first name of one locale
        # vouches for the pair at a sentence start.
        self._clear_surname = lex.number("person.likeness.clear_surname")
        self._everyday_name_after = re.compile(lex.alternation("person.everyday_name_after"))

    def score(self, text: str, run: list[tuple[int, int, str]], i: int, j: int) -> float | None:
        words = [run[i][2]] if j == i + 1 else _core(text, run, i, j)
        first = words[0]
        start = run[i][0]
        # A first name known to one locale only proves little as a sentence's first word
        # ("Server is down" - Server is a Turkish name): a known surname must follow.
        weak = first not in self._attested and "-" not in first
        if len(words) > 1:
            known_last = any(w in self._last for w in words[1:])
            if known_last:
                return 0.85
            # First name, middle initial, surname ("Erlendur G. Hafliðason", "Agatha Á
            # Ottarsdóttir"): the shape is a person's wherever it stands, even after a
            # label's colon, and an initial ("Á", "A.") is no everyday word "a".
            if len(words) > 2 and is_initial(words[1]) and not is_initial(words[-1]):
                if first not in self._w.never_alone and words[-1] not in self._common:
                    return 0.7
            # ... or, for two words in no everyday list, a lower-case word going on
            # ("Krisztián Szöllösy listed..."), the way a sentence's subject is followed.
            if (
                weak
                and is_sentence_start(text, start)
                and not self._lower_follows(text, run, j)
                and not self._vouched(text, run, i, j)
                # "Jouni Hahli": a surname the model reads clearly as a name vouches too,
                # after a first name it does not read as a word ("Server Kubernetes").
                and not (
                    self._context.likeness(words[1:]) > self._clear_surname
                    and self._context.reads_as_name(first, 0.0)
                )
            ):
                return None
            if first in self._w.never_alone or any(w in self._common for w in words[1:]):
                return None
            return 0.7 if first not in self._common else 0.5
        if self._context.kin_before(text, start):
            return 0.6  # "my kid Florence", "ma fille Rose": kinship names a person
        if first in self._w.never_alone or _NUMBER_AFTER.match(text, run[i][1]):
            return None  # "Model Max 6" is a product
        if (
            weak
            and is_sentence_start(text, start)
            and not self._subject(text, run[i][1])
            and not self._vouched(text, run, i, j)
        ):
            return None
        if "-" in first and not all(p in self._first for p in first.split("-")):
            return None  # "Evans-Jones" alone is more often a firm than a person
        if first in self._common:
            # "Pierre" or "Grace" alone is a name only right after a greeting or "with",
            # or called out at the end of a sentence: "Don't go, Mark!", "Ready, Will?".
            end = run[i][1]
            if text.startswith(", ", start - 2) and text.startswith(("!", "?"), end):
                return 0.6
            if named_before(self._w, text, start, end) or self._everyday_name_after.match(
                text, end
            ):
                return 0.5
            if greeted_or_asked(self._w, self._s, text, start, end):
                return 0.5
            if self._context.strongly_personal(text, start, end):
                return 0.5
            if text.endswith("said ", 0, start) and text.startswith(" to ", end):
                return 0.5  # "said Mark to Baker": a dialogue tag names both
            if self._s.said_to.search(text, max(0, start - 40), start):
                return 0.5
            prev = re.search(r"(\w+)\W*$", text[max(0, start - 20) : start])
            return 0.6 if prev is not None and fold(prev.group(1)) in self._w.greetings else None
        if is_sentence_start(text, start) and first in self._last and first not in self._first:
            return None
        return 0.6

    def word_named_pair(self, text: str, run: Run) -> bool:
        last = run[1][2]
        if last not in self._last or last in self._common or run[1][0] - run[0][1] != 1:
            return False
        if self.org_follows(text, run[1][1]):
            return False
        if run[0][2] in self._w.question_aux and is_sentence_start(text, run[0][0]):
            # "Will Kowalski come?": the modal asks; "Will Kowalski lives at" names.
            stop = _SENTENCE_END.search(text, run[1][1])
            return stop is not None and stop.group() != "?"
        return True

    def given_word_before_surname(self, run: Run, k: int) -> bool:
        """Whether run[k] is a first name that is also a word, before a surname-like word."""
        word = run[k][2]
        if not (word in self._w.word_given_names or word in self._first) or k + 1 >= len(run):
            return False
        nxt = run[k + 1][2]
        return nxt in self._last or (nxt not in self._common and not is_initial(nxt))

    def credited_pair(self, text: str, run: Run) -> bool:
        first, last = run[0][2], run[1][2]
        if first not in self._common or first in self._w.titles or first in self._w.never_alone:
            return False
        if last not in self._last or last in self._common or run[1][0] - run[0][1] != 1:
            return False
        if self.org_follows(text, run[1][1]):
            return False
        head = text[max(0, run[0][0] - 16) : run[0][0]].rsplit(None, 1)
        return bool(head) and fold(head[-1]) in self._credit_cues

    def firm(self, words: list[str]) -> bool:
        # Surnames only: at least two known ones and no word that is only a first name.
        if any(w in self._first and w not in self._last for w in words):
            return False
        return sum(w in self._last for w in words) >= 2

    def _lower_follows(self, text: str, run: list[tuple[int, int, str]], j: int) -> bool:
        if j != len(run) or any(w in self._common for _, _, w in run):
            return False
        m = _NEXT_WORD.match(text, run[-1][1])
        return m is not None and m.group(1).islower() and m.group(1).isalpha()

    def _subject(self, text: str, end: int) -> bool:
        """True when the word ending at ``end`` is followed by a verb of a person's doing."""
        m = _NEXT_WORD.match(text, end)
        return m is not None and m.group(1).lower() in self._subject_verbs

    def _vouched(self, text: str, run: list[tuple[int, int, str]], i: int, j: int) -> bool:
        """A weak first name at a sentence start, in a person's context ("name? Sigurlaug")."""
        words = [w for _, _, w in run[i:j]]
        return self._context.name_words(text, words, run[i][0], run[j - 1][1])

    def lone_surname(self, text: str, token: tuple[int, int, str]) -> bool:
        """A known surname alone inside a sentence: "the Ruoho report", "a cover by Sedej".

        Not at a sentence start (where any word is capitalised), not when it is also an
        everyday word or first name (handled above), not hyphenated (firms: "Li-Powell"),
        not before a number (products) and not after "at" / "chez" (employers).
        """
        start, end, word = token
        if word not in self._last or word in self._common or word in self._first:
            return False
        if "-" in word or is_sentence_start(text, start) or _NUMBER_AFTER.match(text, end):
            return False
        if self.org_follows(text, end):
            return False
        prev = text[max(0, start - 6) : start].rsplit(None, 1)
        return not prev or fold(prev[-1]) not in self._w.employer_cues

    def org_follows(self, text: str, end: int) -> bool:
        return self._w.org_after.match(text, end) is not None
