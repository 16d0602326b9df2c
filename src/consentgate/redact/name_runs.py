"""How a run of capitalised words becomes a name: the rules of the dictionary recogniser.

A run ("Dr. Gregory House", "Producer Liviana Palerma") is read word by word: a title
and what follows, an initial and a surname, a known first name and the words that may
extend it, a name in no list with a middle initial, a lone known surname inside a
sentence, or unknown words in a person's context (name_context). The recogniser
(names.py) groups the runs and applies these rules; they live here to keep each module
short.
"""

from __future__ import annotations

import re

from consentgate.redact.lexicon import UPPER, fold
from consentgate.redact.name_context import ContextJudge
from consentgate.redact.name_roles import QUESTION_AUX, ROLE_NOUNS, SUBJECT_VERBS
from consentgate.redact.name_signals import SAID_TO, greeted_or_asked
from consentgate.redact.name_words import (
    ACRONYMS,
    EMPLOYER_CUES,
    GREETINGS,
    NAME_CUES,
    NAME_LABEL_ABOVE,
    NAME_TO_CUES,
    NAMING_CUES,
    NEVER_ALONE,
    ORG_AFTER,
    ORG_SUFFIXES,
    PERSON_VERBS,
    TITLES,
    WORD_GIVEN_NAMES,
    is_initial,
    is_sentence_start,
    name_asked,
    named_before,
)
from consentgate.redact.results import RecognizerResult

_SUBJECT = PERSON_VERBS | SUBJECT_VERBS
_CREDIT_CUES = frozenset("by with featuring starring feat. ft. avec par".split())
_ELISIONS = ("i'", "l'", "j'", "c'", "n'", "s'", "qu'", "m'", "t'")
_NUMBER_AFTER = re.compile(r" \d")
_SENTENCE_END = re.compile(r"[.!?\n]|$")
# Likeness above which an unknown surname after a first name of one locale vouches for
# the pair at a sentence start (the uncued mean of name_context).
_CLEAR_SURNAME = 1.0
_NEXT_WORD = re.compile(r",? (\w+)")
Run = list[tuple[int, int, str]]


# Where someone lives, a street or a number after: "Hope lives on Via Tasso 9" (not "in
# Boston": "Hope lives in Boston" is as often the feeling).
_EVERYDAY_NAME_AFTER = re.compile(rf" (?:lives|lived) (?:on|at) [{UPPER}0-9]")


def _after_particle(run: Run, k: int) -> bool:
    """True when a particle ("ten", "van der", "de") joins word ``k`` to the one before."""
    return k > 0 and run[k][0] - run[k - 1][1] > 2


def _core(text: str, run: Run, i: int, j: int) -> list[str]:
    """The words of ``run[i:j]`` that no particle introduces: those the name is judged on."""
    if j - i == 1 or text.count(" ", run[i][0], run[j - 1][1]) < j - i:
        return [w for _, _, w in run[i:j]]  # one space between each: the usual case
    return [run[k][2] for k in range(i, j) if k == i or not _after_particle(run, k)]


class NameRunRules:
    """The rules for one run; the recogniser sets the word lists and the context judge."""

    _first: frozenset[str]
    _attested: frozenset[str]
    _last: frozenset[str]
    _common: frozenset[str]
    _common_or_aux: frozenset[str]
    _context: ContextJudge

    def _is_first(self, word: str) -> bool:
        if word in self._first:
            return True
        # Compound French first names: "Jean-Baptiste", "Marie-Ève".
        parts = word.split("-")
        return len(parts) == 2 and parts[0] in self._first and len(parts[1]) > 1

    def _judge_run(
        self, text: str, run: list[tuple[int, int, str]], out: list[RecognizerResult]
    ) -> None:
        n = len(run)
        i = 0
        while i < n:
            start, _, word = run[i]
            if i == 0 and n > 1 and word in self._common_or_aux:
                # "Will Smith", "Pat Maury", "Elle Akar": given names that no name list
                # holds, being words, before a known surname (not "Will Smith come?").
                if n == 2 and word in WORD_GIVEN_NAMES and self._word_named_pair(text, run):
                    out.append(self._result(run, 0, 2, 0.6))
                    break
                if word in QUESTION_AUX and is_sentence_start(text, start):
                    i = 1  # "Can Nodar call me?", "Does Aino know?": "Can" is no first name
                    continue
                # "by Elle Sandström", "avec Rose Dupuis": after a credit or "with", an
                # everyday word before a known surname is the first name.
                if n == 2 and word in self._common and self._credited_pair(text, run):
                    out.append(self._result(run, 0, 2, 0.6))
                    break
            bare = word.rstrip(".")
            # Title + following words: "Mme Dupont", "Dr. Gregory House".
            if bare in TITLES and i + 1 < n and not run[i + 1][2].endswith("."):
                j = self._extend(run, i + 1, limit=3)
                if j == i + 1 and self._given_word_before_surname(run, i + 1):
                    # "Dr. Pat Udinese", "Mr. Grace Lukács": after a title a first name
                    # that is also a word opens the name when a surname follows.
                    j = self._extend(run, i + 2, limit=2)
                    j = j if j > i + 2 else i + 1
                if j > i + 1:
                    out.append(self._result(run, i + 1, j, 0.85))
                i = j
                continue
            # An initial then a surname: "J. Smith".
            if (
                i + 1 < n
                and is_initial(word)
                and (run[i + 1][2] in self._last or run[i + 1][2] not in self._common)
            ):
                j = self._extend(run, i + 1, limit=2)
                if j > i + 1:
                    out.append(self._result(run, i, j, 0.7))
                    i = j
                    continue
            surface = text[start : run[i][1]]
            shouting = surface.isupper() and len(surface) > 1
            # Words in capitals are acronyms ("IBAN", "NINO") unless a first name follows a
            # capitalised surname, the French administrative style "DUPONT Jean".
            caps_surname = (
                shouting
                and (word in self._last or (word not in self._common and word not in ACRONYMS))
                and i + 1 < n
                and self._is_first(run[i + 1][2])
                and not text[run[i + 1][0] : run[i + 1][1]].isupper()
            )
            if caps_surname or (not shouting and self._is_first(word)):
                j = self._extend(run, i + 1, limit=3, text=None if caps_surname else text)
                if j == i + 1 < n and word in self._common:
                    i = j  # "Summer Camp", "Grace Period": an everyday word opens a phrase
                    continue
                if j < n and run[j][2] in ORG_SUFFIXES or self._org_follows(text, run[j - 1][1]):
                    i = j
                    continue
                score = self._score(text, run, i, j)
                if score is not None:
                    out.append(self._result(run, i, j, score))
                i = j
                continue
            # First name, middle initial, surname: "Soib K. Kishiev", "Maja S Hermansen".
            # The shape is a person's name even when the first name is in no dictionary.
            if (
                i + 2 < n
                and not shouting
                and is_initial(run[i + 1][2])
                and self._plain_unknown(word)
                and not is_initial(run[i + 2][2])
                and run[i + 2][2] not in self._common
            ):
                j = self._extend(run, i + 1, limit=2, text=text)
                out.append(self._result(run, i, j, 0.7))
                i = j
                continue
            if n == 1 and not shouting and self._lone_surname(text, run[0]):
                out.append(self._result(run, 0, 1, 0.5))
                break
            if not shouting and self._plain_unknown(word):
                j = self._unknown_name(text, run) if i == 0 else 0
                # Inside a run only an everyday word or role noun opens a context:
                # "Producer X", "Hi X".
                if not j and (
                    i == 0
                    or run[i - 1][2] in ROLE_NOUNS
                    or run[i - 1][2] in self._common
                    or (i == 1 and run[0][2] in QUESTION_AUX)
                ):
                    j = self._in_context(text, run, i)
                if j:
                    out.append(self._result(run, i, j, 0.5))
                    i = j
                    continue
            i += 1

    def _in_context(self, text: str, run: list[tuple[int, int, str]], i: int) -> int:
        """End of the name opening at word ``i`` when its context is a person's (0: none)."""
        # Most such runs open with an everyday word no list holds ("Séminaire Initech"):
        # the first word's (memoised) likeness rejects them before any other work.
        if not self._context.may_open(run[i][2]):
            return 0
        j = self._extend(run, i + 1, limit=2, text=text)
        if j < len(run) and run[j][2] in ORG_SUFFIXES:
            return 0
        words = [run[i][2]] if j == i + 1 else _core(text, run, i, j)
        if any(is_initial(w) or not self._plain_unknown(w) for w in (words[0], words[-1])):
            return 0
        # "Producer X": the role noun is the cue, not a word of the name;
        # "I'm X", "L'équipe": a contraction or elision, never a name.
        if words[0] in ROLE_NOUNS or words[0].startswith(_ELISIONS):
            return 0
        return j if self._context.name_words(text, words, run[i][0], run[j - 1][1]) else 0

    def _plain_unknown(self, word: str) -> bool:
        return (
            word not in self._common
            and word not in ORG_SUFFIXES
            and word not in TITLES
            and not word.endswith(".")
        )

    def _unknown_name(self, text: str, run: list[tuple[int, int, str]]) -> int:
        """Words in no dictionary, taken as a name only when the words before say so.

        "Great meeting Ritva Nieminen", "merci à Mugur Tabacu", "My name is Siiri": the
        cue is a greeting, thanks or "with" before two unknown capitalised words, or
        "name is" before one. Returns how many words of the run form the name (0: none).
        """
        head = text[max(0, run[0][0] - 24) : run[0][0]]
        newline = head.rfind("\n")
        if newline >= 0:
            if head[newline + 1 :].strip(" \t>|•·?"):
                head = head[newline + 1 :]  # the cue is on the name's own line
            elif not NAME_LABEL_ABOVE.search(head, 0, newline):
                return 0  # "call me\nUpdate: done": only a "Name:" label names the next line
        words = head.rsplit(None, 2)[-2:]
        if not words:
            return 0
        words = [fold(w).strip(",:;!?") for w in words]
        before = words[-1]
        two = " ".join(words)
        # (The text lets a surname after a particle be a word: "Name: Willemine ten Pas".)
        if two in NAMING_CUES or before in NAMING_CUES or name_asked(text, run[0][0]):
            return 1 if len(run) == 1 else self._extend(run, 1, limit=2, text=text)
        if (before not in NAME_CUES and two not in NAME_TO_CUES) or len(run) < 2:
            return 0
        j = self._extend(run, 1, limit=2, text=text)
        if j < 2 or not all(self._plain_unknown(w) for _, _, w in run[:j]):
            return 0
        if j < len(run) and run[j][2] in ORG_SUFFIXES:
            return 0
        return j

    def _extend(
        self, run: list[tuple[int, int, str]], j: int, limit: int, text: str | None = None
    ) -> int:
        # Take up to ``limit`` more words that can belong to a name (initials included).
        end = j
        while end < len(run) and end - j < limit:
            start_w, end_w, word = run[end]
            # An initial inside a name is a middle initial, even "M" (a French title).
            if is_initial(word):
                end += 1
                continue
            if word in ORG_SUFFIXES or word in TITLES and not word.endswith("."):
                break
            # "My SSN", "Camille IBAN": an acronym after a name is not its surname.
            if text is not None and end_w - start_w > 1 and text[start_w:end_w].isupper():
                if word not in self._last:
                    break
            if word in self._last or self._is_first(word) or word not in self._common:
                end += 1
                continue
            # After a particle any capitalised word is a surname: "Willemine ten Pas",
            # "Jan van Dam" ("pas", "dam" are also words).
            if text is not None and _after_particle(run, end):
                end += 1
                continue
            break
        # A trailing initial ("Smith J.") is usually the start of the next sentence.
        while end > j and run[end - 1][2].endswith(".") and end == len(run):
            end -= 1
        return end

    def _score(self, text: str, run: list[tuple[int, int, str]], i: int, j: int) -> float | None:
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
                if first not in NEVER_ALONE and words[-1] not in self._common:
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
                    self._context.likeness(words[1:]) > _CLEAR_SURNAME
                    and self._context.reads_as_name(first, 0.0)
                )
            ):
                return None
            if first in NEVER_ALONE or any(w in self._common for w in words[1:]):
                return None
            return 0.7 if first not in self._common else 0.5
        if self._context.kin_before(text, start):
            return 0.6  # "my kid Florence", "ma fille Rose": kinship names a person
        if first in NEVER_ALONE or _NUMBER_AFTER.match(text, run[i][1]):
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
            if named_before(text, start, end) or _EVERYDAY_NAME_AFTER.match(text, end):
                return 0.5
            if greeted_or_asked(text, start, end):
                return 0.5
            if self._context.strongly_personal(text, start, end):
                return 0.5
            if text.endswith("said ", 0, start) and text.startswith(" to ", end):
                return 0.5  # "said Mark to Baker": a dialogue tag names both
            if SAID_TO.search(text, max(0, start - 40), start):
                return 0.5
            prev = re.search(r"(\w+)\W*$", text[max(0, start - 20) : start])
            return 0.6 if prev is not None and fold(prev.group(1)) in GREETINGS else None
        if is_sentence_start(text, start) and first in self._last and first not in self._first:
            return None
        return 0.6

    def _word_named_pair(self, text: str, run: Run) -> bool:
        last = run[1][2]
        if last not in self._last or last in self._common or run[1][0] - run[0][1] != 1:
            return False
        if self._org_follows(text, run[1][1]):
            return False
        if run[0][2] in QUESTION_AUX and is_sentence_start(text, run[0][0]):
            # "Will Kowalski come?": the modal asks; "Will Kowalski lives at" names.
            stop = _SENTENCE_END.search(text, run[1][1])
            return stop is not None and stop.group() != "?"
        return True

    def _given_word_before_surname(self, run: Run, k: int) -> bool:
        """Whether run[k] is a first name that is also a word, before a surname-like word."""
        word = run[k][2]
        if not (word in WORD_GIVEN_NAMES or word in self._first) or k + 1 >= len(run):
            return False
        nxt = run[k + 1][2]
        return nxt in self._last or (nxt not in self._common and not is_initial(nxt))

    def _credited_pair(self, text: str, run: Run) -> bool:
        first, last = run[0][2], run[1][2]
        if first not in self._common or first in TITLES or first in NEVER_ALONE:
            return False
        if last not in self._last or last in self._common or run[1][0] - run[0][1] != 1:
            return False
        if self._org_follows(text, run[1][1]):
            return False
        head = text[max(0, run[0][0] - 16) : run[0][0]].rsplit(None, 1)
        return bool(head) and fold(head[-1]) in _CREDIT_CUES

    def _firm(self, words: list[str]) -> bool:
        # Surnames only: at least two known ones and no word that is only a first name.
        if any(w in self._first and w not in self._last for w in words):
            return False
        return sum(w in self._last for w in words) >= 2

    def _lower_follows(self, text: str, run: list[tuple[int, int, str]], j: int) -> bool:
        if j != len(run) or any(w in self._common for _, _, w in run):
            return False
        m = _NEXT_WORD.match(text, run[-1][1])
        return m is not None and m.group(1).islower() and m.group(1).isalpha()

    @staticmethod
    def _subject(text: str, end: int) -> bool:
        """True when the word ending at ``end`` is followed by a verb of a person's doing."""
        m = _NEXT_WORD.match(text, end)
        return m is not None and m.group(1).lower() in _SUBJECT

    def _vouched(self, text: str, run: list[tuple[int, int, str]], i: int, j: int) -> bool:
        """A weak first name at a sentence start, in a person's context ("name? Sigurlaug")."""
        words = [w for _, _, w in run[i:j]]
        return self._context.name_words(text, words, run[i][0], run[j - 1][1])

    def _lone_surname(self, text: str, token: tuple[int, int, str]) -> bool:
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
        if self._org_follows(text, end):
            return False
        prev = text[max(0, start - 6) : start].rsplit(None, 1)
        return not prev or fold(prev[-1]) not in EMPLOYER_CUES

    @staticmethod
    def _org_follows(text: str, end: int) -> bool:
        return ORG_AFTER.match(text, end) is not None

    @staticmethod
    def _result(run: list[tuple[int, int, str]], i: int, j: int, score: float) -> RecognizerResult:
        return RecognizerResult(run[i][0], run[j - 1][1], "PERSON", score, "person_dictionary")
