"""The data model: every table and enumeration, defined once, below every package that uses them.

`consentgate.models.network` holds the member tables, `consentgate.models.ledger` the consent
ledger's, requests' and receipts', `consentgate.models.vocabulary` the enumerations.
"""

from consentgate.models.base import NAMING, Base
from consentgate.models.feed import (
    ConsentOutbox,
    FeedClient,
    FeedMemberState,
    FeedToken,
    PublicProfile,
    Webhook,
    WebhookDelivery,
)
from consentgate.models.ledger import (
    ChangeJournal,
    ConsentEvent,
    ForgetReceipt,
    LedgerHead,
    MemberRequest,
    StaffAccount,
)
from consentgate.models.network import (
    AuthSession,
    ContentRecord,
    ErasureSuppression,
    Member,
    MemberSecret,
)
from consentgate.models.vocabulary import (
    CHANNELS,
    CONTENT_KINDS,
    EVENT_TYPES,
    REQUEST_KINDS,
    VISIBILITIES,
    Channel,
    ContentKind,
    EventType,
    RequestKind,
    Visibility,
)

__all__ = [
    "WebhookDelivery",
    "Webhook",
    "PublicProfile",
    "FeedToken",
    "FeedMemberState",
    "FeedClient",
    "ConsentOutbox",
    "CHANNELS",
    "CONTENT_KINDS",
    "EVENT_TYPES",
    "NAMING",
    "REQUEST_KINDS",
    "VISIBILITIES",
    "AuthSession",
    "Base",
    "ChangeJournal",
    "Channel",
    "ConsentEvent",
    "ContentKind",
    "ContentRecord",
    "ErasureSuppression",
    "EventType",
    "ForgetReceipt",
    "LedgerHead",
    "Member",
    "MemberRequest",
    "MemberSecret",
    "RequestKind",
    "StaffAccount",
    "Visibility",
]
