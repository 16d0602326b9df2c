"""The append-only, hash-chained consent ledger and member requests."""
