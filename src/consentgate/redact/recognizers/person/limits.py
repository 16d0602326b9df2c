"""The likeness a run of unknown capitalised words must reach, read from its context.

A role, title or naming phrase before the words ("Producer X", "my manager, X", "Hi X,"),
a verb or a possessive after them ("X shouted", "X's daughter"), an apposition ("X, our
new CTO"): each sets how name-like the words must read under the n-gram model (the
levels of the packs' `person.likeness.` thresholds). No context, no limit: the words
are then judged as a full name standing alone (context.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import fold
from consentgate.redact.recognizers.person.signals import AFTER, DESCRIBED, PersonSignals
from consentgate.redact.recognizers.person.words import PersonWords, is_sentence_start

# The limit no likeness passes: a state of machines after "is" ("Kubernetes is down").
NEVER = float("inf")


@dataclass(frozen=True, slots=True)
class Levels:
    """The likeness thresholds of the context rules (packs: `person.likeness.`)."""

    # With a weak cue (a verb after the words) the model must lean to "name"; after a
    # role noun or title the words need only not read as everyday words.
    after_verb: float
    after_possessive: float
    after_auxiliary: float
    after_role: float
    after_greeting: float
    living: float
    # Below this a word cannot open a name whatever follows (a pre-filter).
    may_open: float
    # With no cue: every word and their mean must read clearly as a name.
    uncued_each: float
    uncued_mean: float


def levels(lex: Lexicon) -> Levels:
    """The :class:`Levels` the packs of ``lex`` set."""
    n = lex.number
    return Levels(
        after_verb=n("person.likeness.after_verb"),
        after_possessive=n("person.likeness.after_possessive"),
        after_auxiliary=n("person.likeness.after_auxiliary"),
        after_role=n("person.likeness.after_role"),
        after_greeting=n("person.likeness.after_greeting"),
        living=n("person.likeness.living"),
        may_open=n("person.likeness.may_open"),
        uncued_each=n("person.likeness.uncued_each"),
        uncued_mean=n("person.likeness.uncued_mean"),
    )


def words_before(text: str, start: int) -> tuple[str, str]:
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


class ContextLimits:
    """The limit each context sets (None where the context says nothing)."""

    def __init__(self, w: PersonWords, s: PersonSignals, lv: Levels) -> None:
        self._w = w
        self._s = s
        self._lv = lv
        self.roles = w.person_roles | w.job_roles
        # Every word before a name that some rule of _limit_before reads.
        self.cues = (
            self.roles
            | s.links
            | s.credits
            | w.salutations
            | w.object_verbs
            | s.giving
            | w.sign_offs
        ) | {"at", "to", "you", "under"}

    def limit(self, text: str, words: list[str], start: int, end: int) -> float | None:
        """The likeness the words must pass in their context; None where there is none."""
        # Words before count only when a space separates them: not across a line break
        # or an opening quote, and it spares the look-up for a text's first word.
        spaced = start > 0 and text[start - 1] == " "
        last, prev = words_before(text, start) if spaced else ("", "")
        last = last.rstrip(".")
        # One look-up rules out the cues before the name for most words.
        if last in self.cues or last.startswith("ex-"):
            limit = self._limit_before(words, text, start, end, last, prev)
            if limit is not None:
                return limit
        elif not spaced and start > 2 and text[start - 1] == "\n" and self._signed(text, start):
            return self._lv.after_role  # "Best regards,\nX", "Cordialement,\nX": a letter is signed
        # Called out at the end of a sentence: "Don't go to town, Zurab!".
        if text.startswith(", ", start - 2) and text.startswith(("!", "?"), end):
            return self._lv.after_verb
        if self._person_after(text, end, last):
            return self._lv.after_role
        if len(words) > 1 and self._s.from_firm.match(text, end):
            return self._lv.after_verb
        # "X is from Civic Impulse LLC": one word too, when the firm says it is one.
        if self._s.from_named_firm.match(text, end):
            return self._lv.after_verb
        m = AFTER.match(text, end)
        if m is None:
            return None
        verb = m.group(1)
        if verb is None:  # a possessive "'s"
            # "Lācis's daughter", "Nascimento's wedding": what only people have.
            owned = self._s.owned.match(text, m.end())
            if owned is not None and fold(owned.group(1)) in self._w.personal_belongings:
                return self._lv.after_role
            return self._lv.after_possessive
        verb = verb.lower()
        # "X listed his top 20 songs", "X had given James his address": what follows
        # the subject is his (not "is his": "Kubernetes is his favourite tool").
        if verb not in self._s.his_not_own and self._s.his_after.match(text, m.end()):
            return self._lv.after_role
        if last in self._s.articles and verb in self._w.work_nouns:
            return self._lv.after_role  # "the Kurosawa film"
        if last in self._w.question_aux and verb in self._w.person_doings:
            return self._lv.after_role  # "Does X know?", "Can X call me?"
        if (
            verb in self._s.vocative
            and text.startswith(",", end)
            and is_sentence_start(text, start)
        ):
            return self._lv.after_role  # "Odile, can you help?"
        # "Mehrudin shouted": the subject; "Danial, can you...": spoken to.
        if verb in self._w.strong_verbs:
            return self._lv.after_role
        if verb in self._w.subject_verbs:
            return self._lv.after_verb
        if verb in self._s.auxiliaries:
            # "Kubernetes was upgraded": a passive tells what was done to a thing as
            # often as to a person, so it vouches for nobody.
            passive = self._s.passive.match(text, m.end())
            if passive is not None and len(words) == 1:
                return NEVER
            # "Kubernetes is down", "Jira was offline": states of machines and services.
            state = AFTER.match(text, m.end())
            if state is not None and state.group(1) and state.group(1).lower() in self._w.states:
                return NEVER
            return self._lv.after_verb if len(words) > 1 else self._lv.after_auxiliary
        return None

    def _person_after(self, text: str, end: int, last: str) -> bool:
        """True when what follows the run says it is a person (see PERSON_ROLES...)."""
        # Every pattern below opens with one of these two characters: most words are
        # followed by a plain word and skip the look-ups.
        nxt = text[end : end + 2]
        if len(nxt) < 2 or nxt[0] not in ", " or (nxt[0] == " " and nxt[1] not in "(aeiw|-–—"):
            return last in self._w.copulas and self.described(text, end)
        if self._s.person_after.match(text, end):
            return True
        m = self._s.role_after.match(text, end)
        if m is not None and self.role_in(m.group(1)):
            return True
        if last in self._w.copulas:
            return self.described(text, end)
        # "X is very reliable", "X est très sympa".
        if text.startswith(self._s.copulas_after, end):
            return self.described(text, text.index(" ", end + 1))
        return False

    def _limit_before(
        self, words: list[str], text: str, start: int, end: int, last: str, prev: str
    ) -> float | None:
        """The limit set by the words before the name (``last``, ``prev``), if any."""
        # "Signed, X", "Best regards, X".
        if last in self._w.sign_offs and text[start - 2] == ",":
            return self._lv.after_role
        # "Maybe it's under X Y", "booked under X": an account or booking in a name.
        if last == "under" and prev in self._s.held_under:
            return self._lv.after_role
        # "my manager, X", "our CTO X": a role owned by someone is filled by a person.
        if last in self.roles and prev in self._s.owners:
            return self._lv.after_role
        if last in self._w.role_nouns or (last in self._s.links and prev in self._w.role_nouns):
            return self._lv.after_role
        # "songwriter X", "tennis player X": a job or a person's part in something.
        if last in self.roles:
            return self._lv.after_verb
        # "written by", "directed by", "a song by": works credit people by full name;
        # a cast or a line-up by one name too ("starring Ronner", "featuring Drake").
        if last in self._s.credits and (len(words) > 1 or last in self._s.cast_credits):
            return self._lv.after_verb
        # "shouted at X", "smiled at X", "whispered to X": what people do to people.
        if last in ("at", "to") and prev in self._s.gestures:
            return self._lv.after_verb
        # "… said Mark to X": a dialogue tag names who is spoken to.
        if last == "to" and self._s.said_to.search(text, max(0, start - 40), start):
            return self._lv.after_role
        # "The name on my card is wrong, please change it to X Y": a name corrected.
        if last == "to" and self._s.name_word.search(text, max(0, start - 90), start):
            return self._lv.after_role
        # "Hi Patrícia,": a greeting and its comma open a message to a person; only
        # everyday words ("Hi team,") and clear non-names are left out.
        if last in self._w.salutations and text.startswith(",", end):
            return self._lv.after_greeting
        # "ex-Beatle X": a former member of a band or team.
        if last.startswith("ex-") and len(last) > 4:
            return self._lv.after_role
        if last in self._w.object_verbs or (last == "you" and prev == "thank"):
            return self._lv.after_verb
        # "had given X his address", "sent X her badge": a person receives their things.
        if last in self._s.giving and self._s.their.match(text, end):
            return self._lv.after_role
        return None

    def _signed(self, text: str, start: int) -> bool:
        """True when a sign-off and its comma end right before ``start``."""
        head = text[max(0, start - 24) : start].rstrip()
        if not head.endswith(","):
            return False
        words = head[:-1].rsplit(None, 1)
        return bool(words) and fold(words[-1]) in self._w.sign_offs

    def role_in(self, phrase: str) -> bool:
        """True when a person's role opens ``phrase`` after determiners and grading words,
        with one modifier at most: "our new CTO", "a data engineer", "precision engineers".
        """
        modifiers = 0
        for word in phrase.lower().split():
            if not word.isascii():
                word = fold(word)
            if word in self._w.role_fillers or word in self._w.intensifiers:
                continue
            if word in self.roles or (word.endswith("s") and word[:-1] in self.roles):
                return True
            modifiers += 1
            if modifiers > 1:
                return False
        return False

    def people_after(self, text: str, end: int) -> bool:
        """True when the list ending at ``end`` is said to be people: "A and B were
        precision engineers", "A et B sont avocats"."""
        m = self._s.plural_role_after.match(text, end)
        return m is not None and self.role_in(m.group(1))

    def described(self, text: str, end: int, traits: frozenset[str] | None = None) -> bool:
        """True when a trait said of people follows ``end``: "(Why is X) so impulsive"."""
        if traits is None:
            traits = self._w.person_adjectives
        d = DESCRIBED.match(text, end)
        if d is None:
            return False
        said = [fold(w) for w in d.group(1).split()]
        while said and said[0] in self._w.intensifiers:
            said.pop(0)
        return bool(said) and said[0] in traits
