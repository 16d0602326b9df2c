"""What the name rules read of the language packs: word sets and the patterns built on them.

Every list comes from the packs (lang/*.toml, under `person.`), as the union of the packs
a text's language reads; the rules never hold a word list of their own. One
:class:`PersonWords` is built per group of packs and shared by every stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from consentgate.redact.lang.packs import Lexicon
from consentgate.redact.lang.sources import (
    attested_first_names,
    common_words,
    faker_values,
    first_names,
    last_names,
)
from consentgate.redact.lang.text import fold


def _compiled(lex: Lexicon, key: str, before: str = "", after: str = "") -> re.Pattern[str]:
    return re.compile(f"{before}(?:{lex.alternation(key)}){after}")


def grouped(items: tuple[str, ...]) -> str:
    """An alternation of ``items`` grouped by first character ("c(?:all|'est)"): the
    regex engine then tries one branch per position of the text, not one per item."""
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(item[0], []).append(item[1:])
    parts = []
    for head, tails in groups.items():
        tails = sorted(dict.fromkeys(tails), key=len, reverse=True)
        parts.append(head + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"))
    return "|".join(parts)


@cache
def _job_heads(last: tuple[str, ...], first: tuple[str, ...]) -> frozenset[str]:
    """The head nouns of Faker's job titles ("Cinematographer"): titles that end with
    their head ("Mining engineer"; "Engineer, mining" before a comma) or open with it."""
    heads: set[str] = set()
    for specs, at_end in ((last, True), (first, False)):
        for spec in specs:
            for jobs in faker_values(spec):
                for job in jobs if isinstance(jobs, (list, tuple)) else ():
                    words = fold(re.split(r"[,(]", job)[0] if at_end else job).split()
                    if words:
                        heads.add(words[-1] if at_end else words[0])
    return frozenset(w for w in heads if len(w) > 3 and w.replace("-", "").isalpha())


@dataclass(frozen=True, slots=True)
class NameLists:
    """The name dictionaries and everyday words a group of packs gives."""

    first: frozenset[str]
    attested: frozenset[str]
    last: frozenset[str]
    # Everyday words, words never alone and function words: no name by themselves.
    common: frozenset[str]


def name_lists(lex: Lexicon) -> NameLists:
    """The first and last names (every Faker locale) and the group's everyday words."""
    never = lex.words("person.never_alone") | lex.words("person.function_words")
    return NameLists(
        first=first_names(),
        attested=attested_first_names(),
        last=last_names(),
        common=common_words(lex) | never,
    )


@dataclass(frozen=True, slots=True)
class PersonWords:
    """The word sets and patterns of the name rules, for one group of packs."""

    lex: Lexicon
    titles: frozenset[str]
    salutations: frozenset[str]
    lower_titles: tuple[str, ...]
    dotted_lower_titles: tuple[str, ...]
    greetings: frozenset[str]
    org_suffixes: frozenset[str]
    never_alone: frozenset[str]
    function_words: frozenset[str]
    name_cues: frozenset[str]
    name_to_cues: frozenset[str]
    naming_cues: frozenset[str]
    acronyms: frozenset[str]
    known_orgs: frozenset[str]
    street_words: frozenset[str]
    person_verbs: frozenset[str]
    employer_cues: frozenset[str]
    word_given_names: frozenset[str]
    named: tuple[str, ...]
    role_words: frozenset[str]
    person_adjectives: frozenset[str]
    people_only_adjectives: frozenset[str]
    intensifiers: frozenset[str]
    object_verbs: frozenset[str]
    question_aux: frozenset[str]
    person_doings: frozenset[str]
    role_fillers: frozenset[str]
    states: frozenset[str]
    sign_offs: frozenset[str]
    subject_verbs: frozenset[str]
    strong_verbs: frozenset[str]
    kin_nouns: frozenset[str]
    role_nouns: frozenset[str]
    person_roles: frozenset[str]
    job_roles: frozenset[str]
    work_nouns: frozenset[str]
    personal_belongings: frozenset[str]
    particles: frozenset[str]
    copulas: frozenset[str]
    # Patterns built on the lists above.
    org_after: re.Pattern[str]
    naming_hint: re.Pattern[str]
    name_asked: re.Pattern[str]
    name_label_above: re.Pattern[str]
    joiner: re.Pattern[str]


def person_words(lex: Lexicon) -> PersonWords:
    """The :class:`PersonWords` of a lexicon (built once per lexicon, see Lexicon.derived)."""
    w = lex.words
    kin = w("person.kin_nouns")
    role_nouns = kin | w("person.role_nouns")
    role_words = w("person.role_words")
    adjectives = w("person.person_adjectives")
    legal = lex.alternation("person.legal_forms")
    jobs = _job_heads(
        lex.ordered("person.job_titles_head_last"), lex.ordered("person.job_titles_head_first")
    )
    return PersonWords(
        lex=lex,
        titles=w("person.titles"),
        salutations=w("person.salutations"),
        lower_titles=lex.ordered("person.lower_titles"),
        dotted_lower_titles=lex.ordered("person.dotted_lower_titles"),
        greetings=w("person.greetings"),
        org_suffixes=w("person.org_suffixes"),
        never_alone=w("person.never_alone"),
        function_words=w("person.function_words"),
        name_cues=w("person.name_cues"),
        name_to_cues=w("person.name_to_cues"),
        naming_cues=w("person.naming_cues"),
        acronyms=w("person.acronyms"),
        known_orgs=w("person.known_orgs"),
        street_words=w("person.street_words"),
        person_verbs=w("person.person_verbs"),
        employer_cues=w("person.employer_cues"),
        word_given_names=w("person.word_given_names"),
        named=lex.ordered("person.named"),
        role_words=role_words,
        person_adjectives=adjectives,
        people_only_adjectives=adjectives - w("person.traits_said_of_things"),
        intensifiers=w("person.intensifiers"),
        object_verbs=w("person.object_verbs"),
        question_aux=w("person.question_aux"),
        person_doings=w("person.person_doings"),
        role_fillers=w("person.role_fillers"),
        states=w("person.states"),
        sign_offs=w("person.sign_offs"),
        subject_verbs=w("person.subject_verbs"),
        strong_verbs=w("person.strong_verbs"),
        kin_nouns=kin,
        role_nouns=role_nouns,
        person_roles=role_nouns | role_words,
        job_roles=jobs - w("person.not_roles"),
        work_nouns=w("person.work_nouns"),
        personal_belongings=kin | w("person.personal_belongings"),
        particles=w("person.particles"),
        copulas=w("person.copulas"),
        org_after=re.compile(
            rf"\s*(?:{lex.alternation('person.org_after')}|,?\s(?:{legal})\b|,?\sS\.A\.)"
        ),
        naming_hint=re.compile("(?i)" + grouped(lex.ordered("person.naming_hint"))),
        name_asked=_compiled(
            lex,
            "person.name_asked",
            r"(?i)\b",
            r"\b(?! of\b)[^?\n]{0,40}\?[ \t]*[^\W\d_]{1,12}[ \t]?:[ \t]*$",
        ),
        name_label_above=_compiled(lex, "person.name_label_above", "(?i)", r"[ \t]*:?[ \t]*$"),
        joiner=re.compile(rf"^(?:  | (?:{lex.alternation('person.joining_particles')}) )$"),
    )


_SENTENCE_END = '.!?…\n:;"«»“”()[]•*-–—|>'


def is_initial(word: str) -> bool:
    """A folded middle or first initial: "k." or a bare capital ("S")."""
    return len(word) == 1 or (len(word) == 2 and word.endswith("."))


def is_sentence_start(text: str, start: int) -> bool:
    """True when only spaces or quotes separate ``start`` from a sentence's beginning."""
    i = start - 1
    while i >= 0 and text[i] in " \t'’":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def named_before(w: PersonWords, text: str, start: int, end: int) -> bool:
    """True when a naming phrase ("name is", "called") ends one space before ``start``.

    Not for a speaker's label ending at ``end``: "Your surname? Client: X".
    """
    return (
        start > 1
        and text[start - 1] == " "
        and text.endswith(w.named, 0, start - 1)
        and not text.startswith(":", end)
    )


def name_asked(w: PersonWords, text: str, start: int) -> bool:
    """A question about a name answered after a speaker's label: "… name? User: X"."""
    return text[start - 2 : start] in (": ", ":") and (
        w.name_asked.search(text, max(0, start - 90), start) is not None
    )
