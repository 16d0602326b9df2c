"""Where the digit runs of a text start, found once and shared by the number patterns.

Most patterns for numbers open with a digit and a look-behind (street lines, postcodes,
national ids, card numbers). Scanned one after the other, each pays for a digit test
at every position of the text; a text holds a few digit runs only, and each pattern is
then tried where one starts.
"""

from __future__ import annotations

import re

_RUN_START = re.compile(r"\d(?<!\d\d)")
# The last text asked about and its starts: the recognisers of one text ask in turn.
# One tuple, read and replaced whole, so that threads never mix two texts' entries.
_last: tuple[str, list[int]] = ("", [])


def digit_run_starts(text: str) -> list[int]:
    """Ascending positions of the digits of ``text`` that no digit precedes (not to modify)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    starts = [m.start() for m in _RUN_START.finditer(text)]
    _last = (text, starts)
    return starts


def matches_from(regex: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` yields, for a regex whose matches all begin at one of
    ``starts`` (ascending) and are never empty: the leftmost match after the last one."""
    found: list[re.Match[str]] = []
    done = 0
    match_at = regex.match  # looked up once, not for each start
    for at in starts:
        if at < done:
            continue
        match = match_at(text, at)
        if match is not None:
            found.append(match)
            done = match.end()
    return found
