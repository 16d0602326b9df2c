"""A country's ISO 3166-1 code from the name an export writes ("Lyon, Auvergne-Rhône-Alpes,
France"), in English or French, from Babel's territory names (CLDR), not a list of our own."""

from __future__ import annotations

from functools import cache

from babel import Locale

from consentgate.redact import fold

# Names exports write that CLDR spells otherwise.
ALIASES = {"usa": "US", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
           "hong kong": "HK", "hong kong sar": "HK"}  # fmt: skip


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for lang in ("en", "fr", "de"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    names.update(ALIASES)
    return names


def country_code(location: str) -> str | None:
    """The code of the country a location names (its last part first), None if none does."""
    if not location.strip():
        return None
    names = _names()
    parts = [p.strip() for p in location.split(",") if p.strip()]
    for part in reversed(parts):
        code = names.get(fold(part))
        if code is not None:
            return code
    if len(location.strip()) == 2 and location.strip().isalpha():
        return location.strip().upper()
    return None
