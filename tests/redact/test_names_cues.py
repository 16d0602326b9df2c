"""PERSON: more ways posts and letters point at a person whose name is in no list.

Each table holds names found (positives) and look-alikes that must stay: firms,
products, places, capitalised sentence starts and everyday words, in English and French.
The names are made up or common ones; none comes from a benchmark.
"""

from __future__ import annotations

import pytest

from consentgate.redact import NameRecognizer

from ._helpers import person_names

_RECOGNIZER = NameRecognizer()


def _names(text: str, lang: str) -> list[str]:
    return person_names(_RECOGNIZER, text, lang)


# First name, middle initial, surname: the shape of a person's name wherever it stands.
INITIAL_CASES = [
    ("en", "Billing name: Erlendur G. Hafliðason", ["Erlendur G. Hafliðason"]),
    ("en", "Agatha Á Ottarsdóttir\n\nKeflavík", ["Agatha Á Ottarsdóttir"]),
    ("fr", "Destinataire : Aurélien B. Kervadec", ["Aurélien B. Kervadec"]),
    ("en", "Will B. Ready to ship?", []),
]

# Words after the name that say it is a person: a role in apposition or a headline, a
# pronoun tag, "X, she...", "X and I", a trait only people have.
AFTER_CASES = [
    ("en", "I want to add Tamaz Shengelia as a beneficiary.", ["Tamaz Shengelia"]),
    ("en", "Ngozi Adeyemi, our new CTO, starts on Monday.", ["Ngozi Adeyemi"]),
    ("en", "Nodar Kvaratskhelia | Senior Engineer at Initech", ["Nodar Kvaratskhelia"]),
    ("en", "Zurab Beridze (he/him) leads the data team.", ["Zurab Beridze"]),
    ("en", "Send it to Zurab, he will sort it out.", ["Zurab"]),
    ("en", "Chidi and I went to the same school.", ["Chidi"]),
    ("en", "Rangi, the photographer, said it was fine.", ["Rangi"]),
    ("en", "Kvaratskhelia is very reliable.", ["Kvaratskhelia"]),
    ("en", "Why is Glykeria so impulsive?", ["Glykeria"]),
    ("fr", "Dzenana Mehmedović, notre nouvelle directrice, arrive lundi.", ["Dzenana Mehmedović"]),
    ("fr", "Zurabi est très sympa.", ["Zurabi"]),
    # Look-alikes: firms, products and places with a role or trait that is no person's.
    ("en", "Add Initech as a supplier.", []),
    ("en", "Kubernetes, our new platform, is live.", []),
    ("en", "Zoom is very reliable.", []),
    ("en", "Excel is so slow today.", []),
    ("en", "Tableau | Analytics software", []),
    ("en", "Why is Figma so slow?", []),
    ("fr", "Initech, notre nouveau fournisseur, livre lundi.", []),
]

# Words before the name: a role owned by someone, a job, a verb whose object is a person,
# a question put to someone, "ex-" a band, a name called out.
BEFORE_CASES = [
    ("en", "My manager, Kaveh Farahani, approved it.", ["Kaveh Farahani"]),
    ("en", "Our songwriter Zurab wrote the chorus.", ["Zurab"]),
    ("en", "I met Chidi at the meetup.", ["Chidi"]),
    ("en", "Please ask Zurab to call me.", ["Zurab"]),
    ("en", "Thank you Rangi for the help!", ["Rangi"]),
    ("en", "I've known Zurab for ten years.", ["Zurab"]),
    ("en", "Can Chidi call me back?", ["Chidi"]),
    ("en", "Does Zurab know about this?", ["Zurab"]),
    ("en", "A cover by ex-Beatle Sedlák is out.", ["Sedlák"]),
    ("en", "Don't go to town, Zurab!", ["Zurab"]),
    ("fr", "Mon manager, Kaveh Farahani, a validé.", ["Kaveh Farahani"]),
    # Look-alikes: products, places and firms after the same words.
    ("en", "I met Berlin at its best.", []),
    ("en", "Can Docker run on ARM?", []),
    ("en", "Does Tableau support it?", []),
    ("en", "Thank you Acme Corp for the help!", []),
    ("en", "Our developer Portal is down.", []),
    ("en", "Great job, Team!", []),
    ("fr", "Merci Initech SA pour l'aide !", []),
]

# Where someone lives is a person's context, whatever the letters of the name.
LIVES_CASES = [
    ("en", "Dexter lives on Ziegelgasse 19.", ["Dexter"]),
    ("en", "Trivo lives in Split with his family.", ["Trivo"]),
    ("fr", "Trivo habite à Lyon.", ["Trivo"]),
    ("en", "Democracy lives on in Athens.", []),
    ("en", "Hope lives in Boston.", []),
    ("en", "The legacy lives on.", []),
]

# Naming phrases and dialogue turns.
NAMING_CASES = [
    ("en", "I'm Tamaz Shengelia, originally from Kutaisi.", ["Tamaz Shengelia"]),
    ("en", "I'm Tamaz, originally from Kutaisi.", ["Tamaz"]),
    ("en", "She named him Zurab", ["Zurab"]),
    ("en", "Nodar: What a day.\nZurab: Remember me?", ["Nodar", "Zurab"]),
    ("en", "I'm Sorry for the delay.", []),
    ("en", "I'm Back!", []),
    ("en", "Bot: What's your order?\nUser: A pizza", []),
    ("en", "Note: bring the keys.\nUpdate: done.", []),
    ("fr", "Remarque : apporter les clés.\nRéponse : fait.", []),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    INITIAL_CASES + AFTER_CASES + BEFORE_CASES + LIVES_CASES + NAMING_CASES,
)
def test_names_in_a_persons_context(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Affiliation and description: "X from Initech", "X of Initech", "X is a very kind person".
INTRO_CASES = [
    ("en", "Tamaz Shengelia from Initech is the keynote speaker.", ["Tamaz Shengelia"]),
    ("en", "We honour Ester Põldmaa of Initech this year.", ["Ester Põldmaa"]),
    ("en", "The Gulf of Mexico is warm", []),
    ("en", "Terms of Service apply", []),
    ("en", "Tamaz is a very sympathetic person.", ["Tamaz"]),
    ("fr", "Zurabi est un excellent avocat.", ["Zurabi"]),
    ("en", "Greetings from Tbilisi!", []),
    ("en", "Data Science from Scratch is a classic.", []),
    ("en", "Python is a great tool for every analyst.", []),
    ("fr", "Initech est un excellent fournisseur.", []),
]

# Heads of address blocks: after an address field's label, or closed by a country.
HEAD_CASES = [
    ("en", "Billing address: Tamaz Shengelia\n    12 Rustaveli Ave", ["Tamaz Shengelia"]),
    ("fr", "Adresse de livraison : Aurélien Kervadec\n12 rue des Lilas", ["Aurélien Kervadec"]),
    ("en", "Tamaz Shengelia\n\nKutaisi\nGeorgia", ["Tamaz Shengelia"]),
    ("en", "Ship to: Customer Service\n  12 Main St", []),
    ("en", "Acme Holdings\n\nBerlin\nGermany", []),
    ("fr", "Adresse : Service Client\n12 rue des Lilas", []),
]

# Texts in lower case: two words that both read clearly as a name.
LOWER_CASES = [
    ("en", "follow up with dzenan mehmedović next month", ["dzenan mehmedović"]),
    ("fr", "relance chidi moyo la semaine prochaine", ["chidi moyo"]),
    ("en", "the gender of kvaratskhelia has been debated", []),
    ("en", "follow up with kubernetes upgrades next month", []),
    ("fr", "relance le service client la semaine prochaine", []),
    # After a word that takes a person, two words in no list need only not read as words.
    ("en", "have you heard nijito asano speak yet?", ["nijito asano"]),
    ("fr", "réunion avec nijito asano demain", ["nijito asano"]),
    ("en", "we met with quality assurance folks", []),
    ("fr", "réunion avec le service qualité demain", []),
    # After a naming phrase a first name that is also a word counts; its sequels do not.
    ("en", "my name is frank freud but they call me frankie", ["frank freud", "frankie"]),
    ("en", "hi, my name is mark", ["mark"]),
    ("en", "the name is said to be old", []),
    ("en", "it was named after the river", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), INTRO_CASES + HEAD_CASES + LOWER_CASES)
def test_introductions_heads_and_lower_case(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Lists announced by a plural noun for people; a person receiving their things.
LIST_CASES = [
    (
        "en",
        "Initech is the brainchild of our 3 founders: Tamaz Shengelia, Chidi Moyo and Zurab.",
        ["Tamaz Shengelia", "Chidi Moyo", "Zurab"],
    ),
    (
        "en",
        "Speakers: Nodar Kvaratskhelia and Dzenan Mehmedović.",
        ["Nodar Kvaratskhelia", "Dzenan Mehmedović"],
    ),
    (
        "fr",
        "Nos intervenants : Aurélien Kervadec et Zurabi Beridze.",
        ["Aurélien Kervadec", "Zurabi Beridze"],
    ),
    ("en", "Scott had given Zurab his address.", ["Scott", "Zurab"]),
    ("en", "Partners: Initech, Acme Corp and Globex.", []),
    ("en", "Our sponsors: Initech and Globex.", []),
    ("en", "Speakers: Main Hall and Room B.", []),
    ("fr", "Partenaires : Initech et Globex.", []),
    ("en", "We sent Globex their invoice.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LIST_CASES)
def test_announced_lists_and_receivers(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Credits, gestures, speaking appositions, performers' and players' roles.
CREDIT_CASES = [
    ("en", "The remix featuring Tamaz Shengelia is out.", ["Tamaz Shengelia"]),
    ("en", "A tribute to Nodar Kvaratskhelia, who retired.", ["Nodar Kvaratskhelia"]),
    ("en", "Scott shouted at Zurab: stop!", ["Scott", "Zurab"]),
    ("en", "Rangi, the cinematographer, said it was fine.", ["Rangi"]),
    ("en", "Initech songwriter Zurab employs corporate lingo.", ["Zurab"]),
    ("fr", "La chanteuse Zurabi Beridze sera là.", ["Zurabi Beridze"]),
    ("en", "The remix featuring Dolby Atmos is out.", []),
    ("en", "The team shouted at Initech Corp for the delay.", []),
    ("en", "Kubernetes, the orchestrator, runs everything.", []),
    ("en", "A tribute to Rock Music in the sixties.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CREDIT_CASES)
def test_credits_and_performers(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Particles before a surname that is also a word; a surname coming back alone; an
# everyday word as first name before a known surname after a credit.
PARTICLE_CASES = [
    ("en", "Willemijn ten Pas will be talking at the meetup", ["Willemijn ten Pas"]),
    ("en", "Met Jan van Dam today.", ["Jan van Dam"]),
    ("fr", "Rencontre avec Jean de La Fontaine", ["Jean de La Fontaine"]),
    ("en", "Directed by Brad L Key and starring Key", ["Brad L Key", "Key"]),
    ("en", "Grace Park joined us. Park said yes.", ["Grace Park"]),
    ("en", "Grace Park joined us. We walked in the Park later.", ["Grace Park"]),
    ("en", "A mandolin coda (not by Elle Sandström).", ["Elle Sandström"]),
    ("fr", "Une chanson écrite par Rose Dupuis.", ["Rose Dupuis"]),
    ("en", "Banque de France said no.", []),
    ("en", "Shipped by Royal Mail today.", []),
    ("en", "Made by General Electric.", []),
    ("fr", "Livré par La Poste demain.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PARTICLE_CASES)
def test_particles_surnames_and_credits(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Lower-case texts: a word that reads as a name judged by its neighbours; states of
# machines and services after "is" vouch for nobody, in any case.
LOWER_CONTEXT_CASES = [
    ("en", "the true gender of lempi has been under debate", ["lempi"]),
    ("en", "i met zurab at the meetup", ["zurab"]),
    ("fr", "j'ai croisé zurab, il va bien", ["zurab"]),
    ("en", "kubernetes is down again", []),
    ("en", "my iban is gb82west12345698765432", []),
    ("fr", "mon rib est en pièce jointe", []),
    ("en", "Kubernetes is down.", []),
    ("en", "Jira was offline all day.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LOWER_CONTEXT_CASES)
def test_lower_case_context_and_states(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# A role with a modifier ("a data engineer"), and lists said to be people.
ROLE_LIST_CASES = [
    ("en", "Zurab is a data engineer.", ["Zurab"]),
    ("en", "Muslija and Brown were precision engineers.", ["Muslija", "Brown"]),
    ("fr", "Kvaratskhelia et Beridze sont avocats.", ["Kvaratskhelia", "Beridze"]),
    ("en", "Python is a programming language.", []),
    ("en", "Initech and Globex were software vendors.", []),
    ("en", "Apple and Google are tech giants.", []),
    ("fr", "Initech et Globex sont des fournisseurs.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ROLE_LIST_CASES)
def test_roles_with_modifiers_and_people_lists(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Letters and messages are signed: the name after a sign-off and its comma.
SIGN_OFF_CASES = [
    ("en", "See you soon.\n\nBest regards,\nNodar Kvaratskhelia", ["Nodar Kvaratskhelia"]),
    ("en", "Signed, Zurab Beridze", ["Zurab Beridze"]),
    ("fr", "Merci,\nZurabi", ["Zurabi"]),
    ("fr", "Bien à vous.\nCordialement,\nDzenana Mehmedović", ["Dzenana Mehmedović"]),
    ("en", "Thanks,\nCustomer Service", []),
    ("en", "Best regards,\nInitech Support Team", []),
    ("fr", "Cordialement,\nService Client", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SIGN_OFF_CASES)
def test_names_after_a_sign_off(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Cues found by probing half A with names the dictionaries lack (benchmarks/pii_probe.py):
# a greeting with its comma, what only people have ("X's daughter"), a name corrected
# ("change it to X Y" after "name"), "heard X speak". The names are invented ones whose
# letters read only weakly as a name ("Quastrel", "Brannoch"), so the cue decides.
PROBE_CASES = [
    ("en", "Hi Quastrel, I'm writing about my transfer", ["Quastrel"]),
    ("en", "Hello Quastrel, thanks for the call", ["Quastrel"]),
    ("en", "Here is Brannoch's daughter with the keys", ["Brannoch"]),
    ("en", "Brannoch's late wife ran the shop", ["Brannoch"]),
    (
        "en",
        "The name on my card is wrong, please change it to Brannoch Tessivar",
        ["Brannoch Tessivar"],
    ),
    ("en", "Have you heard Ravello Orvelt speak yet?", ["Ravello Orvelt"]),
    # The levels a name in no list must pass after a cue, lowered for names the model
    # never saw: "Staneck" and "Tessivar" read slightly as words.
    ("en", "Staneck spent a year in Oslo", ["Staneck"]),
    ("en", "I sat next to my colleague Tessivar all week", ["Tessivar"]),
    ("en", "Brannoch is a nice guy", ["Brannoch"]),
    ("en", "I sat next to our director Trivo all week", ["Trivo"]),
    ("en", "What's your name? Lara  Fiorentino", ["Lara  Fiorentino"]),
    ("en", "A 1996 action-comedy starring Ronner", ["Ronner"]),
    ("en", 'Rennie: "Who are you?"\nTorvak: "A friend".', ["Rennie", "Torvak"]),
    ("en", "Zalando is a great place to work", []),
    ("en", "Written by Ronner", []),
    ("en", "Bot: How can I help?\nDad: Hello there", []),
    ("en", "Caller: hi\nOperator: hello", []),
    ("en", "Note: call me\nUpdate: done", []),
    # What follows the subject is "his": "X listed his top songs".
    ("en", "Brannoch Tessivar listed his top 20 songs", ["Brannoch Tessivar"]),
    ("en", "Tessivar sold his car last week", ["Tessivar"]),
    ("en", "Spotify and his friends", []),
    # A title in lower case before a name that is also a word; not the end of a word.
    ("en", "I'd like to join accounts with ms. Key", ["Key"]),
    ("en", "Items: 3 drums. Key features below", []),
    ("en", "Slack is a great tool", []),
    # Look-alikes: greetings to groups, a firm's belongings, "to" with no name nearby.
    ("en", "Hi Team, the release is out", []),
    ("en", "Hi Everyone, welcome aboard", []),
    ("en", "Brannoch's revenue grew again", []),
    ("en", "Please change it to Brannoch Tessivar", []),
    ("en", "The file name is wrong, please rename it to Budget Final", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PROBE_CASES)
def test_cues_found_by_the_unknown_name_probe(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# A question about a name answered after a speaker's label; a first name of one locale
# opening a text vouched for by a surname the model reads clearly as a name.
ASKED_CASES = [
    ("en", "Bot: What's the name on the account? User: Vardan Ojalvo", ["Vardan Ojalvo"]),
    ("en", "Agent: Your surname? Client: Ojalvo", ["Ojalvo"]),
    ("en", "Jouni Hahlinen\n\nBerlin", ["Jouni Hahlinen"]),
    # A first name the model reads a little like a word may still open a name after a
    # strong cue.
    ("en", "I work with my manager, Estra Velst, every day.", ["Estra Velst"]),
    ("en", "The name on my card is wrong, please change it to Estra Velst", ["Estra Velst"]),
    # A first name that is also a word, asked for, in a dialogue tag, or where it lives.
    ("en", "What's your last name? Mark", ["Mark"]),
    ("en", "I'm so jealous! said Mark to Baker", ["Mark", "Baker"]),
    ("en", "Hope lives on Main Street", ["Hope"]),
    ("en", "What's the product name? Apple", []),
    ("en", "Hope lives on in our hearts", []),
    # Look-alikes: the name of a thing, a server's error or tool, a question with no
    # name in it.
    ("en", "Bot: What's the name of the film? User: Blade Runner", []),
    ("en", "Server Error\n\nRetry later", []),
    ("en", "Server Kubernetes", []),
    ("en", "Bot: Where to? User: Ojalvo Plaza", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ASKED_CASES)
def test_names_asked_for_and_clear_surnames(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected


# Names of languages whose everyday words the main model counts against a name ("Esam"
# reads like a word there): where a role, a naming phrase, a block's head or a dialogue
# says "person", a second model with English and French words only decides. Elsewhere
# the main model still keeps brands and words out.
ROLE_MODEL_CASES = [
    ("en", "Producer Esam Kapić explained it to the press", ["Esam Kapić"]),
    ("en", "The name on my card is wrong, please change it to Esam Kapić", ["Esam Kapić"]),
    ("en", "Esam Kapić\n\n0104 Hafnarstraeti 5\n Suite 179\n Akureyri", ["Esam Kapić"]),
    ("en", "Dravo: What a wife.\nKapić: Remember me?", ["Dravo", "Kapić"]),
    ("en", "Preko is a great tool", []),
    ("en", "Ravo Tivo is down again", []),
    ("en", "The remix featuring Dolby Atmos is out.", []),
    # An account held in a name, one word from a firm, a verb before the second model.
    ("en", "Maybe it's under Dravo Kapić", ["Dravo Kapić"]),
    ("en", "It's under Construction Works", []),
    ("en", "the file is under Documents", []),
    ("en", "Marivo is from Civic Impulse LLC", ["Marivo"]),
    ("en", "Marivo is from Berlin", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ROLE_MODEL_CASES)
def test_second_model_where_the_place_says_person(
    lang: str, text: str, expected: list[str]
) -> None:
    assert _names(text, lang) == expected


# A first name that is also a word ("Pat", "Grace") after a title, and a first name or
# surname that is also a word on the head line of a contact block beside a word in no
# list; every word of the line an everyday word stays out.
WORD_NAME_CASES = [
    ("en", "Hello, this is Dr. Pat Udinak. Who are you?", ["Pat Udinak"]),
    ("en", "could you please correct it to Mr. Grace Lukácsy?", ["Grace Lukácsy"]),
    ("en", "Danilo Young\nAcme\n12 Main Street", ["Danilo Young"]),
    ("en", "danilo young\ngarcia-smith\nunit 1009 box 0219\ndpo ap 51065", ["danilo young"]),
    ("en", "Pat Kríž\n\n3536 1659 Hoog St\n Apt. 839", ["Pat Kríž"]),
    ("en", "Pat Lie\n\n3536 1659 Hoog St\n Apt. 839", []),
    ("en", "Rose Garden\n\n12 Main Street\nLondon", []),
    # A particle and the surname it introduces on a head line; a former band member.
    (
        "en",
        "Billing address: Willemine ten Pas\n    764 Fagradalsbraut 71 Apt. 762\n   Egilsstaðir",
        ["Willemine ten Pas"],
    ),
    ("en", "Jan van der Berg\n\n12 Main Street\nLondon", ["Jan van der Berg"]),
    ("en", "Ten Pas Games\n\n12 Main Street", []),
    ("en", "This song by ex-Zombie Key is a perfect example", ["Key"]),
    # A name that is a word, greeted, asked at a sentence's start, or named by "call me".
    ("en", "Hi Green, I am contacting you about a transfer", ["Green"]),
    ("en", "Black, can I please speak to your boss?", ["Black"]),
    ("en", "Sometimes people call me Long", ["Long"]),
    ("en", "Hello World, can I ask something?", []),
    ("en", "Sorry, can I ask something?", []),
    ("en", "Please call me Tomorrow", []),
    # A trait said of people only ("impulsive"), not one said of tools too ("long").
    ("en", "Why is Black so impulsive?", ["Black"]),
    ("en", "Why is Monday so long?", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), WORD_NAME_CASES)
def test_names_that_are_words_after_titles_and_on_heads(
    lang: str, text: str, expected: list[str]
) -> None:
    assert _names(text, lang) == expected


# Lists, dialogues and announced lists whose names open with a capital outside A-Z.
ACCENTED_LIST_CASES = [
    (
        "en",
        "They had 6: Ödvarsk, Živković, Jouni, Liisa, Enrico and Abramovich.",
        ["Ödvarsk", "Živković", "Jouni", "Liisa", "Enrico", "Abramovich"],
    ),
    (
        "en",
        "Muslaj: What a wife.\nÁsgeirsdóttir: Remember me, Alice?\nChristopher: Thanks!",
        ["Muslaj", "Ásgeirsdóttir", "Alice", "Christopher"],
    ),
    (
        "en",
        "The firm is the brainchild of our 3 founders: Ásgeirsdóttir, Mark and Pálffy.",
        ["Ásgeirsdóttir", "Pálffy"],
    ),
    ("en", "We visited Évora, Óbidos and Tomar last summer.", []),
    # After a naming cue, a surname that a particle introduces may be a word.
    ("en", "Name:    Willemine ten Pas\nAddress:     83393 Pärna 33", ["Willemine ten Pas"]),
    ("en", "My name is Willemine IBAN", ["Willemine"]),
    # An everyday word as the subject of "lives on" a street whose name opens with one.
    ("en", "Hunter lives on Österlånggatan 5.", ["Hunter"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ACCENTED_LIST_CASES)
def test_lists_with_accented_capitals(lang: str, text: str, expected: list[str]) -> None:
    assert _names(text, lang) == expected
