"""Errors of the web edge: each is a ConsentgateError child mapped to one HTTP status."""

from __future__ import annotations

from consentgate.errors import ConsentgateError


class NotAuthenticatedError(ConsentgateError):
    """No valid session or bearer token (HTTP 401; pages redirect to the login page)."""

    def __init__(self, message: str = "not signed in") -> None:
        super().__init__(message)


class ForbiddenError(ConsentgateError):
    """Signed in, but not allowed to see or do this (HTTP 403)."""


class CsrfError(ConsentgateError):
    """A form arrived without the session's CSRF token (HTTP 403)."""

    def __init__(self) -> None:
        super().__init__("the form's security token is missing or wrong: reload the page and retry")


class RateLimitedError(ConsentgateError):
    """Too many failed sign-ins for this address and account (HTTP 429)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-in attempts: retry in {retry_after} s")


class NotFoundError(ConsentgateError):
    """The thing asked for does not exist for this member (HTTP 404)."""


class InvalidInputError(ConsentgateError):
    """A field has a bad value (HTTP 422); the message names the field."""


class WriteFailedError(ConsentgateError):
    """The ledger transaction that held this write failed; nothing was recorded (HTTP 503)."""

    @classmethod
    def from_cause(cls, cause: Exception) -> WriteFailedError:
        """One error per waiting request (each is raised in its own task), chained to the cause."""
        error = cls("your choice could not be recorded: please retry")
        error.__cause__ = cause
        return error
