"""The footprint page's view: the answer of `network.footprint` in plain words, counted and
drawn, with the JSON to download and the signed list of what the member may import."""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from consentgate.errors import ArchiveError
from consentgate.network.footprint import Footprint
from consentgate.network.footprint_import import ImportItem
from consentgate.web.charts import bar_chart

# The reasons a row is not used, in plain words (the codes stay in the JSON).
REASON_WORDS = {
    "not_content": "Not content: contacts, sign-ins, reactions, settings",
    "kind_excluded": "Never used for this kind of data",
    "not_public": "Not public",
    "minor": "You were under 18",
    "region_not_covered": "Your country is not covered",
    "not_yet_effective": "The policy is not yet in force where you live",
    "said_no": "You said no",
    "no_notice": "The notice period is not over",
    "restricted": "You asked to restrict processing",
    "erased": "Erased",
    "not_yet_created": "Made after the date looked at",
}
KIND_WORDS = {
    "profile": "Profile",
    "post": "Posts",
    "comment": "Comments",
    "article": "Articles",
    "private_message": "Private messages",
    None: "Other data",
}


@dataclass(slots=True)
class FootprintView:
    """What the template shows."""

    answer: Footprint
    by_kind: list[tuple[str, int, int]] = field(default_factory=list)
    by_reason: list[tuple[str, str, int]] = field(default_factory=list)
    chart: Markup = Markup("")
    json_href: str = ""
    items: list[ImportItem] = field(default_factory=list)
    import_token: str = ""

    @property
    def used(self) -> int:
        return sum(1 for r in self.answer.records if r.used)


def kind_word(kind: str | None) -> str:
    return KIND_WORDS.get(kind, kind or "Other data")


def reason_word(reason: str | None) -> str:
    return "Used" if reason is None else REASON_WORDS.get(reason, reason)


def footprint_view(
    answer: Footprint, items: list[ImportItem], signer: URLSafeSerializer
) -> FootprintView:
    """Counts per kind (used, not used) and per reason, a chart, the JSON, the import list."""
    used: Counter[str] = Counter()
    unused: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for record in answer.records:
        word = kind_word(record.kind)
        (used if record.used else unused)[word] += 1
        if record.reason:
            reasons[record.reason] += 1
    kinds = sorted(set(used) | set(unused))
    payload = json.dumps(answer.as_dict(), ensure_ascii=False).encode()
    return FootprintView(
        answer=answer,
        by_kind=[(k, used[k], unused[k]) for k in kinds],
        by_reason=[(code, REASON_WORDS.get(code, code), n) for code, n in reasons.most_common()],
        chart=bar_chart(
            [("Would train AI", sum(used.values()))]
            + [(_short(REASON_WORDS.get(c, c)), n) for c, n in reasons.most_common()],
            title="Your rows: used to train AI, or not and why",
            highlight="Would train AI",
        ),
        json_href="data:application/json;base64," + base64.b64encode(payload).decode(),
        items=items,
        import_token=signer.dumps([item.to_json() for item in items]),
    )


def _short(words: str, width: int = 24) -> str:
    """A chart label: the words before a colon, cut to fit the chart's label column."""
    head = words.split(":", 1)[0]
    return head if len(head) <= width else head[: width - 1] + "…"


def footprint_signer(secret: str, member_id: str) -> URLSafeSerializer:
    """Signs the import list for one member: another member's list does not verify."""
    return URLSafeSerializer(secret, salt=f"consentgate.footprint.{member_id}")


def read_import_token(signer: URLSafeSerializer, token: str) -> list[ImportItem]:
    try:
        data: Any = signer.loads(token)
    except BadSignature:
        raise ArchiveError(
            "this import list was not made for you; upload your export again"
        ) from None
    return [ImportItem.from_json(item) for item in data]
