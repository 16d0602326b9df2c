"""How a run of capitalised words becomes a name: the rules of the dictionary recogniser.

A run ("Dr. Gregory House", "Producer Liviana Palerma") is read word by word: a title
and what follows, an initial and a surname, a known first name and the words that may
extend it, a name in no list with a middle initial, a lone known surname inside a
sentence, or unknown words in a person's context (context.py). The finder (finder.py)
groups the runs and applies these rules; scores.py weighs what they find.
"""

from __future__ import annotations

from consentgate.redact.engine.results import RecognizerResult
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.person.context import ContextJudge
from consentgate.redact.recognizers.person.scores import Run, RunScorer, _after_particle, _core
from consentgate.redact.recognizers.person.signals import PersonSignals
from consentgate.redact.recognizers.person.words import (
    NameLists,
    PersonWords,
    is_initial,
    is_sentence_start,
    name_asked,
)


class RunRules:
    """The rules for one run of capitalised words."""

    def __init__(
        self, w: PersonWords, s: PersonSignals, names: NameLists, context: ContextJudge
    ) -> None:
        self._w = w
        self._first = names.first
        self._last = names.last
        self._common = names.common
        self._common_or_aux = names.common | w.question_aux
        self._context = context
        self._elisions = w.lex.ordered("person.elisions")
        self.scores = RunScorer(w, s, names, context)

    def is_first(self, word: str) -> bool:
        if word in self._first:
            return True
        # Compound French first names: "Jean-Baptiste", "Marie-Ève".
        parts = word.split("-")
        return len(parts) == 2 and parts[0] in self._first and len(parts[1]) > 1

    def judge_run(self, text: str, run: Run, out: list[RecognizerResult]) -> None:
        """Append to ``out`` the names that the run of capitalised words holds."""
        n = len(run)
        i = 0
        while i < n:
            if i == 0 and n > 1 and run[0][2] in self._common_or_aux:
                opened = self._opening_word(text, run, out)
                if opened < 0:
                    break
                if opened == 1:
                    i = 1  # "Can Nodar call me?", "Does Aino know?": "Can" is no first name
                    continue
            i = self._titled(text, run, i, out)
            if i < 0:
                break

    def _opening_word(self, text: str, run: Run, out: list[RecognizerResult]) -> int:
        """A run opening with an everyday word or auxiliary: -1 when a name was found,
        1 when the word is an auxiliary asking a question, 0 to read the run as usual."""
        n = len(run)
        start, _, word = run[0]
        # "Will Smith", "Pat Maury", "Elle Akar": given names that no name list holds,
        # being words, before a known surname (not "Will Smith come?").
        if n == 2 and word in self._w.word_given_names and self.scores.word_named_pair(text, run):
            out.append(self.result(run, 0, 2, 0.6))
            return -1
        if word in self._w.question_aux and is_sentence_start(text, start):
            return 1
        # "by Elle Sandström", "avec Rose Dupuis": after a credit or "with", an everyday
        # word before a known surname is the first name.
        if n == 2 and word in self._common and self.scores.credited_pair(text, run):
            out.append(self.result(run, 0, 2, 0.6))
            return -1
        return 0

    def _titled(self, text: str, run: Run, i: int, out: list[RecognizerResult]) -> int:
        """The rules for word ``i``, a title first; the next word to read (-1: stop)."""
        n = len(run)
        word = run[i][2]
        # Title + following words: "Mme Dupont", "Dr. Gregory House".
        if word.rstrip(".") in self._w.titles and i + 1 < n and not run[i + 1][2].endswith("."):
            j = self.extend(run, i + 1, limit=3)
            if j == i + 1 and self.scores.given_word_before_surname(run, i + 1):
                # "Dr. Pat Udinese", "Mr. Grace Lukács": after a title a first name
                # that is also a word opens the name when a surname follows.
                j = self.extend(run, i + 2, limit=2)
                j = j if j > i + 2 else i + 1
            if j > i + 1:
                out.append(self.result(run, i + 1, j, 0.85))
            return j
        # An initial then a surname: "J. Smith".
        if (
            i + 1 < n
            and is_initial(word)
            and (run[i + 1][2] in self._last or run[i + 1][2] not in self._common)
        ):
            j = self.extend(run, i + 1, limit=2)
            if j > i + 1:
                out.append(self.result(run, i, j, 0.7))
                return j
        return self._named(text, run, i, out)

    def _named(self, text: str, run: Run, i: int, out: list[RecognizerResult]) -> int:
        """A known first name, a capitalised surname and its first name, or a name in no
        list (its shape or its context); the next word to read (-1: stop)."""
        n = len(run)
        start, _, word = run[i]
        surface = text[start : run[i][1]]
        shouting = surface.isupper() and len(surface) > 1
        # Words in capitals are acronyms ("IBAN", "NINO") unless a first name follows a
        # capitalised surname, the French administrative style "DUPONT Jean".
        caps_surname = (
            shouting
            and (word in self._last or (word not in self._common and word not in self._w.acronyms))
            and i + 1 < n
            and self.is_first(run[i + 1][2])
            and not text[run[i + 1][0] : run[i + 1][1]].isupper()
        )
        if caps_surname or (not shouting and self.is_first(word)):
            j = self.extend(run, i + 1, limit=3, text=None if caps_surname else text)
            if j == i + 1 < n and word in self._common:
                return j  # "Summer Camp", "Grace Period": an everyday word opens a phrase
            if (
                j < n
                and run[j][2] in self._w.org_suffixes
                or self.scores.org_follows(text, run[j - 1][1])
            ):
                return j
            score = self.scores.score(text, run, i, j)
            if score is not None:
                out.append(self.result(run, i, j, score))
            return j
        if shouting:
            return i + 1
        # First name, middle initial, surname: "Soib K. Kishiev", "Maja S Hermansen".
        # The shape is a person's name even when the first name is in no dictionary.
        if (
            i + 2 < n
            and is_initial(run[i + 1][2])
            and self.plain_unknown(word)
            and not is_initial(run[i + 2][2])
            and run[i + 2][2] not in self._common
        ):
            j = self.extend(run, i + 1, limit=2, text=text)
            out.append(self.result(run, i, j, 0.7))
            return j
        if n == 1 and self.scores.lone_surname(text, run[0]):
            out.append(self.result(run, 0, 1, 0.5))
            return -1
        if self.plain_unknown(word):
            j = self.unknown_name(text, run) if i == 0 else 0
            # Inside a run only an everyday word or role noun opens a context:
            # "Producer X", "Hi X".
            if not j and (
                i == 0
                or run[i - 1][2] in self._w.role_nouns
                or run[i - 1][2] in self._common
                or (i == 1 and run[0][2] in self._w.question_aux)
            ):
                j = self._in_context(text, run, i)
            if j:
                out.append(self.result(run, i, j, 0.5))
                return j
        return i + 1

    def _in_context(self, text: str, run: list[tuple[int, int, str]], i: int) -> int:
        """End of the name opening at word ``i`` when its context is a person's (0: none)."""
        # Most such runs open with an everyday word no list holds ("Séminaire Initech"):
        # the first word's (memoised) likeness rejects them before any other work.
        if not self._context.may_open(run[i][2]):
            return 0
        j = self.extend(run, i + 1, limit=2, text=text)
        if j < len(run) and run[j][2] in self._w.org_suffixes:
            return 0
        words = [run[i][2]] if j == i + 1 else _core(text, run, i, j)
        if any(is_initial(w) or not self.plain_unknown(w) for w in (words[0], words[-1])):
            return 0
        # "Producer X": the role noun is the cue, not a word of the name;
        # "I'm X", "L'équipe": a contraction or elision, never a name.
        if words[0] in self._w.role_nouns or words[0].startswith(self._elisions):
            return 0
        return j if self._context.name_words(text, words, run[i][0], run[j - 1][1]) else 0

    def plain_unknown(self, word: str) -> bool:
        return (
            word not in self._common
            and word not in self._w.org_suffixes
            and word not in self._w.titles
            and not word.endswith(".")
        )

    def unknown_name(self, text: str, run: list[tuple[int, int, str]]) -> int:
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
            elif not self._w.name_label_above.search(head, 0, newline):
                return 0  # "call me\nUpdate: done": only a "Name:" label names the next line
        words = head.rsplit(None, 2)[-2:]
        if not words:
            return 0
        words = [fold(w).strip(",:;!?") for w in words]
        before = words[-1]
        two = " ".join(words)
        # (The text lets a surname after a particle be a word: "Name: Willemine ten Pas".)
        if (
            two in self._w.naming_cues
            or before in self._w.naming_cues
            or name_asked(self._w, text, run[0][0])
        ):
            return 1 if len(run) == 1 else self.extend(run, 1, limit=2, text=text)
        if (before not in self._w.name_cues and two not in self._w.name_to_cues) or len(run) < 2:
            return 0
        j = self.extend(run, 1, limit=2, text=text)
        if j < 2 or not all(self.plain_unknown(w) for _, _, w in run[:j]):
            return 0
        if j < len(run) and run[j][2] in self._w.org_suffixes:
            return 0
        return j

    def extend(
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
            if word in self._w.org_suffixes or word in self._w.titles and not word.endswith("."):
                break
            # "My SSN", "Camille IBAN": an acronym after a name is not its surname.
            if text is not None and end_w - start_w > 1 and text[start_w:end_w].isupper():
                if word not in self._last:
                    break
            if word in self._last or self.is_first(word) or word not in self._common:
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

    @staticmethod
    def result(run: Run, i: int, j: int, score: float) -> RecognizerResult:
        """The name ``run[i:j]`` as a result of the dictionary recogniser."""
        return RecognizerResult(run[i][0], run[j - 1][1], "PERSON", score, "person_dictionary")
