"""Capitalised words in no dictionary, taken for a name when their context is a person's.

A name in no list ("Gelashvili", "Tamar Tsereteli") has no evidence but its letters
and its neighbours. Here the neighbours must say "person" first, the way people write
about people:

- the run is the subject of a verb of a person's doing ("Shovda lives...", "Mehrudin
  shouted") or spoken to ("Danial, can you...");
- it owns something ("Gelashvili's report", "Nino's kid");
- a role, kinship noun or title introduces it ("Producer X", "my kid X", "the assistant
  to X", "ms. X", "written by X Y");
- a greeting opens with it ("Hi Manlio,").

Then the character n-gram model (model.py) must find the words name-like, so that
"Kubernetes is down" or "Acme's revenue" stay: the model is asked only here.
"""

from __future__ import annotations

from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.person.limits import ContextLimits, Levels, words_before
from consentgate.redact.recognizers.person.model import NameLikeness
from consentgate.redact.recognizers.person.signals import (
    SPEAKER_END,
    PersonSignals,
)
from consentgate.redact.recognizers.person.words import PersonWords, is_sentence_start


class ContextJudge:
    """Decides how many words of a run of unknown capitalised words form a name."""

    def __init__(
        self,
        w: PersonWords,
        s: PersonSignals,
        lv: Levels,
        model: NameLikeness,
        known: frozenset[str],
        common: frozenset[str],
        strong: NameLikeness,
    ):
        self._w = w
        self._s = s
        self._lv = lv
        self._model = model
        # Asked only where a role, title or naming phrase already says "person": a model
        # that takes the words of other languages for names (see model.py).
        self._strong = strong
        self._known = known
        self._common = common
        self.limits = ContextLimits(w, s, lv)

    def likeness(self, words: list[str]) -> float:
        """Mean name-likeness of folded words; known names and initials count 1."""
        scores = [1.0 if w in self._known or len(w) == 1 else self._model.score(w) for w in words]
        return sum(scores) / len(scores)

    def reads_as_name(self, word: str, level: float) -> bool:
        """Whether the model alone (known or not) scores the folded ``word`` above ``level``."""
        return self._model.score(word) > level

    def kin_before(self, text: str, start: int) -> bool:
        """True when a kinship noun ("my kid", "ma fille") comes right before ``start``."""
        if start < 4 or text[start - 1] != " ":
            return False
        head = text[max(0, start - 16) : start - 1]
        return fold(head[head.rfind(" ") + 1 :]) in self._w.kin_nouns

    def strongly_personal(self, text: str, start: int, end: int) -> bool:
        """Whether only a person fits the word at ``start``..``end``, even an everyday one.

        "my kid Case", "Hunter shouted at Long", "… says Wood." (a quote's speaker),
        "starring Little", "ex-Zombie Key", "Summer is a very sympathetic person".
        """
        if self.kin_before(text, start) or self._s.strong_after.match(text, end):
            return True
        if self._s.a_person_after.match(text, end):
            return True
        last, prev = words_before(text, start)
        if (last in ("at", "to") and prev in self._s.gestures) or last in self._s.cast_credits:
            return True
        # "Why is Black so impulsive?": a trait said of people only.
        if last in self._w.copulas and self.limits.described(
            text, end, self._w.people_only_adjectives
        ):
            return True
        # "by ex-Zombie Key": a former member of a band is a person, whatever the word.
        if (
            last.startswith("ex-")
            and len(last) > 4
            and text[start - 1] == " "
            and self._s.ex_member_after.match(text, end) is not None
        ):
            return True
        return last in self._s.quote_verbs and SPEAKER_END.match(text, end) is not None

    def may_open(self, word: str) -> bool:
        """False when a folded word reads too much like an everyday word to open a name."""
        return (
            word in self._known
            or self._model.score(word) > self._lv.may_open
            or self._strong.score(word) > self._lv.may_open
        )

    def name_words(self, text: str, words: list[str], start: int, end: int) -> bool:
        """True when ``words`` (folded, the text's ``start``..``end``) are a person's name.

        The caller has checked that no word is an everyday word, title or suffix.
        """
        if not words or any(w in self._common or len(w) < 2 for w in words):
            return False
        score = self.likeness(words)
        if score <= self._lv.after_role:
            # Only a greeting and its comma take words this word-like ("Hi Quastrel,");
            # the comma, which every greeting rule needs, spares the look-up elsewhere.
            if (
                score > self._lv.after_greeting
                and text.startswith(",", end)
                and self.limits.limit(text, words, start, end) == self._lv.after_greeting
            ):
                return True
            if self._strongly_named(text, words, start, end):
                return True
            # No context but one accepts words that read as everyday words ("Had",
            # "Paid"): "X lives on Elm Street", "X habite à Lyon", where someone lives,
            # is a person's context strong enough for any word in no list ("Dexter").
            if score <= self._lv.living or not text.startswith(self._s.lives, end):
                return False
            lives = self._s.lives_at.match(text, end)
            return (
                lives is not None
                and text[lives.end() : lives.end() + 1].isalnum()
                and not text[lives.end()].islower()
            )
        limit = self.limits.limit(text, words, start, end)
        if limit is None:
            return self._uncued(text, words, start, end)
        return score > limit or self._passes_as_role(text, words, start, limit)

    def role_likeness(self, words: list[str]) -> float:
        """The higher of :meth:`likeness` and the mean under the model whose everyday words
        are English and French only: asked where the place of the words already says
        "person" (a role, a title, a block's head, a dialogue's speaker)."""
        scores = [1.0 if w in self._known else self._strong.score(w) for w in words]
        return max(sum(scores) / len(scores), self.likeness(words))

    def _strongly_named(self, text: str, words: list[str], start: int, end: int) -> bool:
        """:meth:`_passes_as_role` for words the main model reads strongly as words; the
        context is looked up only when the second model reads them otherwise."""
        if self.role_likeness(words) <= self._lv.after_role:
            return False
        return self._passes_as_role(text, words, start, self.limits.limit(text, words, start, end))

    def _passes_as_role(self, text: str, words: list[str], start: int, limit: float | None) -> bool:
        """Whether words fill a person's context (a role, title, naming phrase or verb:
        "Producer Esat Jeknić") under the second model, which is not asked after a credit."""
        return (
            limit is not None
            and limit <= self._lv.after_verb
            and self.role_likeness(words) > limit
            and not self._after_credit(text, start)
        )

    def _after_credit(self, text: str, start: int) -> bool:
        # Works credit technologies and brands too ("featuring Dolby Atmos"): there the
        # words must read as a name under the main model.
        return (
            start > 0 and text[start - 1] == " " and words_before(text, start)[0] in self._s.credits
        )

    def people_after(self, text: str, end: int) -> bool:
        """True when the list ending at ``end`` is said to be people: "A and B were
        precision engineers", "A et B sont avocats"."""
        m = self._s.plural_role_after.match(text, end)
        return m is not None and self.limits.role_in(m.group(1))

    def _uncued(self, text: str, words: list[str], start: int, end: int) -> bool:
        """Two words or more inside a sentence that both read clearly as a name.

        With no cue at all, only a full name whose every word the model finds name-like
        ("heard Nijito Asano speak"); at a sentence start any phrase is capitalised.
        """
        if len(words) < 2 or is_sentence_start(text, start):
            return False
        # Firms are named after people: "chez Dupuis Dupont", "Pichon Lefebvre et Fils".
        if words_before(text, start)[0] in self._w.employer_cues or self._w.org_after.match(
            text, end
        ):
            return False
        scores = [1.0 if w in self._known else self._model.score(w) for w in words]
        return (
            min(scores) > self._lv.uncued_each and sum(scores) / len(scores) > self._lv.uncued_mean
        )
