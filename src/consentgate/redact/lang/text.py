"""Text folding and the letter classes every recogniser shares.

:func:`fold` lower-cases a text and strips its accents one character for one, so that
every offset of the folded text is an offset of the original: recognisers match word
lists in the folded text and report spans of the original.
"""

from __future__ import annotations

import re
import unicodedata


def _build_fold_table() -> dict[int, str]:
    # One character in, one character out, so folded offsets equal input offsets.
    table: dict[int, str] = {}
    for code in range(0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        low = base.lower()
        if len(low) == 1 and low != ch:
            table[code] = low
    for ch in "\u2019\u2018\u02bc`\u00b4":
        table[ord(ch)] = "'"
    for ch in "\u2010\u2011\u2012\u2013\u2014":
        table[ord(ch)] = "-"
    for ch in "\u00a0\u202f\t\n\r":
        table[ord(ch)] = " "
    for ch, out in (("ß", "s"), ("æ", "a"), ("œ", "o"), ("ø", "o"), ("đ", "d"), ("ł", "l")):
        table[ord(ch)] = out
        if len(ch.upper()) == 1:
            table[ord(ch.upper())] = out
    return table


FOLD_TABLE = _build_fold_table()

# Regex character-class bodies for upper- and lower-case Latin letters (with Latin-1 and
# Latin Extended-A/B: "Š", "Ł", "ő"), so names from all of Europe are capitalised words.
_LATIN = [chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()]
UPPER = "A-Z" + "".join(ch for ch in _LATIN if ch.isupper())
LOWER = "a-z" + "".join(ch for ch in _LATIN if ch.islower())


# The same mapping for the first 256 code points as a byte table: most texts are
# Latin-1, and bytes.translate is about 3x faster than str.translate with a dict
# (which looks every character up in the dict once the text is not pure ASCII).
_LATIN1_FOLD = bytes(ord(FOLD_TABLE.get(code, chr(code))) for code in range(256))


_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]+")


def _fold_latin1(text: str) -> str:
    return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping the length (and so every offset) unchanged."""
    try:
        return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")
    except UnicodeEncodeError:
        pass
    # A few characters beyond Latin-1 (most often "€", "’"): only those go through the
    # dict, whose per-character cost is what made fold() slow; 3x faster on such texts.
    parts: list[str] = []
    position = 0
    for m in _BEYOND_LATIN1.finditer(text):
        parts.append(_fold_latin1(text[position : m.start()]))
        parts.append(m.group().translate(FOLD_TABLE))
        position = m.end()
    parts.append(_fold_latin1(text[position:]))
    return "".join(parts)
