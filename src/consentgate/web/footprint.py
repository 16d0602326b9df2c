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
from consentgate.i18n import N_, _
from consentgate.network.footprint import Footprint
from consentgate.network.footprint_import import ImportItem
from consentgate.web.charts import bar_chart

# The reasons a row is not used, in plain words (the codes stay in the JSON).
REASON_WORDS = {
    "not_content": N_("Not content: contacts, sign-ins, reactions, settings"),
    "kind_excluded": N_("Never used for this kind of data"),
    "not_public": N_("Not public"),
    "minor": N_("You were under 18"),
    "region_not_covered": N_("Your country is not covered"),
    "not_yet_effective": N_("The policy is not yet in force where you live"),
    "said_no": N_("You said no"),
    "no_notice": N_("The notice period is not over"),
    "restricted": N_("You asked to restrict processing"),
    "erased": N_("Erased"),
    "not_yet_created": N_("Made after the date looked at"),
}
KIND_WORDS = {
    "profile": N_("Profile"),
    "post": N_("Posts"),
    "comment": N_("Comments"),
    "article": N_("Articles"),
    "private_message": N_("Private messages"),
    None: N_("Other data"),
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
    words = KIND_WORDS.get(kind)
    return _(words) if words else str(kind)


def reason_word(reason: str | None) -> str:
    if reason is None:
        return _("Used")
    words = REASON_WORDS.get(reason)
    return _(words) if words else reason


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
        by_reason=[(code, reason_word(code), n) for code, n in reasons.most_common()],
        chart=bar_chart(
            [(_("Would train AI"), sum(used.values()))]
            + [(_short(reason_word(c)), n) for c, n in reasons.most_common()],
            title=_("Your rows: used to train AI, or not and why"),
            highlight=_("Would train AI"),
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
