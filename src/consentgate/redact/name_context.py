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

Then the character n-gram model (name_model) must find the words name-like, so that
"Kubernetes is down" or "Acme's revenue" stay: the model is asked only here.
"""

from __future__ import annotations

from consentgate.redact.lexicon import fold
from consentgate.redact.name_model import NameLikeness
from consentgate.redact.name_roles import (
    INTENSIFIERS,
    KIN_NOUNS,
    OBJECT_VERBS,
    PEOPLE_ONLY_ADJECTIVES,
    PERSON_ADJECTIVES,
    PERSON_DOINGS,
    PERSON_ROLES,
    PERSONAL_BELONGINGS,
    QUESTION_AUX,
    ROLE_FILLERS,
    ROLE_NOUNS,
    SIGN_OFFS,
    STATES,
    STRONG_VERBS,
    SUBJECT_VERBS,
    WORK_NOUNS,
    job_roles,
)
from consentgate.redact.name_signals import (
    A_PERSON_AFTER,
    AFTER,
    ARTICLES,
    AUXILIARIES,
    CAST_CREDITS,
    CREDITS,
    DESCRIBED,
    EX_MEMBER_AFTER,
    FROM_FIRM,
    FROM_NAMED_FIRM,
    GESTURES,
    GIVING,
    HELD_UNDER,
    HIS_AFTER,
    HIS_NOT_OWN,
    LINKS,
    LIVES,
    LIVES_AT,
    NAME_WORD,
    OWNED,
    OWNERS,
    PASSIVE,
    PERSON_AFTER,
    PLURAL_ROLE_AFTER,
    QUOTE_VERBS,
    ROLE_AFTER,
    SAID_TO,
    SPEAKER_END,
    STRONG_AFTER,
    THEIR,
    VOCATIVE,
)
from consentgate.redact.name_words import (
    EMPLOYER_CUES,
    ORG_AFTER,
    SALUTATIONS,
    is_sentence_start,
)

# Mean name-likeness the words must reach: with a weak cue (a verb after them) the
# model must lean to "name"; after a role noun or title it need only not say "word".
# The levels were lowered from 0.0 / -0.4 once measured on names the model never saw
# (benchmarks/pii_probe.py unknown-names and moved-names: PERSON +0.014 and +0.003,
# precision unchanged on every corpus; after a verb -0.4 or -0.6 cost own-test
# precision): held-out names score lower than the training names the levels were set on.
_AFTER_VERB = -0.3
# Firms own things as often as people ("Zalando's results"): the model must lean to "name".
_AFTER_POSSESSIVE = 0.0
_AFTER_AUXILIARY = 0.5
_AFTER_ROLE = -1.0
_AFTER_GREETING = -1.5
_LIVING = -2.0
_NEVER = float("inf")
# Below this a word cannot open a name whatever follows (a pre-filter: the decision is
# the mean over the name's words, and a known surname after it counts 1). From -0.8:
# held-out first names read more like words than the training names ("Estra" -0.84).
_MAY_OPEN = -1.2
# With no cue: every word and their mean must read clearly as a name.
_UNCUED_EACH = 0.3
_UNCUED_MEAN = 0.8


class ContextJudge:
    """Decides how many words of a run of unknown capitalised words form a name."""

    def __init__(
        self,
        model: NameLikeness,
        known: frozenset[str],
        common: frozenset[str],
        strong: NameLikeness | None = None,
    ):
        self._model = model
        # Asked only where a role, title or naming phrase already says "person": a model
        # that takes the words of other languages for names (see name_model).
        self._strong = strong or model
        self._known = known
        self._common = common
        self._roles = PERSON_ROLES | job_roles()
        # Every word before a name that some rule of _limit_before reads.
        # (self._roles holds ROLE_NOUNS: PERSON_ROLES is built on them.)
        self._cues = (
            self._roles | LINKS | CREDITS | SALUTATIONS | OBJECT_VERBS | GIVING | SIGN_OFFS
        ) | {"at", "to", "you", "under"}

    def likeness(self, words: list[str]) -> float:
        """Mean name-likeness of folded words; known names and initials count 1."""
        scores = [1.0 if w in self._known or len(w) == 1 else self._model.score(w) for w in words]
        return sum(scores) / len(scores)

    def reads_as_name(self, word: str, level: float) -> bool:
        """Whether the model alone (known or not) scores the folded ``word`` above ``level``."""
        return self._model.score(word) > level

    def _before(self, text: str, start: int) -> tuple[str, str]:
        """The two folded words before ``start`` (empty strings where there are none)."""
        # Two words split off a short slice, folded only when not plain ASCII: this runs
        # for every unknown capitalised word, and fold() on the slice cost twice as much.
        head = text[max(0, start - 30) : start].rsplit(None, 2)
        if not head:
            return "", ""
        last = head[-1].lower().rstrip(",:;?!")
        prev = head[-2].lower().rstrip(",:;?!") if len(head) > 1 else ""
        if not (last + prev).isascii():
            last, prev = fold(last), fold(prev)
        return last, prev

    def kin_before(self, text: str, start: int) -> bool:
        """True when a kinship noun ("my kid", "ma fille") comes right before ``start``."""
        if start < 4 or text[start - 1] != " ":
            return False
        head = text[max(0, start - 16) : start - 1]
        return fold(head[head.rfind(" ") + 1 :]) in KIN_NOUNS

    def strongly_personal(self, text: str, start: int, end: int) -> bool:
        """Whether only a person fits the word at ``start``..``end``, even an everyday one.

        "my kid Case", "Hunter shouted at Long", "… says Wood." (a quote's speaker),
        "starring Little", "ex-Zombie Key", "Summer is a very sympathetic person".
        """
        if self.kin_before(text, start) or STRONG_AFTER.match(text, end):
            return True
        if A_PERSON_AFTER.match(text, end):
            return True
        last, prev = self._before(text, start)
        if (last in ("at", "to") and prev in GESTURES) or last in CAST_CREDITS:
            return True
        # "Why is Black so impulsive?": a trait said of people only.
        if last in ("is", "was") and self._described(text, end, PEOPLE_ONLY_ADJECTIVES):
            return True
        # "by ex-Zombie Key": a former member of a band is a person, whatever the word.
        if (
            last.startswith("ex-")
            and len(last) > 4
            and text[start - 1] == " "
            and EX_MEMBER_AFTER.match(text, end) is not None
        ):
            return True
        return last in QUOTE_VERBS and SPEAKER_END.match(text, end) is not None

    def may_open(self, word: str) -> bool:
        """False when a folded word reads too much like an everyday word to open a name."""
        return (
            word in self._known
            or self._model.score(word) > _MAY_OPEN
            or self._strong.score(word) > _MAY_OPEN
        )

    def name_words(self, text: str, words: list[str], start: int, end: int) -> bool:
        """True when ``words`` (folded, the text's ``start``..``end``) are a person's name.

        The caller has checked that no word is an everyday word, title or suffix.
        """
        if not words or any(w in self._common or len(w) < 2 for w in words):
            return False
        score = self.likeness(words)
        if score <= _AFTER_ROLE:
            # Only a greeting and its comma take words this word-like ("Hi Quastrel,");
            # the comma, which every greeting rule needs, spares the look-up elsewhere.
            if (
                score > _AFTER_GREETING
                and text.startswith(",", end)
                and self._limit(text, words, start, end) == _AFTER_GREETING
            ):
                return True
            if self._strongly_named(text, words, start, end):
                return True
            # No context but one accepts words that read as everyday words ("Had",
            # "Paid"): "X lives on Elm Street", "X habite à Lyon", where someone lives,
            # is a person's context strong enough for any word in no list ("Dexter").
            if score <= _LIVING or not text.startswith(LIVES, end):
                return False
            lives = LIVES_AT.match(text, end)
            return (
                lives is not None
                and text[lives.end() : lives.end() + 1].isalnum()
                and not text[lives.end()].islower()
            )
        limit = self._limit(text, words, start, end)
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
        if self.role_likeness(words) <= _AFTER_ROLE:
            return False
        return self._passes_as_role(text, words, start, self._limit(text, words, start, end))

    def _passes_as_role(self, text: str, words: list[str], start: int, limit: float | None) -> bool:
        """Whether words fill a person's context (a role, title, naming phrase or verb:
        "Producer Esat Jeknić") under the second model, which is not asked after a credit."""
        return (
            limit is not None
            and limit <= _AFTER_VERB
            and self.role_likeness(words) > limit
            and not self._after_credit(text, start)
        )

    def _after_credit(self, text: str, start: int) -> bool:
        # Works credit technologies and brands too ("featuring Dolby Atmos"): there the
        # words must read as a name under the main model.
        return start > 0 and text[start - 1] == " " and self._before(text, start)[0] in CREDITS

    def _limit(self, text: str, words: list[str], start: int, end: int) -> float | None:
        """The likeness the words must pass in their context; None where there is none."""
        # Words before count only when a space separates them: not across a line break
        # or an opening quote, and it spares the look-up for a text's first word.
        spaced = start > 0 and text[start - 1] == " "
        last, prev = self._before(text, start) if spaced else ("", "")
        last = last.rstrip(".")
        # One look-up rules out the cues before the name for most words.
        if last in self._cues or last.startswith("ex-"):
            limit = self._limit_before(words, text, start, end, last, prev)
            if limit is not None:
                return limit
        elif not spaced and start > 2 and text[start - 1] == "\n" and self._signed(text, start):
            return _AFTER_ROLE  # "Best regards,\nX", "Cordialement,\nX": a letter is signed
        # Called out at the end of a sentence: "Don't go to town, Zurab!".
        if text.startswith(", ", start - 2) and text.startswith(("!", "?"), end):
            return _AFTER_VERB
        if self._person_after(text, end, last):
            return _AFTER_ROLE
        if len(words) > 1 and FROM_FIRM.match(text, end):
            return _AFTER_VERB
        # "X is from Civic Impulse LLC": one word too, when the firm says it is one.
        if FROM_NAMED_FIRM.match(text, end):
            return _AFTER_VERB
        m = AFTER.match(text, end)
        if m is None:
            return None
        verb = m.group(1)
        if verb is None:  # a possessive "'s"
            # "Lācis's daughter", "Nascimento's wedding": what only people have.
            owned = OWNED.match(text, m.end())
            if owned is not None and fold(owned.group(1)) in PERSONAL_BELONGINGS:
                return _AFTER_ROLE
            return _AFTER_POSSESSIVE
        verb = verb.lower()
        # "X listed his top 20 songs", "X had given James his address": what follows
        # the subject is his (not "is his": "Kubernetes is his favourite tool").
        if verb not in HIS_NOT_OWN and HIS_AFTER.match(text, m.end()):
            return _AFTER_ROLE
        if last in ARTICLES and verb in WORK_NOUNS:
            return _AFTER_ROLE  # "the Kurosawa film"
        if last in QUESTION_AUX and verb in PERSON_DOINGS:
            return _AFTER_ROLE  # "Does X know?", "Can X call me?"
        if verb in VOCATIVE and text.startswith(",", end) and is_sentence_start(text, start):
            return _AFTER_ROLE  # "Odile, can you help?"
        # "Mehrudin shouted": the subject; "Danial, can you...": spoken to.
        if verb in STRONG_VERBS:
            return _AFTER_ROLE
        if verb in SUBJECT_VERBS:
            return _AFTER_VERB
        if verb in AUXILIARIES:
            # "Kubernetes was upgraded": a passive tells what was done to a thing as
            # often as to a person, so it vouches for nobody.
            passive = PASSIVE.match(text, m.end())
            if passive is not None and len(words) == 1:
                return _NEVER
            # "Kubernetes is down", "Jira was offline": states of machines and services.
            state = AFTER.match(text, m.end())
            if state is not None and state.group(1) and state.group(1).lower() in STATES:
                return _NEVER
            return _AFTER_VERB if len(words) > 1 else _AFTER_AUXILIARY
        return None

    def _person_after(self, text: str, end: int, last: str) -> bool:
        """True when what follows the run says it is a person (see PERSON_ROLES...)."""
        # Every pattern below opens with one of these two characters: most words are
        # followed by a plain word and skip the look-ups.
        nxt = text[end : end + 2]
        if len(nxt) < 2 or nxt[0] not in ", " or (nxt[0] == " " and nxt[1] not in "(aeiw|-–—"):
            return last in ("is", "was") and self._described(text, end)
        if PERSON_AFTER.match(text, end):
            return True
        m = ROLE_AFTER.match(text, end)
        if m is not None and self._role_in(m.group(1)):
            return True
        if last in ("is", "was"):
            return self._described(text, end)
        # "X is very reliable", "X est très sympa".
        if text.startswith((" is ", " was ", " est "), end):
            return self._described(text, text.index(" ", end + 1))
        return False

    def _limit_before(
        self, words: list[str], text: str, start: int, end: int, last: str, prev: str
    ) -> float | None:
        """The limit set by the words before the name (``last``, ``prev``), if any."""
        # "Signed, X", "Best regards, X".
        if last in SIGN_OFFS and text[start - 2] == ",":
            return _AFTER_ROLE
        # "Maybe it's under X Y", "booked under X": an account or booking in a name.
        if last == "under" and prev in HELD_UNDER:
            return _AFTER_ROLE
        # "my manager, X", "our CTO X": a role owned by someone is filled by a person.
        if last in self._roles and prev in OWNERS:
            return _AFTER_ROLE
        if last in ROLE_NOUNS or (last in LINKS and prev in ROLE_NOUNS):
            return _AFTER_ROLE
        # "songwriter X", "tennis player X": a job or a person's part in something.
        if last in self._roles:
            return _AFTER_VERB
        # "written by", "directed by", "a song by": works credit people by full name;
        # a cast or a line-up by one name too ("starring Ronner", "featuring Drake").
        if last in CREDITS and (len(words) > 1 or last in CAST_CREDITS):
            return _AFTER_VERB
        # "shouted at X", "smiled at X", "whispered to X": what people do to people.
        if last in ("at", "to") and prev in GESTURES:
            return _AFTER_VERB
        # "… said Mark to X": a dialogue tag names who is spoken to.
        if last == "to" and SAID_TO.search(text, max(0, start - 40), start):
            return _AFTER_ROLE
        # "The name on my card is wrong, please change it to X Y": a name corrected.
        if last == "to" and NAME_WORD.search(text, max(0, start - 90), start):
            return _AFTER_ROLE
        # "Hi Patrícia,": a greeting and its comma open a message to a person; only
        # everyday words ("Hi team,") and clear non-names are left out.
        if last in SALUTATIONS and text.startswith(",", end):
            return _AFTER_GREETING
        # "ex-Beatle X": a former member of a band or team.
        if last.startswith("ex-") and len(last) > 4:
            return _AFTER_ROLE
        if last in OBJECT_VERBS or (last == "you" and prev == "thank"):
            return _AFTER_VERB
        # "had given X his address", "sent X her badge": a person receives their things.
        if last in GIVING and THEIR.match(text, end):
            return _AFTER_ROLE
        return None

    @staticmethod
    def _signed(text: str, start: int) -> bool:
        """True when a sign-off and its comma end right before ``start``."""
        head = text[max(0, start - 24) : start].rstrip()
        if not head.endswith(","):
            return False
        words = head[:-1].rsplit(None, 1)
        return bool(words) and fold(words[-1]) in SIGN_OFFS

    def _role_in(self, phrase: str) -> bool:
        """True when a person's role opens ``phrase`` after determiners and grading words,
        with one modifier at most: "our new CTO", "a data engineer", "precision engineers".
        """
        modifiers = 0
        for word in phrase.lower().split():
            if not word.isascii():
                word = fold(word)
            if word in ROLE_FILLERS or word in INTENSIFIERS:
                continue
            if word in self._roles or (word.endswith("s") and word[:-1] in self._roles):
                return True
            modifiers += 1
            if modifiers > 1:
                return False
        return False

    def people_after(self, text: str, end: int) -> bool:
        """True when the list ending at ``end`` is said to be people: "A and B were
        precision engineers", "A et B sont avocats"."""
        m = PLURAL_ROLE_AFTER.match(text, end)
        return m is not None and self._role_in(m.group(1))

    @staticmethod
    def _described(text: str, end: int, traits: frozenset[str] = PERSON_ADJECTIVES) -> bool:
        """True when a trait said of people follows ``end``: "(Why is X) so impulsive"."""
        d = DESCRIBED.match(text, end)
        if d is None:
            return False
        said = [fold(w) for w in d.group(1).split()]
        while said and said[0] in INTENSIFIERS:
            said.pop(0)
        return bool(said) and said[0] in traits

    def _uncued(self, text: str, words: list[str], start: int, end: int) -> bool:
        """Two words or more inside a sentence that both read clearly as a name.

        With no cue at all, only a full name whose every word the model finds name-like
        ("heard Nijito Asano speak"); at a sentence start any phrase is capitalised.
        """
        if len(words) < 2 or is_sentence_start(text, start):
            return False
        # Firms are named after people: "chez Dupuis Dupont", "Pichon Lefebvre et Fils".
        if self._before(text, start)[0] in EMPLOYER_CUES or ORG_AFTER.match(text, end):
            return False
        scores = [1.0 if w in self._known else self._model.score(w) for w in words]
        return min(scores) > _UNCUED_EACH and sum(scores) / len(scores) > _UNCUED_MEAN
