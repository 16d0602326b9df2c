"""The interchange format's fields take their values from the data model's one vocabulary.

Pydantic checks a row against the model's `Literal` types, whose values are the tuples the
database and the CLI list: a value added there is accepted by the importer, and only there.
"""

from typing import get_args

from consentgate.models import (
    CHANNELS,
    CONTENT_KINDS,
    EVENT_TYPES,
    VISIBILITIES,
    Channel,
    ContentKind,
    EventType,
    Visibility,
)
from consentgate.network.validation import ContentIn, EventIn


def test_content_rows_use_the_model_vocabulary() -> None:
    assert ContentIn.model_fields["kind"].annotation is ContentKind
    assert ContentIn.model_fields["visibility"].annotation is Visibility
    assert get_args(ContentKind) == CONTENT_KINDS and get_args(Visibility) == VISIBILITIES


def test_event_rows_use_the_model_vocabulary() -> None:
    assert EventIn.model_fields["type"].annotation is EventType
    assert EventIn.model_fields["channel"].annotation is Channel
    assert get_args(EventType) == EVENT_TYPES and get_args(Channel) == CHANNELS
