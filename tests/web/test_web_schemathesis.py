"""Property-based API testing from the app's own OpenAPI document: no 500s, responses conform."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from web_helpers import FR, PASSWORD, make_settings, populate

from consentgate.web.app import create_app
from consentgate.workspace import Workspace


@pytest.fixture
def api_app(sqlite_workspace: Workspace) -> Iterator[object]:
    populate(sqlite_workspace)
    yield create_app(sqlite_workspace, make_settings())


@pytest.fixture
def tokens(api_app: object) -> dict[str, str]:
    client = TestClient(api_app)  # type: ignore[arg-type]
    member = client.post("/api/v1/auth/token", json={"email": FR.email, "password": PASSWORD})
    staff = client.post("/api/v1/auth/token", json={"username": "dpo", "password": PASSWORD})
    return {"member": member.json()["access_token"], "staff": staff.json()["access_token"]}


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _fuzz(operation: object, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_api_conforms_and_never_fails(api_app: object, tokens: dict[str, str]) -> None:
    """Every operation of /openapi.json, a bounded number of generated cases each."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        role = "staff" if operation.path.startswith("/api/v1/dpo") else "member"
        public = operation.path == "/api/v1/auth/token"
        _fuzz(operation, {} if public else {"Authorization": f"Bearer {tokens[role]}"})
