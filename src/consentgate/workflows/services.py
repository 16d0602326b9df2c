"""What a member does through the web app (the pages and the API): see and change the setting,
answer notices, file requests; the one place they call the ledger, the policy and the
erasure workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from consentgate.errors import (
    ConfigError,
    ConsentgateError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from consentgate.i18n import N_, _, day, long_day
from consentgate.ledger.actions import ACTION_TYPES, Outcome, outcomes_by_request_event
from consentgate.ledger.choices import respond_to_notice, set_choice
from consentgate.ledger.events import LedgerEvent
from consentgate.ledger.requests import file_request, list_requests
from consentgate.ledger.store import ConsentLedger
from consentgate.models import REQUEST_KINDS, ConsentEvent, Member, MemberRequest
from consentgate.policy import Policy, load_policy
from consentgate.policy.rules import CHOICE_EVENT_TYPES, is_adult_on, utc_date
from consentgate.workflows.erasure import erase_in_session, finish_pending_erasures
from consentgate.workspace import Workspace

MAX_REASON = 2000
KIND_LABELS = {
    "profile": N_("Profile (name, headline, summary, positions, education, skills, location)"),
    "post": N_("Public posts"),
    "article": N_("Articles"),
    "comment": N_("Comments and replies"),
    "group_post": N_("Contributions to groups"),
    "recruiter_message": N_("Part of your exchanges with recruiters"),
    "private_message": N_("Private messages"),
    "ai_prompt": N_("Your questions to the AI features, and their answers"),
    "feedback": N_("Feedback you give"),
    "salary": N_("Salary data"),
}
ALWAYS_EXCLUDED = (
    N_("Private messages"),
    N_("Salary data"),
    N_("Job applications tied to you"),
    N_("Sign-in credentials"),
    N_("Payment methods"),
    N_("Any data of members under 18, whatever the setting shows"),
)


@dataclass(frozen=True, slots=True)
class MemberRef:
    """The signed-in member's identity: enough for every page and endpoint, no JSON columns."""

    member_id: str
    name: str
    country: str
    birth_date: dt.date


@dataclass(slots=True)
class SettingView:
    """The switch as the member sees it: state, where it comes from, and its history."""

    enabled: bool
    source: str  # event | default | none
    explanation: str
    since: dt.datetime | None
    channel: str | None
    region: str
    policy_id: str
    minor: bool
    covered: list[str]
    never_used: list[str]
    history: list[LedgerEvent] = field(default_factory=list)


@dataclass(slots=True)
class NoticeView:
    """One policy notice delivered to a member, and their answer if any."""

    policy_version: str
    delivered_at: dt.datetime
    status: str  # pending | accepted | refused
    responded_at: dt.datetime | None = None


# The columns of a MemberRef, read by web.auth with the session that signs the member in:
# a narrow SELECT, no ORM identity map or profile JSON per request.
MEMBER_REF_COLUMNS = (Member.member_id, Member.name, Member.country, Member.birth_date)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


MINOR_ON = N_("members under 18 cannot turn on the use of their data for AI training")


def is_minor(member: MemberRef, at: dt.datetime) -> bool:
    """Under 18 on the UTC date of `at`, as the eligibility rules count ages (ER4, ER6)."""
    return not is_adult_on(member.birth_date, utc_date(at))


def refuse_minor_yes(member: MemberRef, enabled: bool, at: dt.datetime) -> None:
    """A minor may turn training off, never on: ForbiddenError, and nothing is recorded."""
    if enabled and is_minor(member, at):
        raise ForbiddenError(_(MINOR_ON))


def setting_view(session: Session, member: MemberRef, policy: Policy) -> SettingView:
    """The member's current setting under the active policy, explained, with its history."""
    ledger = ConsentLedger(session)
    now = now_utc()
    state = ledger.state_at(member.member_id, now, policy)
    event = state.deciding_event
    if state.source == "event" and event is not None:
        explanation = describe_choice(event)
    elif state.source == "default":
        explanation = _("Default of your region ({country}) under the {policy}").format(
            country=member.country, policy=policy_words(policy.id)
        )
    else:
        explanation = _("Your region ({country}) is not covered by the {policy}").format(
            country=member.country, policy=policy_words(policy.id)
        )
    shown = CHOICE_EVENT_TYPES | set(ACTION_TYPES)  # the DPO's actions are part of the story
    history = [e for e in ledger.events_for(member.member_id) if e.type in shown]
    return SettingView(
        enabled=bool(state.choice),
        source=state.source,
        explanation=explanation,
        since=state.since,
        channel=event.channel if event is not None else None,
        region=member.country,
        policy_id=policy.id,
        minor=is_minor(member, now),
        covered=[_(label) for kind, label in KIND_LABELS.items() if kind in policy.kinds],
        never_used=never_used(),
        history=list(reversed(history)),
    )


def describe_choice(event: LedgerEvent) -> str:
    """Where the current choice comes from, in the member's words."""
    on = day(event.at)
    if event.type == "notice_response":
        policy = policy_words(event.policy_version or "")
        if event.value == "accept":
            return _("You accepted the notice of the {policy} on {day}").format(
                policy=policy, day=on
            )
        return _("You refused the notice of the {policy} on {day}").format(policy=policy, day=on)
    if event.type == "objection":
        return _("Your objection to processing on {day}").format(day=on)
    return _("Your choice on {day} via {channel}").format(
        day=on, channel=channel_label(event.channel)
    )


def history_label(event: LedgerEvent) -> str:
    """One history line's 'choice' cell."""
    if event.type == "notice_response":
        policy = policy_words(event.policy_version or "")
        if event.value == "accept":
            return _("Notice of the {policy}: accepted").format(policy=policy)
        return _("Notice of the {policy}: refused").format(policy=policy)
    if event.type == "objection":
        return _("Objection (off)")
    if event.type == "request_closed":
        outcome = Outcome.from_value(event.value)
        if outcome.outcome == "granted":
            said = _("Your request was granted by the data protection officer")
        else:
            said = _("Your request was refused by the data protection officer")
        return f"{said}: {outcome.reason}" if outcome.reason else said
    if event.type == "forgetting_started":
        return _("The data protection officer started removing your data from the trained models")
    return _("On") if event.value is True else _("Off")


CHANNEL_WORDS = {
    "web": N_("the website"),
    "ios": N_("the iOS app"),
    "android": N_("the Android app"),
    "api": N_("the API"),
    "gpc": N_("the Global Privacy Control signal from your browser"),
    "form": N_("the objection form"),
    "import": N_("an earlier system"),
    "dpo": N_("the data protection officer"),
}


def channel_label(channel: str) -> str:
    """How a choice came, in plain words ("the iOS app")."""
    words = CHANNEL_WORDS.get(channel)
    return _(words) if words else channel


@cache
def _policy_start(policy_id: str) -> dt.datetime | None:
    """When a policy's last region rule took effect (None: not a known policy)."""
    try:
        policy = load_policy(policy_id)
    except ConsentgateError:
        return None
    return max((rule.effective_from for rule in policy.rules), default=None)


# Words a member reads for the vocabulary's values (translated when shown).
REQUEST_WORDS = {
    "objection": N_("objection"),
    "restriction": N_("restriction"),
    "erasure": N_("erasure"),
}
STATUS_WORDS = {"open": N_("open"), "done": N_("done"), "refused": N_("refused")}
OUTCOME_WORDS = {"granted": N_("granted"), "refused": N_("refused")}


def words(table: dict[str, str], value: str) -> str:
    """A vocabulary value in the member's language (itself when the table lacks it)."""
    found = table.get(value)
    return _(found) if found else value


def kind_label(kind: str) -> str:
    """A content kind in plain words ("Private messages")."""
    return words(KIND_LABELS, kind)


def never_used() -> list[str]:
    """What is never used, in the member's language."""
    return [_(item) for item in ALWAYS_EXCLUDED]


def policy_words(policy_id: str) -> str:
    """A policy as a member names it: "policy of 3 November 2025" (the day its last region
    rule took effect); its id when it is not a known policy."""
    started = _policy_start(policy_id)
    if started is None:
        return policy_id
    return _("policy of {date}").format(date=long_day(started))


def record_choice(session: Session, member: MemberRef, enabled: bool, channel: str) -> LedgerEvent:
    """Append the member's choice to the ledger (a minor's "on" is refused)."""
    refuse_minor_yes(member, enabled, now_utc())
    return set_choice(session, member.member_id, enabled, channel)


def notices_for(session: Session, member_id: str) -> list[NoticeView]:
    """Notices delivered to the member, newest first; pending until answered."""
    notices: dict[str, NoticeView] = {}
    for event in ConsentLedger(session).events_for(member_id):
        version = event.policy_version
        if version is None:
            continue
        if event.type == "notice_delivered" and version not in notices:
            notices[version] = NoticeView(version, event.at, "pending")
        elif event.type == "notice_response" and version in notices:
            notice = notices[version]
            notice.status = "accepted" if event.value == "accept" else "refused"
            notice.responded_at = event.at
    return sorted(notices.values(), key=lambda n: n.delivered_at, reverse=True)


def pending_notices(session: Session, member_id: str) -> list[NoticeView]:
    return [n for n in notices_for(session, member_id) if n.status == "pending"]


def answer_notice(
    session: Session, member_id: str, policy_version: str, accept: bool, channel: str
) -> NoticeView:
    """Record the member's answer to a notice they received."""
    known = {n.policy_version for n in notices_for(session, member_id)}
    if policy_version not in known:
        raise NotFoundError(f"no notice for policy {policy_version!r} was delivered to you")
    respond_to_notice(session, member_id, policy_version, accept, channel)
    return next(n for n in notices_for(session, member_id) if n.policy_version == policy_version)


def clean_reason(reason: str | None) -> str | None:
    """An optional free-text reason: stripped, at most MAX_REASON characters."""
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise InvalidInputError(f"reason: at most {MAX_REASON} characters ({len(text)} given)")
    return text or None


def file_member_request(
    session: Session,
    member_id: str,
    kind: str,
    reason: str | None,
    channel: str,
    ws: Workspace | None = None,
) -> MemberRequest:
    """File an objection, restriction or erasure for the member (not committed).

    An erasure runs the erasure workflow's database step (`ws` needed; no reason kept);
    call `finish_request` once committed, outside the write gate (the routes run it as a
    background task, after the answer: it rewrites dataset files and vacuums tables).
    """
    if kind not in REQUEST_KINDS:
        raise InvalidInputError(f"kind: must be one of {', '.join(REQUEST_KINDS)} (got {kind!r})")
    if kind != "erasure":
        return file_request(session, member_id, kind, clean_reason(reason), channel, now_utc())
    if ws is None:
        raise ConfigError("internal error: an erasure needs the workspace")
    clean_reason(reason)  # still refused when too long, though not kept
    report = erase_in_session(session, ws, member_id, channel=channel, at=now_utc())
    request = session.get(MemberRequest, report.request_id)
    assert request is not None
    return request


def finish_request(ws: Workspace, request: MemberRequest) -> None:
    """After an erasure's commit: rewrite the dataset versions, scrub the database."""
    if request.kind == "erasure":
        finish_pending_erasures(ws)


def requests_for(session: Session, member_id: str) -> list[MemberRequest]:
    rows = session.scalars(
        select(MemberRequest)
        .where(MemberRequest.member_id == member_id)
        .order_by(MemberRequest.received_at.desc())
    )
    return list(rows)


def request_outcomes(session: Session, member_id: str) -> dict[str, Outcome]:
    """The outcome of each closed request of the member, by the event that filed it."""
    return outcomes_by_request_event(session, member_id)


def request_of(session: Session, member_id: str, request_id: str) -> MemberRequest:
    """One of the member's requests; another member's is reported as not found."""
    row = session.get(MemberRequest, request_id)
    if row is None or row.member_id != member_id:
        raise NotFoundError(f"no request {request_id!r} in your account")
    return row


def open_requests(session: Session) -> list[MemberRequest]:
    return [r for r in list_requests(session) if r.status == "open"]


def apply_gpc(session: Session, member: MemberRef, policy: Policy) -> bool:
    """Honour `Sec-GPC: 1`: record one 'no' (channel gpc) for a member of an opt-out region.

    Recorded only while the effective choice is yes and the member never had a GPC event:
    the signal is recorded once, and an explicit later "yes" on the switch stays theirs.
    """
    rule = policy.rule_for(member.country)
    if rule is None or not rule.default:
        return False
    state = ConsentLedger(session).state_at(member.member_id, now_utc(), policy)
    if not state.choice:
        return False
    already = session.scalar(
        select(ConsentEvent.seq)
        .where(ConsentEvent.member_id == member.member_id, ConsentEvent.channel == "gpc")
        .limit(1)
    )
    if already is not None:
        return False
    set_choice(session, member.member_id, False, "gpc")
    return True
