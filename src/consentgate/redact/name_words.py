"""Word lists the dictionary name recogniser relies on, kept apart from its logic.

Each list answers one question about a capitalised word next to a candidate name: is it
a title ("Mme"), a greeting or cue that introduces a name ("merci", "says"), a sign of an
organisation ("Inc", "& Sons"), or a word that is never a name
on its own (months, places, brands)?
"""

from __future__ import annotations

import re

TITLES = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady m mme mlle madame monsieur mademoiselle
    docteur maitre me pr professeur""".split()
)
# The greetings that open a message to a person before a comma: "Hi X,", "Dear X,".
SALUTATIONS = frozenset({"hi", "hello", "hey", "dear", "bonjour", "salut", "cher", "chere"})
# Titles written in lower case before a name: "ms. key", "dr kuefer", "mme dupont".
LOWER_TITLES = ("mr", "ms", "mrs", "dr", "mme", "mlle")
GREETINGS = frozenset(
    """hi hello hey dear thanks thank congrats congratulations welcome cheers with and
    bonjour salut merci bravo felicitations cher chere avec et grace""".split()
)
ORG_SUFFIXES = frozenset(
    """inc ltd llc plc sa sas sarl gmbh ag nv bv spa srl group groupe corp corporation company
    co consulting partners associates technologies solutions bank banque foundation
    fondation university universite school ecole institute institut labs lab capital
    ventures holdings systems software media studio studios agency agence
    orchestra band choir ensemble quartet trio street avenue road boulevard st rd ave
    blvd""".split()
)
# The last words above: "the Garmin Orchestra" is an ensemble and "Berg Hills Street" a
# street, named after a person perhaps but not one.
# Never a name on their own: months, days, places and brands that are also first names.
NEVER_ALONE = frozenset(
    """january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche paris london lyon berlin madrid rome florence geneva sydney
    austin jordan chelsea victoria virginia georgia carolina dakota india china france
    germany spain italy christian christmas easter noel paques amazon apple google
    microsoft meta oracle tesla salesforce linkedin""".split()
)
# Function words Faker's lorem lists lack (they hold "be", "have", not "is", "has"):
# never a name, and in a lower-case text never the second word of one ("lempi has").
FUNCTION_WORDS = frozenset(
    """is are was were been being has had does did shall am im les une sont etait ont
    avait ils elles cette ces aux""".split()
)
# Words before a name that make two unknown capitalised words a person's name.
NAME_CUES = frozenset(
    """with and thanks thank congrats congratulations meet meeting met welcome cc dear hi
    hello hey avec et merci bravo felicitations bienvenue cher chere bonjour salut says
    said asks asked told tells including dit selon""".split()
)
# Thanks and praise addressed "to" someone, the way professional posts credit people:
# "Thanks to Nodar Kvaratskhelia", "kudos to", "shout-out to", "grâce à".
NAME_TO_CUES = frozenset(
    ["thanks to", "thank to", "kudos to", "shout-out to", "shoutout to", "congrats to",
     "congratulations to", "grateful to", "props to", "hats off to", "grace a", "bravo a",
     # Verbs of talking and belonging to someone: "according to X Y", "belongs to X Y".
     "according to", "belongs to", "belonged to", "talked to", "spoke to", "speak to",
     "talk to", "married to", "reports to", "wrote to", "replied to", "out to", "selon",
     "tribute to", "hommage a"]
)  # fmt: skip
NAMING_CUES = frozenset(
    ["name is", "named", "called", "m'appelle", "nom est", "i'm", "i am", "je suis", "moi c'est",
     "name", "nom", "prenom", "surname", "calls me", "call me", "says", "said", "asks",
     "asked", "replied", "explained", "added", "named him", "named her", "called him",
     "called her", "appelee", "appele"]
)  # fmt: skip
ACRONYMS = frozenset(
    """ceo cto cfo coo cmo vp svp evp hr rh drh pdg dg it ai ia ux ui pm po qa sql api aws gcp
    usa uk eu ue nyc sf iban bic swift ssn nino pin vat siret siren tva rib nir""".split()
)
# What follows an organisation named after people: "Johnson & Johnson", "Ross and Sons".
ORG_AFTER = re.compile(
    r"\s*(?:&|and Sons\b|and Co\b|et Fils\b|et Cie\b"
    r"|,?\s(?:Inc|Ltd|LLC|SA|SAS|SARL|GmbH|AG|NV|BV|SpA|Oy|AB)\b|,?\sS\.A\.)"
)
# Well-known firms named after people, which the rules above would take for a person.
KNOWN_ORGS = frozenset(
    name.strip()
    for name in """morgan stanley|goldman sachs|charles schwab|wells fargo|dow jones|louis vuitton|
    christian dior|yves saint laurent|hugo boss|tommy hilfiger|calvin klein|ralph lauren|
    marc jacobs|estee lauder|jean paul gaultier|thomas cook|philip morris|arthur andersen|
    walt disney|john deere|jack daniel's|marks spencer|
    dolce gabbana|giorgio armani|hewlett packard|roland berger|oliver wyman|bain|
    mckinsey|kearney|boston consulting""".split("|")
)
# A name right after a street type is the street's name: "rue Victor Hugo".
STREET_WORDS = frozenset(
    """rue avenue boulevard bd place quai allee impasse chemin cours square passage street
    road avenue lane""".split()
)
# Verbs after a sentence's first word that make it the subject of a person's action, or
# (after a comma) the person spoken to: "Bryce, could you send the deck?".
PERSON_VERBS = frozenset(
    """is was has had will would says said spent lives lived shouted asked told wrote
    began joined est était a dit habite can could please pouvez peux""".split()
)
# Every naming cue ("name is", "called", "je m'appelle", "I'm") holds one of these:
# nam, nom, call, appel, i'm, i am, suis, c'est, surname, say, said, ask, repl, explain,
# added - grouped by first letter, so that the engine tries one branch per position
# instead of fifteen (2x faster; this runs for every unknown capitalised word).
NAMING_HINT = re.compile(
    r"(?i)n[ao]m|c(?:all|'est)|a(?:ppel|sk|dded)|i(?:'m| am)|s(?:uis|urname|ay|aid)|repl|explain"
)
# Words before a capitalised word that make it an employer: "a year at Guillaume";
# "&" too: "Johnson & Johnson".
EMPLOYER_CUES = frozenset({"at", "chez", "@", "for", "pour", "from", "de", "&"})
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


# Given names that are words and in no name list ("will" is a modal there).
WORD_GIVEN_NAMES = frozenset({"will", "pat", "elle"})
# Phrases right before a name that also is a word: "her maiden name is Key".
_NAMED = (
    "name is", "named", "called", "nom est", "appelle", "appelait", "named him", "named her",
    "called him", "called her",
    # Asked, then answered: "What's your last name? Mark" (not "the product name? Apple").
    "last name?", "first name?", "your name?", "full name?", "maiden name?", "surname?",
)  # fmt: skip
# "What's the name on the account? User: X Y", "Your surname? Bot: X".
_NAME_ASKED = re.compile(
    r"(?i)\b(?:name|nom|surname)\b(?! of\b)[^?\n]{0,40}\?[ \t]*[^\W\d_]{1,12}[ \t]?:[ \t]*$"
)
# A label on the line above that names the line below: "Name:\nSiiri", "Prénom :\nLéa".
NAME_LABEL_ABOVE = re.compile(r"(?i)(?:name|nom|pr[ée]nom|surname)[ \t]*:?[ \t]*$")


def named_before(text: str, start: int, end: int) -> bool:
    """True when a naming phrase ("name is", "called") ends one space before ``start``.

    Not for a speaker's label ending at ``end``: "Your surname? Client: X".
    """
    return (
        start > 1
        and text[start - 1] == " "
        and text.endswith(_NAMED, 0, start - 1)
        and not text.startswith(":", end)
    )


def name_asked(text: str, start: int) -> bool:
    """A question about a name answered after a speaker's label: "… name? User: X"."""
    return text[start - 2 : start] in (": ", ":") and (
        _NAME_ASKED.search(text, max(0, start - 90), start) is not None
    )
