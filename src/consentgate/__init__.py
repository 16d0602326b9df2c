"""consentgate: consent-first training data and models for a professional network."""

__version__ = "0.1.0"
