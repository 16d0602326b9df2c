"""The shapes of the parts of an address block: units, postcodes, states, towns.

Patterns only, the same for every language: the words they hold (unit words, particles
of town names, regions' kinds, empty fields) are the neutral pack's (xx.toml,
`address.`). The block walk that uses them is block.py.
"""

from __future__ import annotations

import re

from consentgate.redact.lang.packs import lexicon
from consentgate.redact.lang.text import LOWER, UPPER

# The neutral pack's lists (units, particles of town names) are every language's.
_NEUTRAL = lexicon(())

# Latin letters and Greek ones: place names of Greece and Cyprus ("Αθήνα", "ΛΕΜΕΣΟΣ"),
# with the increment sign "∆" that legacy encodings leave for the capital delta
# ("ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ").
UP = UPPER + "ΆΈΉΊΌΎΏΑ-Ω∆"
LOW = LOWER + "ά-ώ"

# ------------------------------------------------------------------ block segments
UNIT_WORDS = _NEUTRAL.sequence("address.unit_words")
_UNIT = (
    rf"(?:(?:{UNIT_WORDS}|APT|SUITE|UNIT)\.?[ \t]*(?:No\.?[ \t]*)?#?[ \t]*|#[ \t]*)"
    r"[A-Za-z]?\d[\w-]{0,5}(?![\w])"
)
# Postcodes of the countries people write from: US ZIP(+4), 4-6 digits, Swedish/Czech
# "123 45", Polish "12-345", UK, Canadian and Dutch forms.
_POSTCODE = (
    # Longer forms first, or "1000-205" would stop at "1000" and "3707 CU" at "3707":
    # US ZIP+4, Portuguese "1000-205", Brazilian "01310-100", Dutch "3707 CU"; then the
    # country letters of European mail before a postcode: "H-1115", "D-10115", "CH-8000".
    r"(?:\d{5}-\d{4}|\d{4,5}-\d{3}|\d{4}[ ]?[A-Z]{2}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4,6}"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|[A-Z]{1,2}-\d{4,5}"
    # Irish Eircodes, a routing key and four signs, one a letter: "D02 X285", "T12 AB34".
    r"|[A-Z]\d[\dW][ ]?(?=[\dA-Z]{0,3}[A-Z])[A-Z\d]{4})(?![\w])"
)
# The units written most, alone or before a number: what the narrower unit patterns take.
COMMON_UNIT_WORDS = _NEUTRAL.sequence("address.common_unit_words")
UNIT_SET = frozenset(_NEUTRAL.ordered("address.unit_words")) | {
    "APT",
    "SUITE",
    "UNIT",
    "No",
    "Nr",
    "Box",
}
_STATE = r"[A-Z]{2,3}(?![\w.'’-])"
# A field left empty in exported records: a spreadsheet or dataframe writes a missing
# state or region as "nan", "null", "None" or "N/A" ("MOSS\n, nan\n 51971"). It stands in
# for the state: the block goes on after it, and it is no evidence of an address.
_EMPTY_FIELD = rf"(?:{_NEUTRAL.sequence('address.empty_fields')})(?![\w/])"
_PARTICLE = rf"(?:{_NEUTRAL.sequence('address.place_particles')})"
# A word that ends with a dot is an abbreviation ("St.", "Mt."), not a sentence's end
# ("… New Zealand. Thanks").
_PLACE_WORD = rf"[{UP}](?:[{LOW}{UP}]{{0,2}}\.|[{LOW}{UP}'’.-]*[{LOW}{UP}])|[{UP}]"
# Two particles may come together: "Tulln an der Donau", "Neumarkt in der Oberpfalz".
# A region's name may end with its kind in lower case: Czech and Slovak "kraj"
# ("Jihočeský kraj"), Swedish "län" ("Jönköpings län"), Hungarian "megye", Norwegian
# "fylke", Danish "amt", Czech "město" ("Hlavní město Praha" is its own region).
_REGION_KIND = rf"(?:{_NEUTRAL.sequence('address.region_kinds')})"
_CITY = (
    rf"(?:{_PLACE_WORD})(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}(?:{_PLACE_WORD})){{0,3}}"
    rf"(?:[ \t]+{_REGION_KIND}(?:[ \t]+{_PLACE_WORD})?)?"
)
# What may follow a city for it to count: the end of the line or text, a comma, sentence
# punctuation, or a state code / postcode on the same line. "Paris is lovely" is prose.
# (Or a province or the town's other name in brackets at the line's end: "Teramo (TE)",
# "ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)", "Biel (Bienne)".)
_BRACKETED = rf"\((?:[A-Z]{{2}}|[{UP}][{UP}{LOW}'’. -]{{2,30}})\)"
_CITY_END = (
    rf"(?=[ \t]*(?:$|\n|,|[.;!?)](?:\s|$)"
    rf"|[ \t]+(?:{_POSTCODE}|{_STATE}(?:[ \t,]|$)|\([A-Z]{{2}}\)|{_EMPTY_FIELD})"
    rf"|[ \t]+{_BRACKETED}[ \t]*(?:$|\n|,)))"
)
# After a country, a qualifier in brackets and the postcode: "Cyprus (Greek) 25572".
COUNTRY_TAIL = re.compile(rf"[ \t]*\([{UP}{LOW}][{UP}{LOW} .'’-]{{1,30}}\)(?:[ \t]+{_POSTCODE})?")

# What may open a line of a block besides indentation: e-mail quote marks (">", "|") and
# list bullets, "•" or "·" or, where an encoding step lost them, "?".
MARKS = r"[ \t>|•·?]*"
# A state code or postcode after a town proves it one even when its words are everyday
# words ("Port Grant, BC H9K 7C1", "Lake Guy / E0A 6PP").
STATE_OR_POSTCODE_NEXT = re.compile(rf"[ \t]*(?:,|\n{MARKS})?[ \t]*(?:{_STATE}[ \t]+)?{_POSTCODE}")
_INLINE = r"[ \t]*,?[ \t]*"  # same line: "Apt 5", ", ON", " 75002"
# A new line (a house number may end with a dot: "Wesselényi u. 94.") or a comma.
_BREAK = rf"\.?[ \t]*(?:,[ \t]*)?(?:\n{MARKS})(?:,[ \t]*)?|[ \t]*,[ \t]*"
_BLANK = rf"[ \t]*(?:\n{MARKS}){{2,3}}(?:,[ \t]*)?"  # an empty line inside the block

# The other street of an intersection: "Östbygatan 14 and Sigurmundsson Greens".
# Its name may open with a lower-case particle: "… and ten Boer Lane", "… and de Gaulle Ave".
CROSS_STREET = rf"(?:{_PARTICLE}[ \t]+)?[{UP}][\w'’-]+(?:[ \t]+[{UP}][\w'’-]+){{0,2}}"


EMPTY_SEGMENT = re.compile(rf"(?:{_INLINE}|{_BREAK})({_EMPTY_FIELD})")
EMPTY_FIRST = re.compile(_EMPTY_FIELD)
# A region given as a number on its own line after the town, as exported records write
# the governorates of some countries: "Cite Sfaxi\n, 13\n 44939". Like an empty field
# it stands for the state and proves nothing.
NUMERIC_REGION = re.compile(rf"[ \t]*\n{MARKS},[ \t]*\d{{1,2}}(?=[ \t]*(?:\n|$))")
# A second number on the street line, as Mexican addresses give the interior number
# after the building's: "Boulevard Nuevo León 614 929 / Apt. 839".
INTERIOR = re.compile(r"[ \t]+\d{1,4}[A-Za-z]?(?=[ \t]*(?:\n|,|$))")
SKIP = re.compile(r"[ \t,.\n>|•·?]*")
# US military mail, in any case: exported records mangle it ("dpo Ap 40902").
MILITARY = re.compile(rf"(?:{_BREAK}|{_INLINE})((?i:apo|fpo|dpo)[ \t]+(?i:aa|ae|ap)[ \t]+\d{{5}})")
MAX_SEGMENTS = 7
LEADING = re.compile(r"(?:^|(?<=[\s>|•·?:,]))\d{1,6}[A-Za-z]?,?[ \t]+$")
Segment = tuple[str, re.Pattern[str]]


def segments(conjunction: str) -> tuple[Segment, ...]:
    """The segments a block may go on with, in the order they are tried."""
    return (
        # A house number may end with a dot before the unit: "utca 76. Apt. 289".
        ("unit", re.compile(rf"(?:\.?{_INLINE}|{_BREAK}|{_BLANK})({_UNIT})")),
        ("postcode", re.compile(rf"(?:{_INLINE}|{_BREAK}|{_BLANK})({_POSTCODE})")),
        ("state", re.compile(rf"(?:{_INLINE}|{_BREAK})({_STATE})(?=[ \t]*(?:,|\n|$|{_POSTCODE}))")),
        # An Italian province in brackets after the town, "Scorrano (LE)", or its other name.
        ("province", re.compile(rf"[ \t]*({_BRACKETED})")),
        ("city", re.compile(rf"(?:{_BREAK})({_CITY}){_CITY_END}")),
        # On the same line only after a unit or postcode: "Apt. 289 Mogyorósbánya Hungary".
        ("inline_city", re.compile(rf"[ \t]+({_CITY}){_CITY_END}")),
        # Right after a postcode the capitalised words are its town even when the sentence
        # goes on: "… 87441 Pyhäranta if you want to drop by".
        # So may it on the next line: "… 3707 CU / Voorschoten if you want to drop by".
        ("postcode_city", re.compile(rf"(?:[ \t]+|{_BREAK})({_CITY})(?![\w'’-])")),
        # A post town in capitals needs no line end after it: "Suite 215 NUNGATTA Australia".
        (
            "inline_city",
            re.compile(
                rf"[ \t]+((?:[{UP}]{{2,}}[ \t]+)*[{UP}]{{3,}}(?:[ \t]+[{UP}][{LOW}]+)?)(?![\w'’-])"
            ),
        ),
        # A town and its country on the unit's line, the sentence going on after them:
        # "… Suite 907 Soloi Cyprus after the concert".
        (
            "town_country",
            re.compile(rf"[ \t]+((?:{_PLACE_WORD})(?:[ \t]+(?:{_PLACE_WORD})){{1,4}})"),
        ),
        # A country or city after an empty line only with its postcode: "Denmark 35018".
        ("city", re.compile(rf"(?:{_BLANK})({_CITY})(?=[ \t]+{_POSTCODE})")),
        ("cross", re.compile(rf"\.?[ \t]+{conjunction}[ \t]+({CROSS_STREET})(?![\w'’-])")),
        # A named place with a street type on the street's line, as an estate, business
        # park or building is written after the street: "Via Roma 5 Riverside Park".
        ("place", re.compile(rf"[ \t]+({CROSS_STREET})(?![\w'’-])")),
        # After a comma a town may be followed by the sentence going on: "… Korunní 12,
        # Praha last night". Tried last but one, when no other segment reads the words.
        ("prose_city", re.compile(rf"[ \t]*,[ \t]*({_CITY})(?=[ \t]+[{LOW}])")),
        # A country closes the block whatever follows it: "…, Tallinn, Estonia for this card".
        ("country", re.compile(rf"(?:{_BREAK})({_CITY})")),
    )


def is_year(number: str) -> bool:
    """A four-digit number from 1900 to 2099: a year more likely than a house number."""
    return len(number) == 4 and number[:2] in ("19", "20")
