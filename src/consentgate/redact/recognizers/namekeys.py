"""The folded keys a member's name is looked for under ("first last", "last first", ...)."""

from __future__ import annotations

import re

from consentgate.redact.lang.text import fold

_SPACES = re.compile(r"\s+")


def name_keys(full_name: str) -> set[str]:
    """Folded forms of a name to look for: "first last" and "last first"."""
    tokens = _SPACES.split(fold(full_name).strip())
    tokens = [t for t in tokens if t]
    if len(tokens) < 2:
        # A lone word ("Cher") would match everyday text; members are matched by full name.
        return set()
    keys = {" ".join(tokens), " ".join([tokens[-1], *tokens[:-1]])}
    if len(tokens) > 2:
        # "Jean-Pierre de La Tour" also appears as "Jean-Pierre Tour"... and surname first.
        keys.add(" ".join([tokens[0], tokens[-1]]))
        keys.add(" ".join([*tokens[1:], tokens[0]]))
    return keys
