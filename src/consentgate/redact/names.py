"""PERSON names of people who are not members: first-name dictionaries plus capitalisation.

No statistical model runs here: a spaCy pipeline costs ~1 ms per text, twenty times the
budget of the whole redactor, and no English model may be installed. Instead a name is
a run of capitalised words anchored on a known first name ("Léa Moreau", "John F.
Kennedy"), a title ("Mme Dupont", "Dr. House"), or a known last name in capitals
("DUPONT Jean"). Words that are also ordinary words ("Grace", "Pierre") need such a
companion, and never count at the start of a sentence on their own.
"""

from __future__ import annotations

import re

from consentgate.redact.base import Recognizer
from consentgate.redact.lexicon import common_words, first_names, fold, last_names
from consentgate.redact.results import RecognizerResult

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_TOKEN = re.compile(rf"(?<![\w'’-])[{_UP}][{_LOW}{_UP}'’-]*[{_LOW}{_UP}]|(?<![\w'’-])[{_UP}]\.")
_POSSESSIVE = re.compile(r"['’]s$")
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
        for m in _TOKEN.finditer(text):
            start, end = m.span()
            word = m.group()
            possessive = _POSSESSIVE.search(word)
            if possessive:
                end -= 2
                word = word[:-2]
            if run and not self._joined(text[prev_end:start], run[-1][2]):
                self._judge(text, run, found)
                run = []
            run.append((start, end, fold(word)))
            prev_end = end
            if possessive:
                self._judge(text, run, found)
                run = []
        if run:
            self._judge(text, run, found)
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
        i = 0
        while i < n:
            start, _, word = run[i]
            bare = word.rstrip(".")
            # Title + following words: "Mme Dupont", "Dr. Gregory House".
            if bare in _TITLES and i + 1 < n and not run[i + 1][2].endswith("."):
                j = self._extend(run, i + 1, limit=3)
                if j > i + 1 or run[i + 1][2] not in self._common:
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
                and word in self._last
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
            i += 1

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
        tail = text[end : end + 3]
        return tail.startswith((" &", " et Cie", "&"))

    @staticmethod
    def _result(run: list[tuple[int, int, str]], i: int, j: int, score: float) -> RecognizerResult:
        return RecognizerResult(run[i][0], run[j - 1][1], "PERSON", score, "person_dictionary")
