"""Pipeline test fixtures."""

from __future__ import annotations

import pytest
from pipeline_helpers import components

from consentgate.pipeline.build import BuildComponents
from consentgate.policy import Policy, load_policy


@pytest.fixture
def parts() -> BuildComponents:
    return components()


@pytest.fixture
def policy() -> Policy:
    return load_policy("linkedin-2025")
