"""Property-based API testing from the app's own OpenAPI document, on SQLite and PostgreSQL:
no 500s, responses conform. `make test` runs a few cases per operation; the benchmark-marked
run many."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from web_helpers import FR, api_token, make_settings, populate

from consentgate.web.app import create_app
from consentgate.workspace import Workspace

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _fuzz(operation: object, headers: dict[str, str], examples: int) -> None:
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def _conforms(ws: Workspace, examples: int) -> None:
    """Every operation of /openapi.json, `examples` generated cases each. Each operation
    gets fresh tokens: one that signs out (DELETE /auth/token) leaves the others signed in."""
    populate(ws)
    app = create_app(ws, make_settings())
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        if operation.path == "/api/v1/auth/token" and operation.method.upper() == "POST":
            headers = {}
        elif operation.path.startswith("/api/v1/dpo"):
            headers = {"Authorization": f"Bearer {api_token(ws, 'dpo', 'staff')}"}
        else:
            headers = {"Authorization": f"Bearer {api_token(ws, FR.member_id)}"}
        _fuzz(operation, headers, examples)


def test_api_conforms_and_never_fails(workspace: Workspace) -> None:
    _conforms(workspace, examples=12)


@pytest.mark.benchmark
def test_api_conforms_and_never_fails_full_run(workspace: Workspace) -> None:
    _conforms(workspace, examples=150)
