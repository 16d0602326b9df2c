"""What the words around an unknown capitalised word say about it: the patterns and word
sets that the context judge (context.py) reads before and after a run of such words,
built from the packs' `person.` lists for one group of packs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.text import UPPER, fold
from consentgate.redact.recognizers.person.words import PersonWords, is_sentence_start


@dataclass(frozen=True, slots=True)
class PersonSignals:
    """The context patterns of the name rules, for one group of packs."""

    articles: frozenset[str]
    # Auxiliaries follow things as often as people ("Kubernetes is down", "Dalkia a
    # envoyé"): after them one word must read clearly as a name, or two as a full name.
    auxiliaries: frozenset[str]
    person_after: re.Pattern[str]
    role_after: re.Pattern[str]
    plural_role_after: re.Pattern[str]
    from_firm: re.Pattern[str]
    ex_member_after: re.Pattern[str]
    held_under: frozenset[str]
    from_named_firm: re.Pattern[str]
    said_to: re.Pattern[str]
    lives: tuple[str, ...]
    lives_at: re.Pattern[str]
    credits: frozenset[str]
    cast_credits: frozenset[str]
    strong_after: re.Pattern[str]
    a_person_after: re.Pattern[str]
    quote_verbs: frozenset[str]
    gestures: frozenset[str]
    giving: frozenset[str]
    their: re.Pattern[str]
    owners: frozenset[str]
    vocative: frozenset[str]
    links: frozenset[str]
    owned: re.Pattern[str]
    name_word: re.Pattern[str]
    his_after: re.Pattern[str]
    his_not_own: frozenset[str]
    passive: re.Pattern[str]
    asked_after: re.Pattern[str]
    copulas_after: tuple[str, ...]
    call_me: tuple[str, ...]


# A quote's speaker named at its end: '"I'm glad," says Wood.'
SPEAKER_END = re.compile(r"[ \t]*(?:[.!?]|$)")
DESCRIBED = re.compile(r"((?: [\w-]+){1,3})")
# A possessive, or the word after the run (and its comma).
AFTER = re.compile(r"(?:'s|’s)|,? (\w+)")


def _any(lex: Lexicon, key: str) -> str:
    return lex.alternation(key)


def person_signals(lex: Lexicon, w: PersonWords) -> PersonSignals:
    """The :class:`PersonSignals` of a lexicon whose word sets are ``w``."""
    words = lex.words
    ex_verbs = _any(lex, "person.ex_member_verbs")
    return PersonSignals(
        articles=words("person.articles"),
        auxiliaries=(w.person_verbs - w.subject_verbs) - words("person.not_auxiliaries"),
        person_after=re.compile(_any(lex, "person.person_after")),
        role_after=re.compile(rf"(?:{_any(lex, 'person.role_links')})((?: [\w'-]+){{1,4}})"),
        plural_role_after=re.compile(
            rf" (?:{_any(lex, 'person.plural_copulas')})((?: [\w'-]+){{1,4}})"
        ),
        from_firm=re.compile(rf" (?:{_any(lex, 'person.from_firm')}) [{UPPER}0-9]"),
        # What follows a former member of a band, not a former firm's product
        # ("ex-Google Maps engineer"): a verb of the sentence or its end.
        ex_member_after=re.compile(rf"[ \t]*(?:[,.;:!?)]|$)| (?:{ex_verbs})\b"),
        held_under=words("person.held_under"),
        from_named_firm=re.compile(_any(lex, "person.from_named_firm")),
        said_to=re.compile(_any(lex, "person.said_to")),
        lives=lex.ordered("person.lives"),
        lives_at=re.compile(
            rf" (?:{_any(lex, 'person.lives_verbs')}) (?:{_any(lex, 'person.lives_prepositions')}) "
        ),
        credits=words("person.credits"),
        cast_credits=words("person.cast_credits"),
        strong_after=re.compile(rf" (?:{_any(lex, 'person.strong_after')})\b"),
        a_person_after=re.compile(_any(lex, "person.a_person_after")),
        quote_verbs=words("person.quote_verbs"),
        gestures=words("person.gestures"),
        giving=words("person.giving"),
        their=re.compile(_any(lex, "person.their")),
        owners=words("person.owners"),
        vocative=words("person.vocative"),
        links=words("person.links"),
        owned=re.compile(rf" (?:(?:{_any(lex, 'person.owned_modifiers')}) )?(\w+)"),
        name_word=re.compile(_any(lex, "person.name_word")),
        his_after=re.compile(_any(lex, "person.his_after")),
        his_not_own=words("person.his_not_own"),
        passive=re.compile(_any(lex, "person.passive")),
        asked_after=re.compile(_any(lex, "person.asked_after")),
        copulas_after=lex.ordered("person.copulas_after"),
        call_me=lex.ordered("person.call_me"),
    )


def greeted_or_asked(w: PersonWords, s: PersonSignals, text: str, start: int, end: int) -> bool:
    """Whether the word ``start``..``end`` is greeted ("Hi Green, I'm contacting you"),
    asked ("Black, can I please speak to your boss?") or named by "call me"."""
    if text.endswith(s.call_me, 0, start):
        return True
    if not text.startswith(",", end):
        return False
    if is_sentence_start(text, start) and s.asked_after.match(text, end):
        return True
    if start < 3 or text[start - 1] != " ":
        return False
    head = text[max(0, start - 12) : start - 1]
    return fold(head[head.rfind(" ") + 1 :]) in w.salutations
