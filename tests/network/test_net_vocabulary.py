"""The interchange format's pydantic literals and the database vocabularies are one list each.

Pydantic needs `Literal[...]` types and the models need tuples; a value added to one and not
the other would let the importer accept rows the database or the policy engine cannot name.
"""

from typing import get_args

from consentgate.ledger.models import CHANNELS, EVENT_TYPES
from consentgate.network import validation
from consentgate.network.models import CONTENT_KINDS, VISIBILITIES


def test_content_kinds_match_the_model() -> None:
    assert get_args(validation.Kind) == CONTENT_KINDS


def test_visibilities_match_the_model() -> None:
    assert get_args(validation.Visibility) == VISIBILITIES


def test_event_types_match_the_ledger() -> None:
    assert get_args(validation.EventType) == EVENT_TYPES


def test_channels_match_the_ledger() -> None:
    assert get_args(validation.Channel) == CHANNELS
