"""Where the digit runs of a text start, found once and shared by the number patterns.

Most patterns for numbers open with a digit and a look-behind (street lines, postcodes,
national ids, card numbers). Scanned one after the other, each pays for a digit test
at every position of the text; a text holds a few digit runs only, and each pattern is
then tried where one starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

_RUN_START = re.compile(r"\d(?<!\d\d)")
# The last text asked about and its starts: the recognisers of one text ask in turn.
# One tuple, read and replaced whole, so that threads never mix two texts' entries.
_last: tuple[str, list[int]] = ("", [])
# While a batch is analysed recogniser by recogniser, every text of it is asked about
# once per number recogniser, with the batch's other texts in between: its starts are
# kept here until the batch ends. None outside a batch. An entry is a function of its
# text alone, so a thread that reads another thread's batch still gets the right starts.
_batch: dict[str, list[int]] | None = None


def digit_run_starts(text: str) -> list[int]:
    """Ascending positions of the digits of ``text`` that no digit precedes (not to modify)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    batch = _batch
    if batch is None:
        starts = _found_starts(text)
        _last = (text, starts)
        return starts
    kept = batch.get(text)
    if kept is None:
        kept = batch[text] = _found_starts(text)
    return kept


def _found_starts(text: str) -> list[int]:
    return [m.start() for m in _RUN_START.finditer(text)]


@contextmanager
def kept_for_batch() -> Iterator[None]:
    """Keep each text's starts until the block ends (a batch, one recogniser at a time).

    Nothing outlives the block, so a text analysed again in a later batch pays again,
    as it would one text at a time.
    """
    global _batch
    mine: dict[str, list[int]] = {}
    _batch = mine
    try:
        yield
    finally:
        # Another thread may have opened its own batch since; that one stays.
        if _batch is mine:
            _batch = None


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
