"""The ledger's event value, and the versioned encoding that its Merkle leaves hash.

Encoding version 1 (the `encoding` column of every row names its version): one byte 0x01,
then the canonical JSON (keys sorted, no spaces, UTF-8) of an object holding every stored
field of the event: event_id, member_id, at, type, channel, value, policy_version,
recorded_at, its position in the log (0 for the first event) and the previous event's hash
(null for the first). Instants are UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.

Extending it: a new event type is a new `type` string (nothing else changes). A new field is
added to the object only when it holds a value, so every existing row keeps its bytes and
its hash. A change of meaning or form of an existing field takes a new version byte, written
in the `encoding` column of the rows that use it; older rows keep theirs, so every signed
tree head stays valid.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from consentgate.ledger.merkle import leaf_hash
from consentgate.models import CHANNELS, EVENT_TYPES

ENCODING_VERSION = 1
ENCODINGS = (ENCODING_VERSION,)
Value = bool | str | None


@dataclass(slots=True, frozen=True)
class LedgerEvent:
    """One consent event, as the interchange's events.jsonl spells it."""

    event_id: str
    member_id: str
    at: dt.datetime
    type: str
    channel: str
    value: Value = None
    policy_version: str | None = None

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.at.tzinfo is None:
            raise ValueError("event time must carry a UTC offset")


def instant_text(value: dt.datetime) -> str:
    """An instant as the encoding writes it (UTC, microseconds, a trailing Z)."""
    if value.tzinfo is None:  # SQLite gives naive UTC
        return value.isoformat(timespec="microseconds") + "Z"
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="microseconds")[:-6] + "Z"  # "+00:00" -> "Z"


# One encoder, built once: json.dumps with options builds a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: object) -> str:
    """The one text form of a JSON value that the encoding and the signatures use."""
    return _CANONICAL.encode(value)


def leaf_fields(
    event: LedgerEvent, position: int, recorded_at: dt.datetime, prev_hash: str | None
) -> dict[str, object]:
    """The stored fields of an event at `position`, as encoding version 1 names them."""
    return stored_fields(
        event.event_id,
        event.member_id,
        event.at,
        event.type,
        event.channel,
        event.value,
        event.policy_version,
        recorded_at,
        position,
        prev_hash,
    )


def stored_fields(
    event_id: str,
    member_id: str,
    at: dt.datetime,
    type_: str,
    channel: str,
    value: object,
    policy_version: str | None,
    recorded_at: dt.datetime,
    position: int,
    prev_hash: str | None,
) -> dict[str, object]:
    """The fields of a stored row, whatever they hold (verification reads rows that a
    database writer may have made unknown types of)."""
    return {
        "event_id": event_id,
        "member_id": member_id,
        "at": instant_text(at),
        "type": type_,
        "channel": channel,
        "value": value,
        "policy_version": policy_version,
        "recorded_at": instant_text(recorded_at),
        "position": position,
        "prev_hash": prev_hash,
    }


def encode(fields: Mapping[str, object], version: int = ENCODING_VERSION) -> bytes:
    """The leaf entry: the version byte, then the canonical JSON of the fields."""
    if version not in ENCODINGS:
        raise ValueError(f"unknown ledger encoding version {version}")
    return bytes([version]) + canonical_json(dict(fields)).encode()


def event_hash(fields: Mapping[str, object], version: int = ENCODING_VERSION) -> str:
    """The event's hash, stored in its row: the Merkle leaf hash of its encoding (hex)."""
    return leaf_hash(encode(fields, version)).hex()
