"""CLI command groups, one module per concern; `consentgate.cli` composes them."""
