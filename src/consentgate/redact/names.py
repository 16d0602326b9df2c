"""PERSON names of people who are not members: first-name dictionaries plus capitalisation.

No statistical model runs here: Presidio with spaCy's small French model ran at 120-260
documents per CPU-second on our benchmark, 25-50 times slower than this whole redactor,
and no English model may be installed. Instead a name is
a run of capitalised words anchored on a known first name ("Léa Moreau", "John F.
Kennedy"), a title ("Mme Dupont", "Dr. House"), or a known last name in capitals
("DUPONT Jean"). Words that are also ordinary words ("Grace", "Pierre") need such a
companion, and never count at the start of a sentence on their own.
"""

from __future__ import annotations

import re

from consentgate.redact.base import Recognizer
from consentgate.redact.lexicon import (
    FOLD_TABLE,
    LOWER,
    UPPER,
    common_words,
    first_names,
    fold,
    last_names,
)
from consentgate.redact.results import RecognizerResult

_UP = UPPER
_LOW = LOWER
# The pattern opens with a character class, not the lookbehind, so that the regex
# engine can skip to candidate characters quickly (4x faster on prose).
_TOKEN = re.compile(rf"[{_UP}](?<![\w'’-].)(?:[{_LOW}{_UP}'’-]*[{_LOW}{_UP}]|\.)")
# What may sit between two words of one name: a space, or a particle.
_JOINER = re.compile(
    r"^(?: | (?:de|du|des|de la|van|von|der|van der|van den|di|da|del|della|dos|le|la|bin|ibn) )$"
)

_TITLES = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady m mme mlle madame monsieur mademoiselle
    docteur maitre me pr professeur""".split()
)
_GREETINGS = frozenset(
    """hi hello hey dear thanks thank congrats congratulations welcome cheers with and
    bonjour salut merci bravo felicitations cher chere avec et grace""".split()
)
_ORG_SUFFIXES = frozenset(
    """inc ltd llc plc sa sas sarl gmbh ag nv bv spa srl group groupe corp corporation company
    co consulting partners associates technologies solutions bank banque foundation
    fondation university universite school ecole institute institut labs lab capital
    ventures holdings systems software media studio studios agency agence""".split()
)
# Never a name on their own: months, days, places and brands that are also first names.
_NEVER_ALONE = frozenset(
    """january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche paris london lyon berlin madrid rome florence geneva sydney
    austin jordan chelsea victoria virginia georgia carolina dakota india china france
    germany spain italy christian christmas easter noel paques amazon apple google
    microsoft meta oracle tesla salesforce linkedin""".split()
)
# Words before a name that make two unknown capitalised words a person's name.
_NAME_CUES = frozenset(
    """with and thanks thank congrats congratulations meet meeting met welcome cc dear hi
    hello hey avec et merci bravo felicitations bienvenue cher chere bonjour salut""".split()
)
_NAMING_CUES = frozenset(
    ["name is", "named", "called", "m'appelle", "nom est", "i'm", "i am", "je suis", "moi c'est"]
)
_ACRONYMS = frozenset(
    """ceo cto cfo coo cmo vp svp evp hr rh drh pdg dg it ai ia ux ui pm po qa sql api aws gcp
    usa uk eu ue nyc sf""".split()
)
# What follows an organisation named after people: "Johnson & Johnson", "Ross and Sons".
_ORG_AFTER = re.compile(
    r"\s*(?:&|and Sons\b|and Co\b|et Fils\b|et Cie\b|,?\s(?:Inc|Ltd|LLC|SA|SAS|GmbH|AG)\b)"
)
# Well-known firms named after people, which the rules above would take for a person.
_KNOWN_ORGS = frozenset(
    name.strip()
    for name in """morgan stanley|goldman sachs|charles schwab|wells fargo|dow jones|louis vuitton|
    christian dior|yves saint laurent|hugo boss|tommy hilfiger|calvin klein|ralph lauren|
    marc jacobs|estee lauder|jean paul gaultier|thomas cook|philip morris|arthur andersen|
    walt disney|john deere|jack daniel's|marks spencer|
    dolce gabbana|giorgio armani|hewlett packard|roland berger|oliver wyman|bain|
    mckinsey|kearney|boston consulting""".split("|")
)
# A name right after a street type is the street's name: "rue Victor Hugo".
_STREET_WORDS = frozenset(
    """rue avenue boulevard bd place quai allee impasse chemin cours square passage street
    road avenue lane""".split()
)
_SENTENCE_END = '.!?…\n:;"«»“”()[]•*-–—|>'


def _is_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t'’":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


class NameRecognizer(Recognizer):
    """Names of people the platform does not know, in English and French."""

    name = "person_dictionary"
    entity_types = ("PERSON",)

    def __init__(self) -> None:
        self._first = first_names()
        self._last = last_names()
        self._common = common_words() | _NEVER_ALONE

    # The word lists are rebuilt from Faker in the worker rather than pickled.
    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._first = first_names()
        self._last = last_names()
        self._common = common_words() | _NEVER_ALONE

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Group capitalised words into runs and judge each run."""
        found: list[RecognizerResult] = []
        run: list[tuple[int, int, str]] = []
        prev_end = -1
        judge = self._judge
        for m in _TOKEN.finditer(text):
            start, end = m.span()
            word = m.group()
            possessive = word.endswith(("'s", "’s"))
            if possessive:
                end -= 2
                word = word[:-2]
            gap = start - prev_end
            if (
                run
                and (gap != 1 or text[prev_end] != " ")
                and (gap > 14 or not self._joined(text[prev_end:start], run[-1][2]))
            ):
                judge(text, run, found)
                run = []
            run.append((start, end, word.translate(FOLD_TABLE)))
            prev_end = end
            if possessive:
                judge(text, run, found)
                run = []
        if run:
            judge(text, run, found)
        return found

    @staticmethod
    def _joined(between: str, prev_word: str) -> bool:
        if _JOINER.match(between):
            return True
        # "Mr. Smith", "Dr. House": the dot of an abbreviated title does not end the name.
        return between == ". " and prev_word in _TITLES

    def _is_first(self, word: str) -> bool:
        if word in self._first:
            return True
        # Compound French first names: "Jean-Baptiste", "Marie-Ève".
        parts = word.split("-")
        return len(parts) == 2 and parts[0] in self._first and len(parts[1]) > 1

    def _judge(
        self, text: str, run: list[tuple[int, int, str]], out: list[RecognizerResult]
    ) -> None:
        n = len(run)
        if n == 1 and run[0][2] in self._common and run[0][2] not in self._first:
            return  # the common case: "The", "Our", "Merci" opening a sentence
        before = len(out)
        self._judge_run(text, run, out)
        if len(out) == before:
            return
        start = run[0][0]
        if start > 1 and text[start - 1] == " ":
            prev = text[max(0, start - 12) : start - 1].rsplit(None, 1)
            if prev and fold(prev[-1]) in _STREET_WORDS:
                del out[before:]
                return
        out[before:] = [r for r in out[before:] if fold(text[r.start : r.end]) not in _KNOWN_ORGS]

    def _judge_run(
        self, text: str, run: list[tuple[int, int, str]], out: list[RecognizerResult]
    ) -> None:
        n = len(run)
        i = 0
        while i < n:
            start, _, word = run[i]
            bare = word.rstrip(".")
            # Title + following words: "Mme Dupont", "Dr. Gregory House".
            if bare in _TITLES and i + 1 < n and not run[i + 1][2].endswith("."):
                j = self._extend(run, i + 1, limit=3)
                if j > i + 1:
                    out.append(self._result(run, i + 1, j, 0.85))
                i = j
                continue
            # An initial then a surname: "J. Smith".
            if (
                len(word) == 2
                and word.endswith(".")
                and i + 1 < n
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
                and (word in self._last or (word not in self._common and word not in _ACRONYMS))
                and i + 1 < n
                and self._is_first(run[i + 1][2])
                and not text[run[i + 1][0] : run[i + 1][1]].isupper()
            )
            if caps_surname or (not shouting and self._is_first(word)):
                j = self._extend(run, i + 1, limit=3)
                if j < n and run[j][2] in _ORG_SUFFIXES or self._org_follows(text, run[j - 1][1]):
                    i = j
                    continue
                score = self._score(text, run, i, j)
                if score is not None:
                    out.append(self._result(run, i, j, score))
                i = j
                continue
            if i == 0 and not shouting and self._plain_unknown(word):
                j = self._unknown_name(text, run)
                if j:
                    out.append(self._result(run, 0, j, 0.5))
                    i = j
                    continue
            i += 1

    def _plain_unknown(self, word: str) -> bool:
        return (
            word not in self._common
            and word not in _ORG_SUFFIXES
            and word not in _TITLES
            and not word.endswith(".")
        )

    def _unknown_name(self, text: str, run: list[tuple[int, int, str]]) -> int:
        """Words in no dictionary, taken as a name only when the words before say so.

        "Great meeting Ritva Nieminen", "merci à Mugur Tabacu", "My name is Siiri": the
        cue is a greeting, thanks or "with" before two unknown capitalised words, or
        "name is" before one. Returns how many words of the run form the name (0: none).
        """
        words = text[max(0, run[0][0] - 24) : run[0][0]].rsplit(None, 2)[-2:]
        if not words:
            return 0
        words = [fold(w).strip(",:;!") for w in words]
        before = words[-1]
        two = " ".join(words)
        if two in _NAMING_CUES or before in _NAMING_CUES:
            return 1 if len(run) == 1 else self._extend(run, 1, limit=2)
        if before not in _NAME_CUES or len(run) < 2:
            return 0
        j = self._extend(run, 1, limit=2)
        if j < 2 or not all(self._plain_unknown(w) for _, _, w in run[:j]):
            return 0
        if j < len(run) and run[j][2] in _ORG_SUFFIXES:
            return 0
        return j

    def _extend(self, run: list[tuple[int, int, str]], j: int, limit: int) -> int:
        # Take up to ``limit`` more words that can belong to a name (initials included).
        end = j
        while end < len(run) and end - j < limit:
            word = run[end][2]
            if word in _ORG_SUFFIXES or word in _TITLES and not word.endswith("."):
                break
            if len(word) == 2 and word.endswith("."):
                end += 1
                continue
            if word in self._last or self._is_first(word) or word not in self._common:
                end += 1
                continue
            break
        # A trailing initial ("Smith J.") is usually the start of the next sentence.
        while end > j and run[end - 1][2].endswith(".") and end == len(run):
            end -= 1
        return end

    def _score(self, text: str, run: list[tuple[int, int, str]], i: int, j: int) -> float | None:
        words = [w for _, _, w in run[i:j]]
        first = words[0]
        if len(words) > 1:
            known_last = any(w in self._last for w in words[1:])
            if known_last:
                return 0.85
            if first in _NEVER_ALONE or any(w in self._common for w in words[1:]):
                return None
            return 0.7 if first not in self._common else 0.5
        if first in _NEVER_ALONE:
            return None
        start = run[i][0]
        if first in self._common:
            # "Pierre" or "Grace" alone is a name only right after a greeting or "with".
            prev = re.search(r"(\w+)\W*$", text[max(0, start - 20) : start])
            return 0.6 if prev is not None and fold(prev.group(1)) in _GREETINGS else None
        if _is_sentence_start(text, start) and first in self._last and first not in self._first:
            return None
        return 0.6

    @staticmethod
    def _org_follows(text: str, end: int) -> bool:
        return _ORG_AFTER.match(text, end) is not None

    @staticmethod
    def _result(run: list[tuple[int, int, str]], i: int, j: int, score: float) -> RecognizerResult:
        return RecognizerResult(run[i][0], run[j - 1][1], "PERSON", score, "person_dictionary")
