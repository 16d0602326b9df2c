"""A member's prompt is data of the `ai_prompt` kind: kept only if their data may be used now.

"May be used now" is the decision a model's training makes for every member of a dataset
(training.redecide): the member-level rules of the active policy (region, effective date,
choice, notice, restriction, erasure) and age, as of now, from the consent ledger. The
same answer is shown on the page before the member writes anything.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from consentgate.i18n import N_, gettext
from consentgate.ledger.store import ConsentLedger
from consentgate.models import ContentRecord
from consentgate.policy import REASON_ORDER, ExclusionReason, Policy, is_adult_on
from consentgate.policy.batch import member_codes

PROMPT_KIND = "ai_prompt"
PROMPT_VISIBILITY = "private"
_SAY = {
    str(ExclusionReason.MINOR): N_("members under 18 are never used for AI training"),
    str(ExclusionReason.SAID_NO): N_("your setting says no"),
    str(ExclusionReason.REGION_NOT_COVERED): N_("the policy does not cover your region"),
    str(ExclusionReason.NOT_YET_EFFECTIVE): N_("the policy is not yet in effect for your region"),
    str(ExclusionReason.NO_NOTICE): N_("the notice period of the policy has not ended for you"),
    str(ExclusionReason.RESTRICTED): N_("you asked us to restrict the use of your data"),
    str(ExclusionReason.ERASED): N_("you asked us to erase your data"),
}


@dataclass(frozen=True, slots=True)
class PromptUse:
    """Whether a prompt is recorded, and why (in the member's words)."""

    recorded: bool
    reason: str | None  # an ExclusionReason value when not recorded

    def sentence(self) -> str:
        if self.recorded:
            return gettext(
                "Your prompt is kept as AI-prompt data of your account, because your data may "
                "be used for AI training now; the generated text is not kept."
            )
        why = gettext(
            _SAY.get(self.reason or "", N_("your data may not be used for AI training now"))
        )
        return gettext(
            "Your prompt is not kept: %(why)s. The generated text is not kept either."
        ) % {"why": why}


def prompt_use(session: Session, member_id: str, policy: Policy, now: dt.datetime) -> PromptUse:
    """Whether the member's data may be used now (the training's member-level decision)."""
    if PROMPT_KIND not in policy.kinds:
        return PromptUse(False, "kind_not_covered")
    states = ConsentLedger(session).states_at(now, policy, [member_id])
    if states.num_rows == 0:
        return PromptUse(False, str(ExclusionReason.ERASED))
    birth = states["birth_date"][0].as_py()
    if birth is not None and not is_adult_on(birth, now.date()):
        return PromptUse(False, str(ExclusionReason.MINOR))
    code = int(member_codes(states, policy, now)[0])
    return PromptUse(True, None) if code == 0 else PromptUse(False, str(REASON_ORDER[code - 1]))


def record_prompt(session: Session, member_id: str, prompt: str, now: dt.datetime) -> str:
    """Store the prompt as the member's `ai_prompt` content; return its record id."""
    record_id = f"aip-{uuid.uuid4().hex}"
    session.add(
        ContentRecord(
            record_id=record_id,
            member_id=member_id,
            kind=PROMPT_KIND,
            text=prompt,
            created_at=now,
            visibility=PROMPT_VISIBILITY,
        )
    )
    return record_id
