"""The member-name index: bounded size, erased names in the same structure under the same key,
the window rules, and what travels to a worker."""

from __future__ import annotations

import pickle
import random

import pytest

from consentgate.redact import (
    MemberNameRecognizer,
    Redactor,
    SuppressionList,
    suppression_entries,
)
from consentgate.redact.lang.sources import first_names, last_names
from consentgate.redact.recognizers.name_index import NameIndex

from ._helpers import found

KEY = bytes(range(32))
OTHER_KEY = bytes(32)


def _names(count: int, seed: int = 3) -> list[str]:
    """Names as a network has them: one in six with a middle name or an initial."""
    rng = random.Random(seed)
    firsts, lasts = sorted(first_names()), sorted(last_names())
    out = []
    for i in range(count):
        first, last = rng.choice(firsts).title(), rng.choice(lasts).title()
        middle = [f"{rng.choice('ABCDEFGH')}.", rng.choice(firsts).title()][i % 2]
        out.append(f"{first} {middle} {last}" if i % 6 == 0 else f"{first} {last}")
    return out


def _erased(*names: str, key: bytes = KEY) -> SuppressionList:
    entries = {e for n in names for e in suppression_entries(n, key)}
    return SuppressionList(key, tuple(sorted(entries)))


def test_index_holds_at_most_16_bytes_a_member_erased_names_included() -> None:
    names = _names(20_000)
    index = NameIndex.build(names[:19_800], _erased(*names[19_800:]))
    assert index.members == 19_800 and index.erased > 200
    assert index.nbytes / 20_000 <= 16
    # Every member's name is found, and only the windows that are names.
    recognizer = MemberNameRecognizer(index=index)
    for name in names[::997]:
        assert found(recognizer, f"Merci à {name} pour tout", "fr") == [(name, "PERSON")]


def test_erased_names_share_the_index_and_its_key() -> None:
    suppression = _erased("Cyprien Delacroix")
    index = NameIndex.build(["Léa Moreau"], suppression)
    assert index.key == KEY and index.erased == len(suppression) == 2
    assert index.has_key("cyprien delacroix") and index.has_key("delacroix cyprien")
    assert index.has_key("lea moreau") and not index.has_key("lea delacroix")
    redactor = Redactor(["Léa Moreau"], suppressed=suppression)
    text = "Merci à Cyprien Delacroix et à Léa Moreau, et DELACROIX, cyprien."
    assert redactor.redact(text).text == "Merci à [PERSON] et à [PERSON], et [PERSON]."
    # An erased entry hashed under another key matches nothing: the key is part of the hash.
    stray = SuppressionList(KEY, _erased("Cyprien Delacroix", key=OTHER_KEY).entries)
    kept = Redactor([], suppressed=stray).redact(text).text
    assert "Cyprien Delacroix" in kept and "DELACROIX, cyprien" in kept


WINDOW_CASES = [
    ("Thanks Donald R. Miller for the talk", ["Donald R. Miller"]),
    ("Léa Moreau's post", ["Léa Moreau"]),
    ("Moreau, Léa wrote", ["Moreau, Léa"]),
    ("Léa\nMoreau", ["Léa\nMoreau"]),
    # An e-mail or a dotted handle is its own recogniser's: the name stops before it.
    ("Moreau, lea@example.org", []),
    ("contact: moreau lea.m", []),
    ("Miller. Donald came", []),  # a full stop after a whole word ends the name
]


@pytest.mark.parametrize(("text", "expected"), WINDOW_CASES)
def test_windows(text: str, expected: list[str]) -> None:
    recognizer = MemberNameRecognizer(["Léa Moreau", "Donald R. Miller"])
    assert found(recognizer, text, "en") == [(e, "PERSON") for e in expected]


def test_worker_gets_the_arrays_not_the_names() -> None:
    names = _names(5_000)
    recognizer = MemberNameRecognizer(names)
    data = pickle.dumps(recognizer)
    assert names[0].encode() not in data
    assert len(data) < recognizer.index.nbytes + 1_000
    clone = pickle.loads(data)
    assert found(clone, f"Bravo {names[7]} !", "fr") == [(names[7], "PERSON")]
