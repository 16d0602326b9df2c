"""What the words around an unknown capitalised word say about it: the patterns and word
sets that ContextJudge (name_context.py) reads before and after a run of such words.
"""

from __future__ import annotations

import re

from consentgate.redact.lexicon import UPPER, fold
from consentgate.redact.name_roles import SUBJECT_VERBS
from consentgate.redact.name_words import PERSON_VERBS, SALUTATIONS, is_sentence_start

ARTICLES = frozenset({"the", "a", "an"})
# Auxiliaries follow things as often as people ("Kubernetes is down", "Dalkia a
# envoyé"): after them one word must read clearly as a name, or two words as a full name.
AUXILIARIES = (PERSON_VERBS - SUBJECT_VERBS) - {"a", "est", "était"}
# After the run: a pronoun tag "(she/her)", "X, she will...", "X and I went".
PERSON_AFTER = re.compile(
    r" \((?:she|he|they|elle|il|iel)/|, (?:she|he|elle|il) |,? and (?:I|me)\b| et moi\b"
    # "X, the cinematographer, said": an apposition before a verb of speaking.
    r"|, the [\w-]+, (?:said|says|told|added|explained|wrote|replied)\b"
)
ROLE_AFTER = re.compile(r"(?:,| as| \|| [-–—]| is| was| est)((?: [\w'-]+){1,4})")
PLURAL_ROLE_AFTER = re.compile(r" (?:were|are|sont|étaient|etaient)((?: [\w'-]+){1,4})")
# "Nodar Kvaratskhelia from Initech", "X Y of Initech": people are introduced with their
# employer.
FROM_FIRM = re.compile(rf" (?:from|of) [{UPPER}0-9]")
# What follows a former member of a band, not a former firm's product ("ex-Google Maps
# engineer"): a verb of the sentence or its end.
EX_MEMBER_AFTER = re.compile(r"[ \t]*(?:[,.;:!?)]|$)| (?:is|was|has|had|said|says|who|and)\b")
# What is held in a person's name: "it's under X", "booked under X".
HELD_UNDER = frozenset(
    "it's it’s is was are booked reserved registered listed filed account order".split()
)
FROM_NAMED_FIRM = re.compile(
    rf" (?:is|was) (?:from|with|at) (?:[{UPPER}][\w&'’.-]* ){{1,4}}"
    r"(?i:inc|ltd|llc|plc|gmbh|corp|corporation|group|sa|ag|nv|bv)\b"
)
# A dialogue tag before the one spoken to: "said Mark to ".
SAID_TO = re.compile(rf"\bsaid [{UPPER}][\w'’-]* to $")
LIVES = (" live", " habite", " vit ")
LIVES_AT = re.compile(r" (?:lives|lived|habite|vit) (?:in|on|at|near|a|à|au|en) ")
# Works credit people by full name: "written by", "featuring", "ft.", "starring".
CREDITS = frozenset("by featuring feat ft starring features".split())
CAST_CREDITS = frozenset("featuring feat ft starring".split())
# What only people do, right after the word: "Hunter shouted at …".
STRONG_AFTER = re.compile(
    r" (?:shouted|yelled|screamed|whispered|smiled|laughed|cried|winked|nodded|married)\b"
)
# Said to be a person: "X is a very sympathetic person".
A_PERSON_AFTER = re.compile(r" (?:is|was) an? (?:[\w-]+ ){0,2}(?:person|man|woman|guy|lady)\b")
# A quote's speaker named at its end: '"I'm glad," says Wood.'
QUOTE_VERBS = frozenset({"says", "said", "asks", "asked", "replied", "added"})
SPEAKER_END = re.compile(r"[ \t]*(?:[.!?]|$)")
GESTURES = frozenset(
    """shouted yelled smiled laughed waved winked stared nodded whispered screamed
    pointed""".split()
)
GIVING = frozenset("gave given give gives sent send showed shown offered handed".split())
THEIR = re.compile(r" (?:his|her) ")  # "their" is also a firm's: "gave Initech their fee"
OWNERS = frozenset("my our your his her their the notre votre mon ma son sa leur".split())
DESCRIBED = re.compile(r"((?: [\w-]+){1,3})")
VOCATIVE = frozenset({"can", "could", "would", "please", "pouvez", "peux"})
# Short words between a role noun and the name: "assistant to X", "the wife of X".
LINKS = frozenset({"to", "of", "de", "a", "du"})
# Greetings that open a message with the name of whom it is for.
AFTER = re.compile(r"(?:'s|’s)|,? (\w+)")
OWNED = re.compile(r" (?:(?:new|late|former|first|second|eldest|youngest|little) )?(\w+)")
NAME_WORD = re.compile(r"(?i)\bname\b")
HIS_AFTER = re.compile(r"(?: [\w'-]+){0,2} his ")
# After these the "his" is not the subject's own: "Kubernetes is his tool", "Spotify and
# his friends".
HIS_NOT_OWN = frozenset({"is", "was", "are", "were", "be", "been", "being", "and", "or"})
PASSIVE = re.compile(r" (?:\w+ly )?\w+ed\b")


# A request addressed to the one named before the comma: "Black, can I please ...".
_ASKED_AFTER = re.compile(r", (?:can|could|would|will) (?:I|you|we) ")


def greeted_or_asked(text: str, start: int, end: int) -> bool:
    """Whether the word ``start``..``end`` is greeted ("Hi Green, I'm contacting you"),
    asked ("Black, can I please speak to your boss?") or named by "call me"."""
    if text.endswith(("call me ", "calls me ", "called me "), 0, start):
        return True
    if not text.startswith(",", end):
        return False
    if is_sentence_start(text, start) and _ASKED_AFTER.match(text, end):
        return True
    if start < 3 or text[start - 1] != " ":
        return False
    head = text[max(0, start - 12) : start - 1]
    return fold(head[head.rfind(" ") + 1 :]) in SALUTATIONS
