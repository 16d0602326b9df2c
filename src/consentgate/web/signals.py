"""The machine-readable AI opt-out signals of the public pages, built from the decisions.

For a page of a member whose data may not train AI now (any exclusion code):
- `<meta name="robots" content="noai, noimageai">` and `X-Robots-Tag: noai, noimageai`
  (the noai/noimageai directives that DeviantArt introduced and crawlers read), with
  `noindex` added for a minor's page, whatever the decision;
- TDMRep (W3C TDM Reservation Protocol, Final Community Group Report 2024): the headers
  `tdm-reservation: 1` and `tdm-policy`, the same as HTML meta tags, and
  `/.well-known/tdmrep.json` listing the reserved paths;
- the IETF AI preferences vocabulary (draft-ietf-aipref-vocab, attached by
  draft-ietf-aipref-attach): `Content-Usage: train-ai=n` as a header and, in robots.txt,
  `Content-Usage: <path> train-ai=n` lines;
- robots.txt disallowing the AI-training crawlers of `ai_crawlers.toml` on those paths.

The well-known files list adults only: a list of minors' pages is never published, their
pages carry `noindex` and the per-page signals. robots.txt stays under RFC 9309's 500 KiB
(the size a crawler must at least read): past it the paths that do not fit are left out, and
those pages still carry every per-page signal (docs/web.md, "robots.txt past 500 KiB").
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CRAWLERS_FILE = Path(__file__).parent / "ai_crawlers.toml"
ROBOTS_LIMIT_BYTES = 500 * 1024  # RFC 9309, 2.5: crawlers MUST parse at least 500 KiB
NOAI = "noai, noimageai"
TRAIN_AI_NO = "train-ai=n"
POLICY_PATH = "/ai-policy.json"


@dataclass(frozen=True, slots=True)
class CrawlerList:
    """The project's list of AI-training crawlers, with its source and the date it was checked."""

    source: str
    checked: str
    tokens: tuple[str, ...]


@cache
def ai_crawlers(path: Path = CRAWLERS_FILE) -> CrawlerList:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tokens = tuple(str(entry["token"]) for entry in data["crawler"])
    return CrawlerList(str(data["source"]), str(data["checked"]), tokens)


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What one public page carries: `reserved` when the member's data may not train AI."""

    reserved: bool
    minor: bool

    def robots_meta(self) -> str | None:
        parts = (["noindex"] if self.minor else []) + ([NOAI] if self.reserved else [])
        return ", ".join(parts) or None

    def headers(self, base_url: str) -> dict[str, str]:
        headers: dict[str, str] = {}
        meta = self.robots_meta()
        if meta is not None:
            headers["X-Robots-Tag"] = meta
        if self.reserved:
            headers["tdm-reservation"] = "1"
            headers["tdm-policy"] = base_url.rstrip("/") + POLICY_PATH
            headers["Content-Usage"] = TRAIN_AI_NO
        return headers


def robots_txt(paths: list[str], limit: int = ROBOTS_LIMIT_BYTES) -> tuple[str, int]:
    """robots.txt disallowing the AI crawlers on `paths`, and a Content-Usage line per path
    for every other crawler (the AI crawlers' group needs none: they may not fetch those
    paths at all); at most `limit` bytes: the paths that do not fit are left out (their
    count is the second value, also said in a comment)."""
    crawlers = ai_crawlers()
    head = [
        "# AI training: members whose data may not train AI (consentgate).",
        f"# AI crawlers: {crawlers.source}; checked {crawlers.checked}.",
        "# Per-page signals (X-Robots-Tag, tdm-reservation, Content-Usage) hold for every page.",
        "",
    ]
    general = ["User-agent: *", "Allow: /"]
    ai_group = [f"User-agent: {token}" for token in crawlers.tokens]
    if not paths:
        return "\n".join(head + general) + "\n", 0
    # What is not paths, with room for the comment saying how many were left out.
    budget = limit - len("\n".join(head + general + [""] + ai_group).encode()) - 200
    disallow: list[str] = []
    usage: list[str] = []
    for path in paths:
        lines = (f"Disallow: {path}", f"Content-Usage: {path} {TRAIN_AI_NO}")
        cost = sum(len(line.encode()) + 1 for line in lines)
        if cost > budget:
            break
        budget -= cost
        disallow.append(lines[0])
        usage.append(lines[1])
    left_out = len(paths) - len(disallow)
    if left_out:
        head.insert(3, f"# {left_out} paths left out to stay under 500 KiB (RFC 9309).")
    text = "\n".join(head + general + usage + [""] + ai_group + disallow) + "\n"
    return text, left_out


def tdmrep_json(paths: list[str], base_url: str) -> str:
    """/.well-known/tdmrep.json: one rule per reserved path, with the TDM policy."""
    policy = base_url.rstrip("/") + POLICY_PATH
    rules = [{"location": f"{path}", "tdm-reservation": 1, "tdm-policy": policy} for path in paths]
    rules += [
        {"location": f"{path}/*", "tdm-reservation": 1, "tdm-policy": policy} for path in paths
    ]
    return json.dumps(rules, separators=(",", ":"))


def tdm_policy(base_url: str) -> str:
    """The TDM policy the reservations point to (ODRL, TDMRep's policy profile): text and
    data mining is reserved, not licensed; ask the network for a licence."""
    return json.dumps(
        {
            "@context": [
                "http://www.w3.org/ns/odrl.jsonld",
                {"tdm": "http://www.w3.org/ns/tdmrep#"},
            ],
            "@type": "Offer",
            "profile": "http://www.w3.org/ns/tdmrep",
            "uid": base_url.rstrip("/") + POLICY_PATH,
            "prohibition": [{"target": base_url.rstrip("/") + "/in/", "action": "tdm:mine"}],
        }
    )
