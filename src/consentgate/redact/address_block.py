"""The rest of an address after its street line, and street lines of other countries.

An address is a block: a street line, then possibly a unit ("Apt. 5", "Suite 200"), a
city, a state or region code, a postcode and a country, separated by commas or line
breaks, in an order that varies by country. Once a street line is found, the block is
followed forward segment by segment, so the whole address is redacted and not only its
first line. This module also finds street lines written the continental way, name then
number ("Søndergade 52", "Via Roma 131", "ul. Narewska 94"), and post-office boxes.
"""

from __future__ import annotations

import re

from consentgate.redact.lexicon import LOWER, UPPER, common_words, fold, vocabulary
from consentgate.redact.street_lexicon import (
    ACCENTED_SEPARATE,
    english_street_types,
    has_glued_suffix,
    prefix_types,
    separate_suffix_types,
)

_UP = UPPER
_LOW = LOWER

# ------------------------------------------------------------------ block segments
_UNIT_WORDS = (
    r"Apt|Apartment|Appt|Appartement|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building"
    r"|Dept|Box|Bâtiment|Bât|Étage|Etage|Escalier|Esc|Porte|Wohnung|Whg|Piso|Andar|Lgh"
)
_UNIT = (
    rf"(?:(?:{_UNIT_WORDS}|APT|SUITE|UNIT)\.?[ \t]*(?:No\.?[ \t]*)?#?[ \t]*|#[ \t]*)"
    r"[A-Za-z]?\d[\w-]{0,5}(?![\w])"
)
# Postcodes of the countries people write from: US ZIP(+4), 4-6 digits, Swedish/Czech
# "123 45", Polish "12-345", UK, Canadian and Dutch forms.
_POSTCODE = (
    r"(?:\d{5}-\d{4}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4,6}|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"
    r"|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|\d{4}[ ]?[A-Z]{2})(?![\w])"
)
_UNIT_SET = frozenset(_UNIT_WORDS.split("|")) | {"APT", "SUITE", "UNIT", "No", "Nr", "Box"}
_STATE = r"[A-Z]{2,3}(?![\w.'’-])"
_PARTICLE = (
    r"(?:nad|pod|de|la|le|del|della|am|an|im|sur|en|upon|on|di|da|do|dos|das|ter|van|aan|den)"
)
_PLACE_WORD = rf"[{_UP}][{_LOW}{_UP}'’.-]*[{_LOW}{_UP}.]|[{_UP}]"
_CITY = rf"(?:{_PLACE_WORD})(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:{_PLACE_WORD})){{0,3}}"
# What may follow a city for it to count: the end of the line or text, a comma, sentence
# punctuation, or a state code / postcode on the same line. "Paris is lovely" is prose.
_CITY_END = rf"(?=[ \t]*(?:$|\n|,|[.;!?)](?:\s|$)|[ \t]+(?:{_POSTCODE}|{_STATE}(?:[ \t,]|$))))"

# What may open a line of a block besides indentation: e-mail quote marks (">", "|") and
# list bullets, "•" or "·" or, where an encoding step lost them, "?".
_MARKS = r"[ \t>|•·?]*"
_INLINE = r"[ \t]*,?[ \t]*"  # same line: "Apt 5", ", ON", " 75002"
# A new line (a house number may end with a dot: "Wesselényi u. 94.") or a comma.
_BREAK = rf"\.?[ \t]*(?:,[ \t]*)?(?:\n{_MARKS})(?:,[ \t]*)?|[ \t]*,[ \t]*"
_BLANK = rf"[ \t]*(?:\n{_MARKS}){{2,3}}(?:,[ \t]*)?"  # an empty line inside the block

# The other street of an intersection: "Östbygatan 14 and Sigurmundsson Greens".
_CROSS_STREET = rf"[{_UP}][\w'’-]+(?:[ \t]+[{_UP}][\w'’-]+){{0,2}}"

_SEGMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A house number may end with a dot before the unit: "utca 76. Apt. 289".
    ("unit", re.compile(rf"(?:\.?{_INLINE}|{_BREAK}|{_BLANK})({_UNIT})")),
    ("postcode", re.compile(rf"(?:{_INLINE}|{_BREAK}|{_BLANK})({_POSTCODE})")),
    ("state", re.compile(rf"(?:{_INLINE}|{_BREAK})({_STATE})(?=[ \t]*(?:,|\n|$|{_POSTCODE}))")),
    ("city", re.compile(rf"(?:{_BREAK})({_CITY}){_CITY_END}")),
    # On the same line only after a unit or postcode: "Apt. 289 Mogyorósbánya Hungary".
    ("inline_city", re.compile(rf"[ \t]+({_CITY}){_CITY_END}")),
    # A country or city after an empty line only with its postcode: "Denmark 35018".
    ("city", re.compile(rf"(?:{_BLANK})({_CITY})(?=[ \t]+{_POSTCODE})")),
    ("cross", re.compile(rf"[ \t]+(?:and|&|et)[ \t]+({_CROSS_STREET})(?![\w'’-])")),
)
_SKIP = re.compile(r"[ \t,.\n>|•·?]*")
_DIGIT_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "postcode")
_UNIT_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "unit")
_CROSS_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] == "cross")
_CAPITAL_SEGMENTS = tuple(seg for seg in _SEGMENTS if seg[0] != "cross")
_MILITARY = re.compile(rf"(?:{_BREAK}|{_INLINE})((?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{{5}})")
# Capitalised words that end a block rather than name a place: sign-offs and labels.
_NOT_PLACES = frozenset(
    """thanks thank regards best cheers sincerely yours kind warm love merci cordialement
    bien amities bises phone tel mobile email e-mail fax website web name address date
    note dear hi hello bonjour salut ps p.s nb n.b the this our my your we i""".split()
)
_MAX_SEGMENTS = 7
# What the text after a street line must look like for any segment to follow: a comma or
# line break, a capitalised word, digit or "#" on the same line, or a unit after a dot.
_SEGMENT_START = re.compile(
    rf"\.?[ \t]*[,\n>|]|[ \t]+[{_UP}\d#&]|[ \t]+(?:and|et) |\.[ \t]+(?:{_UNIT_WORDS})"
)


def _is_place(text: str) -> bool:
    words = [fold(w).strip(".") for w in text.split()]
    if not words or words[0] in _NOT_PLACES:
        return False
    common = vocabulary()
    # "New York" and "Le Mans" are places, but a run of everyday words is prose.
    return not all(w in common or w in _NOT_PLACES for w in words)


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
        if first.isdigit():
            candidates = _DIGIT_SEGMENTS
        elif first == "#":
            candidates = _UNIT_SEGMENTS
        elif first in ("a", "e", "&"):
            candidates = _CROSS_SEGMENTS
        elif first.isupper():
            candidates = _CAPITAL_SEGMENTS
        else:
            break
        for kind, pattern in candidates:
            m = pattern.match(text, position)
            if m is None or m.end() == position:
                continue
            if kind == "inline_city" and previous not in ("unit", "postcode"):
                continue
            if kind.endswith("city") and not _is_place(m.group(1)):
                continue
            if kind == "cross" and (
                previous != "street" or m.group(1).split()[-1] not in english_street_types()
            ):
                continue
            kinds.add(kind)
            previous = kind
            position = m.end()
            break
        else:
            m = _MILITARY.match(text, position) if first.isupper() else None
            if m is None:
                break
            # "APO AE 09012" closes a military address: a number on the next line is a
            # phone number, not a postcode.
            kinds.add("postcode")
            position = m.end()
            break
    return start, position, kinds


_LEADING = re.compile(r"(?:^|(?<=[\s>|•·?:,]))\d{1,6}[A-Za-z]?,?[ \t]+$")


# "the corner of X and Y", "à l'angle de la rue X": the phrase only locates the place.
_CORNER = re.compile(
    r"(?i)(?:the |l'|l’|à l'|à l’|au )?(?:corner|intersection|junction|angle|coin|croisement)"
    r" (?:of|de|du|des) $"
)


def _leading_number(text: str, start: int) -> int:
    # "4844 Søndergade 52": a building number or postcode written before the street.
    m = _LEADING.search(text, max(0, start - 10), start)
    if m is not None and not _is_year(m.group().strip(" \t,")):
        start = m.start()
    if not text.endswith(("of ", "de ", "du ", "des "), 0, start):
        return start
    corner = _CORNER.search(text, max(0, start - 24), start)
    return corner.start() if corner else start


def _is_year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


# ------------------------------------------------------------------ street lines
# A number that follows a word ("Roma 131", "u. 94", "Roma, 131"), so that the digit
# groups of phone, card and account numbers never reach Python code. The pattern opens
# with a literal space, which the regex engine skips to quickly (2.6x faster than opening
# with the digit); a tab before a house number is too rare to pay for.
_HOUSE_NUMBER = re.compile(
    r" (?=\d)(?:(?<=[^\W\d_] )|(?<=[^\W\d_][.,] ))(?!(?:19|20)\d\d(?![\dA-Za-z/-]))"
    r"(\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?)(?![\w%€$£]|[.,:]\d|-\w)"
)
_TOKEN = re.compile(r"[^\s,]+")
_NAME_PARTICLES = frozenset(
    """de do da dos das del della dei degli delle dello dal al el los las di du des la le
    les l' d' van von der den ten am an im in zu sul sur i e y""".split()
)
# What may open a line before a street written without a type word: indentation, quote
# marks, a short label ("Address:") and a building number.
_LINE_PREFIX = re.compile(rf"{_MARKS}(?:[\w ]{{1,24}}:[ \t]*)?(?:\d{{1,6}}[A-Za-z]?[ \t]+)?")
_AFTER_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?[ \t]+$")


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _name_like(token: str) -> bool:
    # "Villacher" can name a street, "I'll" cannot.
    return token[:1].isupper() and len(token) > 1 and "'" not in token and "’" not in token


def continental_streets(text: str) -> list[tuple[int, int, float]]:
    """Street lines written name first, number last, with or without a type word.

    With a type word from the multi-locale lexicon ("Rua do Arenque 1634", "Villacher
    Strasse 89", "Søndergade 52") the line is an address by itself. Without one ("Tylova
    285") it counts only at the start of a line and when the block around it holds a
    unit or a postcode, the way addresses are written on an envelope.
    """
    found: list[tuple[int, int, float]] = []
    prefixes, separates = prefix_types(), separate_suffix_types()
    for number in _HOUSE_NUMBER.finditer(text):
        # Years never reach here (the pattern refuses 19xx / 20xx).
        n_start, n_end = number.span(1)
        # Cheap test first: most numbers follow a lower-case word ("at 5", "le 12") or
        # an acronym or code ("IBAN FR76 3000", "SKU 123"), which names no street.
        prev_end = n_start - 2 if text[n_start - 2] == "," else n_start - 1
        prev_start = max(text.rfind(" ", 0, prev_end), text.rfind("\n", 0, prev_end)) + 1
        prev = text[prev_start:prev_end]
        if prev[:1].isupper():
            if prev.isupper():
                continue
        # The lexicon is folded: "tér" is looked up as "ter".
        elif (prev.lower() if prev.isascii() else fold(prev)) not in separates and (
            prev not in ACCENTED_SEPARATE
        ):
            continue
        line_start = text.rfind("\n", 0, n_start) + 1
        tokens = list(_TOKEN.finditer(text, max(line_start, n_start - 70), n_start))
        accepted: list[re.Match[str]] = []
        for tok in reversed(tokens):
            word = tok.group()
            if word.rstrip(".") in _UNIT_SET or word[-1] in ':;!?)"»”':
                break  # "Flat 2" is a unit, "Office:" a label, not part of a street name
            if _capitalised(word):
                accepted.append(tok)
                if len(accepted) == 6:
                    break
                continue
            folded = word.lower() if word.isascii() else fold(word)
            if folded in _NAME_PARTICLES or folded in separates or word in ACCENTED_SEPARATE:
                accepted.append(tok)
                if len(accepted) == 6:
                    break
                continue
            if folded in prefixes:
                accepted.append(tok)
            break
        accepted.reverse()
        while accepted and fold(accepted[0].group()) in _NAME_PARTICLES:
            accepted.pop(0)
        if not accepted:
            continue
        street_start = _typed_start(accepted, prefixes, separates)
        if street_start is not None:
            found.append((street_start, n_end, 0.7))
            continue
        # No type word: a line that opens with capitalised words and a number.
        words = accepted[-3:]
        at_line_start = _LINE_PREFIX.fullmatch(text, line_start, words[0].start())
        after_number = _AFTER_NUMBER.search(text, max(0, words[0].start() - 8), words[0].start())
        if not at_line_start and (after_number is None or _is_year(after_number.group().strip())):
            continue
        if any(fold(w.group()) in common_words() or not _name_like(w.group()) for w in words):
            continue
        _, _, kinds = extend_block(text, words[0].start(), n_end)
        if kinds & {"unit", "postcode"}:
            found.append((words[0].start(), n_end, 0.6))
    return found


def _typed_start(
    tokens: list[re.Match[str]], prefixes: frozenset[str], separates: frozenset[str]
) -> int | None:
    """Where the street begins when one of ``tokens`` is a street-type word, else None."""
    folded = [fold(t.group()) for t in tokens]
    for i, word in enumerate(folded[:-1]):
        # "Via Roma", "ul. Narewska": a type word followed by a capitalised name.
        if word in prefixes and any(_capitalised(t.group()) for t in tokens[i + 1 :]):
            return tokens[i].start()
    for i, word in enumerate(folded):
        raw = tokens[i].group()
        typed = (
            word in separates or raw in ACCENTED_SEPARATE or raw.rstrip(".") in english_street_types()
        )
        if i > 0 and typed and _name_like(tokens[i - 1].group()):
            # "Villacher Strasse", "Wesselényi u.": the name is the capitalised run before.
            j = i - 1
            while j > 0 and (_capitalised(tokens[j - 1].group()) or folded[j - 1] in
                             _NAME_PARTICLES) and i - j < 3:  # fmt: skip
                j -= 1
            return tokens[j].start()
    last = tokens[-1]
    if _capitalised(last.group()) and has_glued_suffix(folded[-1].rstrip(".")):
        return last.start()
    return None


_PO_BOX = re.compile(
    r"(?<![\w])(?:P\.[ ]?O\.[ ]?Box|PO[ ]Box|P\.O\.B\.|Post Office Box|Postfach|Apartado"
    r"|Case postale|Boîte postale|(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box)[ \t]+\d{1,6}(?![\w])"
    r"|(?<![\w])(?:USNS|USS|USNV|USCGC)[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"
    rf"(?=[ \t]*(?:,|\n){_MARKS}(?:FPO|APO|DPO)\b)"
)


def po_boxes(text: str) -> list[tuple[int, int, float]]:
    """Post-office boxes and US military mail (PSC / Unit ... Box, ships with FPO)."""
    # Every match holds one of these words; substring tests are far cheaper than a regex.
    if not (
        "Box" in text
        or "P.O.B" in text
        or "Postfach" in text
        or "Apartado" in text
        or "postale" in text
        or "US" in text
    ):
        return []
    return [(m.start(), m.end(), 0.7) for m in _PO_BOX.finditer(text)]
