"""Errors of the web edge: each is a ConsentgateError child mapped to one HTTP status (the
member services' errors, raised in workflows/, come from consentgate.errors)."""

from __future__ import annotations

from consentgate.errors import ConsentgateError, ForbiddenError, InvalidInputError, NotFoundError

__all__ = [
    "CsrfError",
    "ForbiddenError",
    "InvalidInputError",
    "NotAuthenticatedError",
    "NotFoundError",
    "RateLimitedError",
    "WriteFailedError",
]


class NotAuthenticatedError(ConsentgateError):
    """No valid session or bearer token (HTTP 401; pages redirect to the login page)."""

    def __init__(self, message: str = "not signed in") -> None:
        super().__init__(message)


class CsrfError(ConsentgateError):
    """A form arrived without the session's CSRF token (HTTP 403)."""

    def __init__(self) -> None:
        super().__init__("the form's security token is missing or wrong: reload the page and retry")


class RateLimitedError(ConsentgateError):
    """Too many failed sign-ins for this address and account (HTTP 429)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-in attempts: retry in {retry_after} s")


class WriteFailedError(ConsentgateError):
    """The ledger transaction that held this write failed; nothing was recorded (HTTP 503)."""

    @classmethod
    def from_cause(cls, cause: Exception) -> WriteFailedError:
        """One error per waiting request (each is raised in its own task), chained to the cause."""
        error = cls("your choice could not be recorded: please retry")
        error.__cause__ = cause
        return error
