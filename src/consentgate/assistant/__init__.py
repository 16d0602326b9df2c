"""The content-creation features served from the current model."""

from __future__ import annotations

from consentgate.assistant.generate import generate

__all__ = ["generate"]
