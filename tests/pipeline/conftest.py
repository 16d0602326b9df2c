"""Pipeline test fixtures."""

from __future__ import annotations

import datetime as dt

import pytest
from pipeline_helpers import StandInPolicy, components

from consentgate.pipeline.build import BuildComponents

AS_OF = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


@pytest.fixture
def parts() -> BuildComponents:
    return components()


@pytest.fixture
def policy() -> StandInPolicy:
    return StandInPolicy()
