"""Words that say a capitalised word is a person: roles, traits, verbs, sign-offs.

Word lists for the context rules of name_context, kept apart from their logic: what
people are and are hired as (a short list plus the head nouns of Faker's job titles),
what is said of their character, what is done to them, how letters end, and what is
said of machines rather than people ("is down").
"""

from __future__ import annotations

import importlib
import re

from consentgate.redact.lexicon import fold

# What people are and are hired as, which firms and products are not: after the name
# in an apposition or a headline ("X, our new CTO", "X as a beneficiary", "X | Senior
# Engineer"). Roles a firm can fill (partner, client, supplier, provider) are left out.
ROLE_WORDS = frozenset(
    """ceo cto cfo coo cmo founder cofounder co-founder manager engineer developer
    designer intern trainee hire recruiter consultant analyst scientist researcher
    professor president chairman chairwoman chair vp mentor mentee employee teammate
    candidate applicant accountant architect journalist reporter editor photographer
    beneficiary guarantor executor witness tenant landlord roommate flatmate guardian
    speaker keynote player commenter volunteer customer patient guest host winner
    songwriter guitarist drummer bassist pianist violinist rapper vocalist frontman
    footballer striker goalkeeper midfielder captain cyclist swimmer boxer blogger
    influencer podcaster commentator chanteur chanteuse joueur joueuse
    person people guy woman man lady gentleman personne homme
    directeur directrice ingenieur developpeur developpeuse stagiaire fondateur
    fondatrice conseiller conseillere avocat avocate medecin""".split()
)
# Words said of people's character, hardly of things: "X is very reliable", "Why is X
# so impulsive?" ("Zoom is very slow" stays: "slow" is no such word).
PERSON_ADJECTIVES = frozenset(
    """reliable dependable trustworthy honest kind friendly polite rude helpful generous
    selfish shy impulsive stubborn patient impatient arrogant humble charming caring
    thoughtful ambitious hardworking hard-working lazy talented brilliant clever smart
    funny grumpy cheerful moody jealous loyal brave pregnant married nice sweet gentle
    gentil gentille sympa aimable fiable drole timide genereux genereuse""".split()
)
# Of them, the traits said of people only: not those said of tools or things too.
PEOPLE_ONLY_ADJECTIVES = PERSON_ADJECTIVES - frozenset(
    """reliable dependable trustworthy kind friendly helpful patient talented brilliant
    clever smart funny nice sweet gentle gentil gentille sympa fiable drole""".split()
)
INTENSIFIERS = frozenset(
    """very so really extremely always quite too incredibly super truly such never not
    a an tres vraiment si toujours trop""".split()
)
# Verbs whose object is a person: "I met X", "ask X to", "thank you X", "I've known X".
OBJECT_VERBS = frozenset(
    """met meet meeting ask asked asking contact contacted email emailed ping pinged tell
    told thank thanked introduce introduced introducing invite invited hired hire known
    congratulate congratulated remind reminded interviewed recommend recommended
    heard""".split()
)
# Questions put to a subject ("Does X know", "Can X call me"): the verb after the run
# must be one that people do.
QUESTION_AUX = frozenset({"does", "did", "can", "could", "will", "would", "has", "is", "was"})
PERSON_DOINGS = frozenset(
    """know knows think thinks remember agree want like love hate speak say call email
    mind feel believe prefer understand care""".split()
)

# Determiners and grading words between the name and its role: "X, our new CTO".
ROLE_FILLERS = frozenset(
    """a an the our my your his her their new former senior junior lead chief head
    notre votre mon ma son sa leur un une le la nouveau nouvelle ancien ancienne good
    great excellent wonderful amazing fantastic sympathetic bon bonne""".split()
)

STATES = frozenset(
    """down up offline online broken slow live deprecated installed running available
    unavailable released open closed free enabled disabled buggy stable
    hs inaccessible""".split()
)
SIGN_OFFS = frozenset(
    """regards wishes best cheers thanks sincerely signed yours faithfully truly love
    cordialement amities amitie salutations merci""".split()
)

# Job heads that also name machines, firms or places ("processor", "operator",
# "broker": "the Intel processor"), or are no job at all ("land" of "Land agent").
_NOT_ROLES = frozenset(
    """land make copy crew staff agent processor operator handler controller dealer
    broker runner executive professional associate emeritus streamer charge attache""".split()
)


def job_roles() -> frozenset[str]:
    """The head nouns of Faker's English and French job titles ("Cinematographer").

    English titles end with their head ("Mining engineer"; "Engineer, mining" before a
    comma), French ones open with it ("Ingénieur agronome").
    """
    heads: set[str] = set()
    for locale, last in (("en_US", True), ("fr_FR", False)):
        try:
            jobs = importlib.import_module(f"faker.providers.job.{locale}").Provider.jobs
        except ImportError:  # pragma: no cover - depends on the Faker version
            continue
        for job in jobs:
            words = fold(re.split(r"[,(]", job)[0] if last else job).split()
            if words:
                heads.add(words[-1] if last else words[0])
    return frozenset(
        w for w in heads if len(w) > 3 and w.replace("-", "").isalpha() and w not in _NOT_ROLES
    )


# Verbs that follow a person far more often than a thing; with the plain "is", "was"
# of PERSON_VERBS they make the word before them a subject worth asking the model about.
SUBJECT_VERBS = frozenset(
    """lives lived shouted began begins spent joined left works worked studied grew
    married died born loves loved hates thinks thought wants wanted went goes comes came
    cried smiled laughed replied answered explained added called met moved sings sang
    plays played writes speaks spoke teaches taught says tells asks said told asked wrote
    habite vit travaille""".split()
)
# Verbs that things hardly ever take as their subject ("Cendrillon Coudert lives at").
STRONG_VERBS = frozenset(
    """lives lived shouted married died cried smiled laughed habite vit""".split()
)
# Kinship nouns: the capitalised word after "my son", "ma fille" is a name even when it
# is also a word or a city ("my kid Florence", "my son Will").
KIN_NOUNS = frozenset(
    """kid kids child son daughter wife husband mother father mom mum dad brother sister
    uncle aunt cousin nephew niece grandmother grandfather grandson granddaughter
    boyfriend girlfriend fiance fiancee fils fille femme mari frere soeur oncle tante
    cousine""".split()
)
# Nouns for what a person is to someone, and lower-case titles, after which a capitalised
# word is a person: "my kid X", "Producer X", "the assistant to X", "ms. X"; and the
# words that name one: "your name? X", "called X".
# Business roles that a firm can fill ("partner", "client", "supplier") are left out.
ROLE_NOUNS = KIN_NOUNS | frozenset(
    """spouse friend colleague neighbour neighbor boss assistant producer director author
    writer singer actor actress artist composer painter poet novelist coach teacher
    student doctor nurse lawyer mr mrs ms miss dr prof name named called surname nom
    prenom ami amie collegue voisin voisine""".split()
)
# Roles a person fills, before or after the name ("Producer X", "X, our new CTO").
PERSON_ROLES = ROLE_NOUNS | ROLE_WORDS
# Works named after their author: "the Tolkien novel", "le dernier roman de X" is
# handled by "de"; a capitalised word between "the" and one of these is a person.
WORK_NOUNS = frozenset(
    """novel novels book books song songs album albums film films movie movies poem
    poems play plays painting paintings biography memoir memoirs opera symphony
    concert concerts version versions""".split()
)
# What a person has and a firm or product has not, after "X's".
PERSONAL_BELONGINGS = KIN_NOUNS | frozenset(
    """birthday wedding funeral childhood retirement grave widow widower parents
    anniversary""".split()
)
