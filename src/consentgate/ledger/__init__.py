"""The append-only, hash-chained consent ledger, point-in-time state and member requests."""
