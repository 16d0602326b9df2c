"""PERSON in lower-case texts (names of one locale, lists, speakers), dialogue, towns,
names that are words.

Found with the `fresh-names` and `unknown-names` probes of benchmarks/tools/pii_probe.py (half
A with other names of 24 locales). The names are made up or common ones.
"""

from __future__ import annotations

import pytest

from consentgate.redact import NameRecognizer

from ._helpers import person_names

_RECOGNIZER = NameRecognizer()


def _names(text: str, lang: str) -> list[str]:
    return person_names(_RECOGNIZER, text, lang)


LOWER_CASES = [
    # A surname of a full name found, back alone; not a word of a phrase that is no name.
    (
        "en",
        "the film was directed by philip latourelle and starring latourelle",
        ["philip latourelle", "latourelle"],
    ),
    ("en", "i met rose garden at the rose garden", []),
    # A list said to be people, read in a copy that capitalises all but its joins.
    (
        "en",
        "is there a better crafted pop song? torpy and salinas were precision engineers.",
        ["torpy", "salinas"],
    ),
    ("en", "they had 6: apples, pears, plums, figs, kiwis and limes.", []),
    # After a naming phrase any locale's first name: "her maiden name is chad".
    ("en", "she was born in 1989. her maiden name is chad", ["chad"]),
    ("en", "my name is chad", ["chad"]),
    ("en", "my name is not important", []),
    # Any first name (one locale's, or a word's) before a known surname that is no word.
    ("en", "follow up with jade dumont in a couple of months.", ["jade dumont"]),
    ("en", "the toralf norling band played last night", ["toralf norling"]),
    # A list most of whose items are known names, of one locale or more.
    (
        "en",
        "they had 6: liva, gunita, jade, marijana, møller and henriette.",
        ["liva", "gunita", "jade", "marijana", "møller", "henriette"],
    ),
    # A dialogue's speakers: a known name opening a line before a colon and a quote.
    (
        "en",
        'toralf: "who are you?"\nnorling:"i\'m here".',
        ["toralf", "norling"],
    ),
    # Speakers in no list, read as in a capitalised dialogue; what only people have
    # after "'s"; a word that takes a person is no first name.
    (
        "en",
        'doe: "who are you?"\nhozjan:"i\'m vestrand\'s daughter".',
        ["doe", "hozjan", "vestrand"],
    ),
    ("en", "have you heard evaldas szekeres speak yet?", ["evaldas szekeres"]),
    # Look-alikes: a garden of roses, a list of fruit, labels before a quote.
    ("en", "we planted a rose garden", []),
    ("en", "we bought apples, pears, plums and figs", []),
    ("en", 'note: "who are you?"\nanswer:"me".', []),
    ("en", "you will smith the metal", []),
    ("en", "bot: hi there\nuser: hello", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_CASES)
def test_lower_case_names(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# One speaker in no list whose every turn is a quote; not labels, nor turns unquoted.
SPEAKER_CASES = [
    (
        "en",
        'Torvasson: "Who are you?"\nTorvasson:"I\'m here".',
        ["Torvasson", "Torvasson"],
    ),
    ("en", "Torvasson: Who are you?\nTorvasson: I am here.", []),
    ("en", 'Warning: "disk full"\nWarning: "disk full"', []),
    ("en", 'Note: "Who are you?"\nNote:"hello".', []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SPEAKER_CASES)
def test_a_lone_speaker_of_quoted_turns(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Who is spoken to after a dialogue tag; a contact block whose town and country close it
# (the town is no name, and the short country names count).
DIALOGUE_AND_BLOCK_CASES = [
    ("en", "I'm so jealous! said Roque to Vestrand", ["Roque", "Vestrand"]),
    ("en", "Vardan Ojalvo\n\nLos Angeles\nUnited States", ["Vardan Ojalvo"]),
    ("en", "Vardan Ojalvo\n\nLeeds\nUK", ["Vardan Ojalvo"]),
    # Look-alikes: a city, a town line above its country.
    ("en", "I moved to Los Angeles last year", []),
    ("en", "Vardan Ojalvo\n\nPorsgrunn Hamre\nNorway", ["Vardan Ojalvo"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DIALOGUE_AND_BLOCK_CASES)
def test_dialogue_tags_and_town_lines(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Names that are words: given names in no name list before a known surname, and an
# everyday word where only a person fits.
WORD_NAME_CASES = [
    ("en", "Will Poška lives at 12 Main Street", ["Will Poška"]),
    ("en", "My name is Pat Maury.", ["Pat Maury"]),
    ("en", "Please change it to Elle Akar", ["Elle Akar"]),
    ("en", 'Hunter shouted at Long: "What are you doing here?"', ["Hunter", "Long"]),
    ("en", "I would like to remove my kid Case from the will.", ["Case"]),
    ("en", '"I\'m glad to hear that," says Wood.', ["Wood"]),
    ("en", "Summer is a very sympathetic person.", ["Summer"]),
    ("en", "a 1973 film directed by Brad L Key and starring Little", ["Brad L Key", "Little"]),
    ("en", "Long is a very long word", []),
    # Look-alikes: a modal's question, things that shout or laugh, a case to close.
    ("en", "Will Kowalski come to the party?", []),
    ("en", "The market laughed it off", []),
    ("en", "We need to close the Case before Friday.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), WORD_NAME_CASES)
def test_names_that_are_words(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Lower-case texts read more like capitalised ones: a title, a verb of speaking, a role
# or kinship noun before a name; a middle initial; two name-like words whose neighbours
# say "person"; never across a line break.
LOWER_CONTEXT_CASES = [
    ("en", "hello, this is dr. kyle kuefer. who are you?", ["kyle kuefer"]),
    ("en", '"i\'m glad to hear that," says hartvigsson.', ["hartvigsson"]),
    ("en", "songwriter zoe young employs corporate lingo", ["zoe young"]),
    ("en", "i would like to remove my kid florence from the will.", ["florence"]),
    ("en", "sometimes people call me csanád", ["csanád"]),
    ("en", "faina d. yefremova will be talking in the conference", ["faina d. yefremova"]),
    ("en", "tomomi nishiyama lives at 12 rua do arenque", ["tomomi nishiyama"]),
    # Look-alikes: a possessive's "s" is no initial, a verb no surname, a block's lines.
    ("en", "including bridgewater's parker and co", []),
    ("en", "järvilehto began writing as a teenager", ["järvilehto"]),
    ("en", "labor relations director\nkuefer", []),
    ("en", "we need plan b today", []),
    ("en", "ms. jones flew to oslo on saturday morning.", ["jones"]),
    ("en", "dexter lives on ziegelgasse 19 street.", ["dexter"]),
    ("en", "daniela c capon lives at 92597 jahu 80, liiva", ["daniela c capon"]),
    ("en", "the legend lives on in the songs", []),
    (
        "en",
        "is there a better song? usamov and bowers were precision engineers.",
        ["usamov", "bowers"],
    ),
    ("en", "date: 1970\nname: sieuwerd heuver\nphone: 0496 46 46 70", ["sieuwerd heuver"]),
    ("en", "a film directed by philip latourelle", ["philip latourelle"]),
    ("en", "apples and pears were cheap", []),
    ("en", "my name appears incorrectly on the statement", []),
    ("en", "i'm so jealous! said krūmiņš to staněk", ["krūmiņš", "staněk"]),
    ("en", "she named him knežević", ["knežević"]),
    ("en", "he said it to everyone", []),
    (
        "en",
        ">gyala antall\n>google public data explorer\n>gyala antall\n>3369 24 clarke avenue",
        ["gyala antall", "gyala antall"],
    ),
    ("en", "music lives in my heart", []),
    ("en", "mr. rangel flew to horten on monday morning.", ["rangel"]),
    ("en", "follow up with monika žilková in a couple of months.", ["monika žilková"]),
    ("en", "hi lācis, i'm contacting you about a transfer", ["lācis"]),
    ("en", "could you correct it to dr. licia carroll?", ["licia carroll"]),
    ("en", "hi there, i'm contacting you about a transfer", []),
    ("en", "what's your last name? procházka", ["procházka"]),
    ("en", "what is the name? it is fine", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_CONTEXT_CASES)
def test_lower_case_contexts(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected
