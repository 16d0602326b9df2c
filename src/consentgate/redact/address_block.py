"""The rest of an address after its street line: unit, city, region, postcode, country.

An address is a block: a street line, then possibly a unit ("Apt. 5", "Suite 200"), a
city, a state or region code, a postcode and a country, separated by commas or line
breaks, in an order that varies by country. Once a street line is found, the block is
followed forward segment by segment, so the whole address is redacted and not only its
first line. Street lines themselves are found in address.py and address_lines.py.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from consentgate.redact.lexicon import LOWER, UPPER, fold, vocabulary
from consentgate.redact.street_lexicon import english_street_types

# Latin letters and Greek ones: place names of Greece and Cyprus ("Αθήνα", "ΛΕΜΕΣΟΣ"),
# with the increment sign "∆" that legacy encodings leave for the capital delta
# ("ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ").
_UP = UPPER + "ΆΈΉΊΌΎΏΑ-Ω∆"
_LOW = LOWER + "ά-ώ"

# ------------------------------------------------------------------ block segments
_UNIT_WORDS = (
    r"Apt|Apartment|Appt|Appartement|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building"
    r"|Dept|Box|Bâtiment|Bât|Étage|Etage|Escalier|Esc|Porte|Wohnung|Whg|Piso|Andar|Lgh"
    # Spanish and Latin American "Dpto." / "Depto." / "Dto." / "Puerta" / "Edif." / "Of."
    # (office) / "Local" / "Torre" (tower), Italian
    # "Appartamento" / "Interno" / "Scala" / "Piano" (floor), Mexican "Interior",
    # Romanian "Bl." / "Sc." / "Ap." / "Et." (block, stair, flat, floor), Australian
    # "Level".
    r"|Dpto|Depto|Dto|Puerta|Edif|Interior|Of|Oficina|Local|Torre|Appartamento|Interno|Int"
    r"|Scala|Piano|Bl|Sc|Ap|Et|Level"
    # New Zealand rural delivery: "RD 3".
    r"|RD"
)
_UNIT = (
    rf"(?:(?:{_UNIT_WORDS}|APT|SUITE|UNIT)\.?[ \t]*(?:No\.?[ \t]*)?#?[ \t]*|#[ \t]*)"
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
COMMON_UNIT_WORDS = r"Apt|Apartment|Suite|Ste|Unit|Flat"
UNIT_SET = frozenset(_UNIT_WORDS.split("|")) | {"APT", "SUITE", "UNIT", "No", "Nr", "Box"}
_STATE = r"[A-Z]{2,3}(?![\w.'’-])"
# A field left empty in exported records: a spreadsheet or dataframe writes a missing
# state or region as "nan", "null", "None" or "N/A" ("MOSS\n, nan\n 51971"). It stands in
# for the state: the block goes on after it, and it is no evidence of an address.
_EMPTY_FIELD = r"(?:nan|NaN|NAN|null|NULL|None|none|N/A|n/a)(?![\w/])"
_PARTICLE = (
    # Czech "u" (near): "Turkovice u Prelouce", "Kostelec nad Orlicí".
    r"(?:nad|pod|u|na|de|la|le|del|della|am|an|im|der|bei|ob|sur|en|upon|on|di|da|do|dos|das"
    r"|ter|ten|van|aan|den)"
)
# A word that ends with a dot is an abbreviation ("St.", "Mt."), not a sentence's end
# ("… New Zealand. Thanks").
_PLACE_WORD = rf"[{_UP}](?:[{_LOW}{_UP}]{{0,2}}\.|[{_LOW}{_UP}'’.-]*[{_LOW}{_UP}])|[{_UP}]"
# Two particles may come together: "Tulln an der Donau", "Neumarkt in der Oberpfalz".
# A region's name may end with its kind in lower case: Czech and Slovak "kraj"
# ("Jihočeský kraj"), Swedish "län" ("Jönköpings län"), Hungarian "megye", Norwegian
# "fylke", Danish "amt", Czech "město" ("Hlavní město Praha" is its own region).
_REGION_KIND = r"(?:kraj|län|megye|fylke|amt|město)"
_CITY = (
    rf"(?:{_PLACE_WORD})(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}(?:{_PLACE_WORD})){{0,3}}"
    rf"(?:[ \t]+{_REGION_KIND}(?:[ \t]+{_PLACE_WORD})?)?"
)
# What may follow a city for it to count: the end of the line or text, a comma, sentence
# punctuation, or a state code / postcode on the same line. "Paris is lovely" is prose.
# (Or a province or the town's other name in brackets at the line's end: "Teramo (TE)",
# "ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)", "Biel (Bienne)".)
_BRACKETED = rf"\((?:[A-Z]{{2}}|[{_UP}][{_UP}{_LOW}'’. -]{{2,30}})\)"
_CITY_END = (
    rf"(?=[ \t]*(?:$|\n|,|[.;!?)](?:\s|$)"
    rf"|[ \t]+(?:{_POSTCODE}|{_STATE}(?:[ \t,]|$)|\([A-Z]{{2}}\)|{_EMPTY_FIELD})"
    rf"|[ \t]+{_BRACKETED}[ \t]*(?:$|\n|,)))"
)
# After a country, a qualifier in brackets and the postcode: "Cyprus (Greek) 25572".
_COUNTRY_TAIL = re.compile(
    rf"[ \t]*\([{_UP}{_LOW}][{_UP}{_LOW} .'’-]{{1,30}}\)(?:[ \t]+{_POSTCODE})?"
)

# What may open a line of a block besides indentation: e-mail quote marks (">", "|") and
# list bullets, "•" or "·" or, where an encoding step lost them, "?".
MARKS = r"[ \t>|•·?]*"
# A state code or postcode after a town proves it one even when its words are everyday
# words ("Port Grant, BC H9K 7C1", "Lake Guy / E0A 6PP").
_STATE_OR_POSTCODE_NEXT = re.compile(rf"[ \t]*(?:,|\n{MARKS})?[ \t]*(?:{_STATE}[ \t]+)?{_POSTCODE}")
_INLINE = r"[ \t]*,?[ \t]*"  # same line: "Apt 5", ", ON", " 75002"
# A new line (a house number may end with a dot: "Wesselényi u. 94.") or a comma.
_BREAK = rf"\.?[ \t]*(?:,[ \t]*)?(?:\n{MARKS})(?:,[ \t]*)?|[ \t]*,[ \t]*"
_BLANK = rf"[ \t]*(?:\n{MARKS}){{2,3}}(?:,[ \t]*)?"  # an empty line inside the block

# The word joining the streets of an intersection, also as a title-cased copy of a
# lower-case text writes it ("… Kuusiku 7 And Alexander Flat").
CONJUNCTION = r"(?:and|And|&|et|Et)"
# The other street of an intersection: "Östbygatan 14 and Sigurmundsson Greens".
# Its name may open with a lower-case particle: "… and ten Boer Lane", "… and de Gaulle Ave".
_CROSS_STREET = rf"(?:{_PARTICLE}[ \t]+)?[{_UP}][\w'’-]+(?:[ \t]+[{_UP}][\w'’-]+){{0,2}}"

_SEGMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
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
            rf"[ \t]+((?:[{_UP}]{{2,}}[ \t]+)*[{_UP}]{{3,}}(?:[ \t]+[{_UP}][{_LOW}]+)?)(?![\w'’-])"
        ),
    ),
    # A town and its country on the unit's line, the sentence going on after them:
    # "… Suite 907 Soloi Cyprus after the concert".
    ("town_country", re.compile(rf"[ \t]+((?:{_PLACE_WORD})(?:[ \t]+(?:{_PLACE_WORD})){{1,4}})")),
    # A country or city after an empty line only with its postcode: "Denmark 35018".
    ("city", re.compile(rf"(?:{_BLANK})({_CITY})(?=[ \t]+{_POSTCODE})")),
    ("cross", re.compile(rf"\.?[ \t]+{CONJUNCTION}[ \t]+({_CROSS_STREET})(?![\w'’-])")),
    # A named place with a street type on the street's line, as an estate, business park
    # or building is written after the street: "Via Roma 5 Riverside Park".
    ("place", re.compile(rf"[ \t]+({_CROSS_STREET})(?![\w'’-])")),
    # After a comma a town may be followed by the sentence going on: "… Korunní 12,
    # Praha last night". Tried last but one, when no other segment reads the words.
    ("prose_city", re.compile(rf"[ \t]*,[ \t]*({_CITY})(?=[ \t]+[{_LOW}])")),
    # A country closes the block whatever follows it: "…, Tallinn, Estonia for this card".
    ("country", re.compile(rf"(?:{_BREAK})({_CITY})")),
)
_EMPTY_SEGMENT = re.compile(rf"(?:{_INLINE}|{_BREAK})({_EMPTY_FIELD})")
_EMPTY_FIRST = re.compile(_EMPTY_FIELD)
# A region given as a number on its own line after the town, as exported records write
# the governorates of some countries: "Cite Sfaxi\n, 13\n 44939". Like an empty field
# it stands for the state and proves nothing.
_NUMERIC_REGION = re.compile(rf"[ \t]*\n{MARKS},[ \t]*\d{{1,2}}(?=[ \t]*(?:\n|$))")
# An English type word after the house number of a street written name first, before
# the other street of a crossing; elsewhere it is left out, as a word of the sentence.
_TYPE_AFTER_NUMBER = re.compile(
    r"(?<=\d)[ \t]+(?:St|Ave|Rd|Blvd|Street|Avenue|Road)\.?(?=[ \t]+(?:and|&|et)[ \t])"
)
# A second number on the street line, as Mexican addresses give the interior number
# after the building's: "Boulevard Nuevo León 614 929 / Apt. 839".
_INTERIOR = re.compile(r"[ \t]+\d{1,4}[A-Za-z]?(?=[ \t]*(?:\n|,|$))")
_SKIP = re.compile(r"[ \t,.\n>|•·?]*")
_DIGIT_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "postcode")
_UNIT_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "unit")
_PROVINCE_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "province")
_CROSS_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "cross")
_CAPITAL_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] not in ("cross", "province"))
# US military mail, in any case: exported records mangle it ("dpo Ap 40902").
_MILITARY = re.compile(rf"(?:{_BREAK}|{_INLINE})((?i:apo|fpo|dpo)[ \t]+(?i:aa|ae|ap)[ \t]+\d{{5}})")
# Capitalised words that end a block rather than name a place: sign-offs and labels.
_NOT_PLACES = frozenset(
    """thanks thank regards best cheers sincerely yours kind warm love merci cordialement
    bien amities bises phone tel mobile email e-mail fax website web name address date
    note dear hi hello bonjour salut ps p.s nb n.b the this our my your we i"""
    # Days and months name no town: "12 Main Street, Monday works for me".
    """ monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december lundi mardi mercredi
    jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
    septembre octobre novembre decembre""".split()
)
_MAX_SEGMENTS = 7
# What the text after a street line must look like for any segment to follow: a comma or
# line break, a capitalised word, digit or "#" on the same line, or a unit after a dot.
_SEGMENT_START = re.compile(
    rf"\.?[ \t]*[,\n>|]|[ \t]+[{_UP}\d#&]|\.?[ \t]+{CONJUNCTION} |\.[ \t]+(?:{_UNIT_WORDS})"
)


def _is_label(text: str) -> bool:
    # "Phone: 555 1234" and "Thanks, 2 …" end a block whatever follows them.
    return fold(text.split()[0]).strip(".") in _NOT_PLACES


def _is_place(text: str) -> bool:
    words = [fold(w).strip(".") for w in text.split()]
    if not words or words[0] in _NOT_PLACES:
        return False
    if len(text) > 2 and text.isupper():
        return True  # post towns are written in capitals (Royal Mail, Nordic posts)
    common = vocabulary()
    # "New York" and "Le Mans" are places, but a run of everyday words is prose.
    return not all(w in common or w in _NOT_PLACES for w in words)


# The short names people write that Faker's list gives only in full ("United States of
# America", "United Kingdom", "Czech Republic") or not at all (the UK's nations).
_COUNTRY_SHORT_NAMES = ("United States", "USA", "UK", "England", "Scotland", "Wales",
                        "Northern Ireland", "Czechia", "South Korea", "Holland")  # fmt: skip


@cache
def countries() -> frozenset[str]:
    """English country names from Faker's address provider ("Estonia", "South Africa")."""
    provider = importlib.import_module("faker.providers.address.en").Provider
    return frozenset(getattr(provider, "countries", ())) | frozenset(_COUNTRY_SHORT_NAMES)


def _country_prefix(words: str) -> str:
    """The longest run of the first words of ``words`` that names a country, or ""."""
    parts = words.split(" ")
    for size in range(min(len(parts), 4), 0, -1):
        name = " ".join(parts[:size])
        if name in countries():
            return name
    return ""


def _town_before_country(words: str) -> int:
    """The end of "Town Country" at the start of ``words`` (a place, then a country), or -1."""
    parts = words.split()
    for k in range(1, len(parts)):
        country = _country_prefix(" ".join(parts[k:]))
        if country:
            town = " ".join(parts[:k])
            if not _is_place(town):
                return -1
            return words.index(country, len(town)) + len(country)
    return -1


def extend_block(text: str, start: int, end: int) -> tuple[int, int, set[str]]:
    """Widen a street line ``[start, end)`` to its whole address block.

    Returns the new span and the kinds of segment that were added ("unit",
    "postcode", "state", "city"), which callers use as evidence for weak street lines.
    """
    start = _leading_number(text, start)
    kinds: set[str] = set()
    if _SEGMENT_START.match(text, end) is None:
        return start, end, kinds  # "... 75002 Paris. Merci", "... Street next week"
    previous = "street"
    position = end
    size = len(text)
    for _ in range(_MAX_SEGMENTS):
        # Only the segments that can open with the next significant character are tried:
        # a digit opens only a postcode, "a"/"e"/"&" only an intersection.
        skipped = _SKIP.match(text, position)
        nxt = skipped.end() if skipped else position
        first = text[nxt] if nxt < size else ""
        if first in "nN" and previous != "street" and _EMPTY_FIRST.match(text, nxt):
            m = _EMPTY_SEGMENT.match(text, position)
            if m is None:
                break
            previous = "state"
            position = m.end()
            continue
        if first.isdigit():
            if previous == "street" and (m := _INTERIOR.match(text, position)) is not None:
                previous = "interior"
                position = m.end()
                continue
            if previous == "city" and (m := _NUMERIC_REGION.match(text, position)) is not None:
                previous = "state"
                position = m.end()
                continue
            candidates = _DIGIT_SEGMENTS
        elif first == "#":
            candidates = _UNIT_SEGMENTS
        elif first == "(":
            candidates = _PROVINCE_SEGMENTS
        elif first in "afd" and (m := _MILITARY.match(text, position)) is not None:
            kinds.add("postcode")
            position = m.end()
            break
        elif first in ("a", "e", "&"):
            candidates = _CROSS_SEGMENTS
        elif first.isupper():
            if previous == "street" and (m := _TYPE_AFTER_NUMBER.match(text, position)):
                # "… the corner of Nieuwe Baan 473 St. and …": a type word said again
                # after a continental street's number joins it to the crossing.
                position = m.end()
                continue
            if first in "AFD":
                # "APO AE 09012" closes a military address; tried before the city
                # segment, which would read "APO AE" as a town in capitals. A number on
                # the next line is then a phone number, not a postcode.
                m = _MILITARY.match(text, position)
                if m is not None:
                    kinds.add("postcode")
                    position = m.end()
                    break
            candidates = _CAPITAL_SEGMENTS
            if first in "AE" and text.startswith(("And ", "Et "), nxt):
                # A title-cased lower-case text: "… Kuusiku 7 And Alexander Flat".
                candidates = _CROSS_SEGMENTS + _CAPITAL_SEGMENTS
        else:
            break
        for kind, pattern in candidates:
            # Segments allowed only after some others are not even tried elsewhere.
            if kind in ("inline_city", "town_country") and previous not in ("unit", "postcode"):
                continue
            if kind == "postcode_city" and previous != "postcode":
                continue
            if kind == "prose_city" and previous not in ("street", "unit", "postcode"):
                continue
            if kind == "province" and not previous.endswith("city"):
                continue
            if kind in ("cross", "place") and previous != "street":
                continue
            if kind == "country" and previous not in ("city", "state", "postcode"):
                continue
            m = pattern.match(text, position)
            if m is None or m.end() == position:
                continue
            if kind == "town_country":
                town_end = _town_before_country(m.group(1))
                if town_end < 0:
                    continue
                kinds.update(("city", "country"))
                position = m.start(1) + town_end
                break
            if kind == "country":
                country = _country_prefix(m.group(1))
                if not country:
                    continue
                kinds.add(kind)
                position = m.start(1) + len(country)
                tail = _COUNTRY_TAIL.match(text, position)
                if tail is not None:
                    position = tail.end()
                break
            if (
                kind.endswith("city")
                and not _is_place(m.group(1))
                and (_is_label(m.group(1)) or not _STATE_OR_POSTCODE_NEXT.match(text, m.end()))
            ):
                continue
            if kind in ("cross", "place") and m.group(1).split()[-1] not in english_street_types():
                continue
            if kind == "place" and (
                len(m.group(1).split()) < 2 or m.group(1).split()[0] in UNIT_SET
            ):
                continue  # "... 61 St." repeats the type; "Suite 5 ..." is a unit
            kinds.add(kind)
            previous = kind
            position = m.end()
            break
        else:
            break
    return start, position, kinds


_LEADING = re.compile(r"(?:^|(?<=[\s>|•·?:,]))\d{1,6}[A-Za-z]?,?[ \t]+$")


# "the corner of X and Y", "à l'angle de la rue X": the phrase only locates the place.
_CORNER = re.compile(
    r"(?i)(?:the |l'|l’|à l'|à l’|au )?(?:corner|intersection|junction|angle|coin|croisement)"
    r" (?:of|de|du|des) $"
)


# The other street of an intersection written first: "Signe and Nørregade 7".
_SENTENCE_WORDS = frozenset("to at on in of the a an from with by for is my your".split())
_CROSS_BEFORE = re.compile(rf"(?<![\w'’-])({_CROSS_STREET})[ \t]+{CONJUNCTION}[ \t]+$")


# A unit written before the street line on the same line: "Apt 4B, 12 Main Street" (its
# number may already open the street line found).
# The pattern opens with the unit words (the engine skips to their first letters); the
# word boundary before them is checked in Python.
_LEADING_UNIT = re.compile(
    rf"(?:{COMMON_UNIT_WORDS}|Studio|Level)\.?[ \t]*#?"
    r"(?:[A-Za-z]?\d[\w-]{0,5},?[ \t]+)?$"
)


def _leading_unit(text: str, start: int) -> int:
    """Where a unit written just before ``start`` begins, or -1."""
    if start < 5:
        return -1
    unit = _LEADING_UNIT.search(text, max(0, start - 24), start)
    if unit is None or (unit.start() > 0 and text[unit.start() - 1] not in " \t\n>|•·?:,"):
        return -1
    return unit.start()


def _leading_number(text: str, start: int) -> int:
    # "4844 Søndergade 52": a building number or postcode written before the street.
    unit = _leading_unit(text, start)
    if unit >= 0:
        start = unit
    else:
        m = _LEADING.search(text, max(0, start - 10), start)
        if m is not None and not is_year(m.group().strip(" \t,")):
            start = m.start()
            unit = _leading_unit(text, start)
            if unit >= 0:
                start = unit
    if text.endswith(("and ", "& ", "et ", "And ", "Et "), 0, start):
        cross = _CROSS_BEFORE.search(text, max(0, start - 40), start)
        if cross is not None:
            # A title-cased copy capitalises the sentence too: "Return To Leon And …".
            words = cross.group(1).split()
            cuts = [k + 1 for k, w in enumerate(words) if w.lower() in _SENTENCE_WORDS]
            cut = max(cuts, default=0)
            street = " ".join(words[cut:])
            if street and _is_place(street):
                start = cross.end(1) - len(street)
    if not text.endswith(("of ", "de ", "du ", "des ", "Of ", "De ", "Du ", "Des "), 0, start):
        return start
    corner = _CORNER.search(text, max(0, start - 24), start)
    return corner.start() if corner else start


def is_year(number: str) -> bool:
    """A four-digit number from 1900 to 2099: a year more likely than a house number."""
    return len(number) == 4 and number[:2] in ("19", "20")
