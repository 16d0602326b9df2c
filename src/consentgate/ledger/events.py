"""The ledger's event value: what import, the CLI, the web app and the API append."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from consentgate.ledger.models import CHANNELS, EVENT_TYPES


@dataclass(slots=True, frozen=True)
class LedgerEvent:
    """One consent event, as the interchange's events.jsonl spells it."""

    event_id: str
    member_id: str
    at: dt.datetime
    type: str
    channel: str
    value: bool | str | None = None
    policy_version: str | None = None

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.at.tzinfo is None:
            raise ValueError("event time must carry a UTC offset")

    def canonical(self) -> str:
        """A stable text form, the input of the hash chain."""
        return json.dumps(
            {
                "event_id": self.event_id,
                "member_id": self.member_id,
                "at": self.at.astimezone(dt.UTC).isoformat(),
                "type": self.type,
                "channel": self.channel,
                "value": self.value,
                "policy_version": self.policy_version,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )


def chain_hash(prev_hash: str | None, event: LedgerEvent) -> str:
    """SHA-256 over the previous event's hash and this event's canonical form."""
    digest = hashlib.sha256()
    digest.update((prev_hash or "").encode())
    digest.update(b"\n")
    digest.update(event.canonical().encode())
    return digest.hexdigest()
