"""Text that belongs to no member: the corpus the tokenizer and the base model learn from.

Network-style posts, headlines, summaries, comments and messages drawn from the synthetic
network's sentence templates (network.synth_text) and filled from pools of made-up companies,
cities, titles and skills. Person slots get neutral words ("my team", "everyone"), contact
slots a phrase with no address: no member's name, text or contact detail can be in it, and
it never reads the database or a dataset. A seed gives the same corpus on every run.
"""

from __future__ import annotations

import random
from typing import Any

from consentgate.network.synth_text import (
    COMMENTS,
    EVENTS,
    HEADLINE,
    POST_BODY,
    POST_CLOSE,
    POST_OPEN,
    RECRUITER_MESSAGES,
    SUMMARY,
    TOPICS,
)

CORPUS_VERSION = "network-templates-v1"  # bump when the generator's output changes

_COMPANIES = (
    "Northwind", "Blue Harbor Labs", "Kestrel Data", "Fabrikam", "Contoso", "Lumen Works",
    "Atelier Nova", "Orchard Analytics", "Helio Systems", "Tandem Health", "Vireo Energy",
)  # fmt: skip
_CITIES = ("Paris", "Lyon", "Berlin", "Munich", "London", "Toronto", "Boston", "Lisbon")
_TITLES = {
    "en": ("Data Engineer", "Product Manager", "Software Engineer", "UX Designer",
           "Data Scientist", "Engineering Manager", "Sales Director", "Marketing Lead"),
    "fr": ("ingénieur·e data", "chef·fe de produit", "développeur·se", "designer UX",
           "data scientist", "responsable d'équipe", "directeur·rice commercial·e",
           "responsable marketing"),
}  # fmt: skip
_SKILLS = (
    "Python", "SQL", "cloud architecture", "product strategy", "machine learning",
    "user research", "data visualisation", "negotiation", "Kubernetes", "analytics",
)  # fmt: skip
_PEOPLE = {
    "en": ("my team", "our community", "a former colleague", "everyone who joined"),
    "fr": ("mon équipe", "notre communauté", "une ancienne collègue",
           "toutes les personnes présentes"),
}  # fmt: skip
_CONTACT = {"en": "send me a message here", "fr": "écrivez-moi ici"}
_FIRST = {"en": "there", "fr": "à vous"}
KIND_SHARES = (("post", 0.55), ("comment", 0.15), ("headline", 0.1), ("summary", 0.1),
               ("message", 0.1))  # fmt: skip


class _Fill(dict[str, Any]):
    """Template values drawn on first use from the made-up pools (never a person)."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        super().__init__()
        self.lang, self.rng = lang, rng

    def __missing__(self, key: str) -> Any:
        rng, lang = self.rng, self.lang
        pools: dict[str, Any] = {
            "company": _COMPANIES, "city": _CITIES, "title": _TITLES[lang], "skill": _SKILLS,
            "skill2": _SKILLS, "topic": TOPICS[lang], "event": EVENTS, "mention": _PEOPLE[lang],
        }  # fmt: skip
        if key in pools:
            value: Any = rng.choice(pools[key])
        elif key == "n":
            value = rng.randint(2, 15)
        elif key == "tag":
            value = rng.choice(_SKILLS).lower().replace(" ", "")
        elif key in ("contact", "email", "phone", "url", "careers", "address"):
            value = _CONTACT[lang]
        elif key == "first":
            value = _FIRST[lang]
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _post(lang: str, rng: random.Random, fill: _Fill) -> str:
    parts = [rng.choice(POST_OPEN[lang]).format_map(fill)]
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(POST_BODY[lang]).format_map(fill))
    if rng.random() < 0.6:
        parts.append(rng.choice(POST_CLOSE[lang]).format_map(fill))
    return " ".join(parts)


def _text(kind: str, lang: str, rng: random.Random) -> str:
    fill = _Fill(lang, rng)
    if kind == "post":
        return _post(lang, rng, fill)
    pools: dict[str, Any] = {
        "comment": COMMENTS, "headline": HEADLINE, "summary": SUMMARY,
        "message": RECRUITER_MESSAGES,
    }  # fmt: skip
    return str(rng.choice(pools[kind][lang]).format_map(fill))


def corpus(texts: int, seed: int = 0, english_share: float = 0.7) -> list[tuple[str, str]]:
    """`texts` (tag, text) pairs of non-member network text, the same for a seed."""
    rng = random.Random(f"consentgate-corpus:{CORPUS_VERSION}:{seed}")
    kinds = [k for k, _ in KIND_SHARES]
    weights = [w for _, w in KIND_SHARES]
    out = []
    for _ in range(texts):
        kind = rng.choices(kinds, weights)[0]
        lang = "en" if rng.random() < english_share else "fr"
        out.append((kind, _text(kind, lang, rng)))
    return out
