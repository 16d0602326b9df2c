"""`app` for an ASGI server (uvicorn consentgate.web.asgi:app): workspace from the environment."""

from __future__ import annotations

from consentgate.web.app import create_app
from consentgate.workspace import Workspace

app = create_app(Workspace.open())
