"""Region groups a policy file may name instead of listing countries (ISO 3166-1 alpha-2)."""

from __future__ import annotations

import re

EU27 = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU".split()
)
EEA = EU27 | frozenset({"IS", "LI", "NO"})

# Named groups; a two-letter code outside these names is a single country.
GROUPS: dict[str, frozenset[str]] = {"EU": EU27, "EU27": EU27, "EEA": EEA}

# The catch-all region: every country no other rule (or `not_covered`) names.
ALL_OTHERS = "*"

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def expand_region(name: str) -> frozenset[str] | None:
    """The countries a region name stands for; None for a name that is neither group nor code."""
    if name in GROUPS:
        return GROUPS[name]
    if name == ALL_OTHERS:
        return frozenset({ALL_OTHERS})
    if _COUNTRY.match(name):
        return frozenset({name})
    return None
