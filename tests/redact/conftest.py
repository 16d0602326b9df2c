"""Fixtures for the redaction tests."""

from __future__ import annotations

import pytest

from consentgate.redact import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """A redactor that knows three members."""
    return Redactor(["Léa Moreau", "John Smith", "Jean-Pierre de La Tour"])
