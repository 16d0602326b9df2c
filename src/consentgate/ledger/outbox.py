"""The transactional outbox of the consent feed, as the ledger's append writes it.

A row per appended event, written by the same transaction as the events, in ledger order:
one INSERT ... SELECT per append, whatever the number of events, run under the ledger lock
(so outbox ids follow commit order). The decision columns are filled by the feed
(workflows/feed.py).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, bindparam, insert, select

from consentgate.models import ConsentEvent, ConsentOutbox

_EVENTS = ConsentEvent.metadata.tables[ConsentEvent.__tablename__]
_OUTBOX = ConsentOutbox.metadata.tables[ConsentOutbox.__tablename__]

# Parameter `after_seq`: the head's seq before the append (0 for an empty ledger).
FILL_OUTBOX = insert(_OUTBOX).from_select(
    ["member_id", "kind", "ledger_seq", "event_id", "created_at"],
    select(
        _EVENTS.c.member_id,
        _EVENTS.c.type,
        _EVENTS.c.seq,
        _EVENTS.c.event_id,
        _EVENTS.c.recorded_at,
    )
    .where(_EVENTS.c.seq > bindparam("after_seq", type_=BigInteger))
    .order_by(_EVENTS.c.seq),
)
