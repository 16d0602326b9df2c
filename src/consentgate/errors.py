"""The project's exception hierarchy; the CLI and web edges turn these into one-line messages."""


class ConsentgateError(Exception):
    """Base of every error a user can cause or act on."""


class ConfigError(ConsentgateError):
    """Bad workspace, database URL or setting."""


class ImportValidationError(ConsentgateError):
    """An interchange file has bad lines; nothing was imported."""

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        shown = "\n".join(problems)
        more = self.total - len(problems)
        suffix = f"\n... and {more} more problems" if more > 0 else ""
        super().__init__(f"{self.total} problem(s), nothing imported:\n{shown}{suffix}")


class ConflictError(ConsentgateError):
    """A record with the same id already exists with different content."""


class UnknownMemberError(ConsentgateError):
    """No member with that id."""

    def __init__(self, member_id: str) -> None:
        self.member_id = member_id
        super().__init__(f"unknown member: {member_id}")


class PolicyError(ConsentgateError):
    """A policy file or name is invalid."""


class LedgerTamperError(ConsentgateError):
    """The consent ledger's hash chain does not verify."""


class DatasetError(ConsentgateError):
    """A dataset version is missing or malformed."""


class ModelError(ConsentgateError):
    """A model version is missing or malformed."""


class MissingDependencyError(ConsentgateError):
    """An optional dependency is not installed."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed; install it with: pip install 'consentgate[{extra}]'"
        )


class PolicyValidationError(PolicyError):
    """A policy file has problems (each `file:line: message`); the first is the message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{problems[0] if problems else 'invalid policy'}{more}")


class RequestError(ConsentgateError):
    """A member request (objection, restriction, erasure) cannot be filed or closed."""


class RedactionInputError(ConsentgateError):
    """A line given to `consentgate redact --jsonl` is not a valid record."""

    def __init__(self, line_number: int, reason: str) -> None:
        self.line_number = line_number
        self.reason = reason
        super().__init__(f"stdin line {line_number}: {reason}")


class StillIncludedError(ConsentgateError):
    """A member named for forgetting is still included by their consent state."""


class LedgerProofError(ConsentgateError):
    """An inclusion or consistency proof cannot be made (unknown event, head not covering it)."""


class ForbiddenError(ConsentgateError):
    """Signed in, but not allowed to see or do this (HTTP 403)."""


class NotFoundError(ConsentgateError):
    """The thing asked for does not exist for this member (HTTP 404)."""


class InvalidInputError(ConsentgateError):
    """A field has a bad value (HTTP 422); the message names the field."""


class ArchiveError(ConsentgateError):
    """A member's data export (zip) cannot be read: not a zip, not an export, a bad file."""
