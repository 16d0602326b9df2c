"""`python -m consentgate`."""

from consentgate.cli import entrypoint

entrypoint()
