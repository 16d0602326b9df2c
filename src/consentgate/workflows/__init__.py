"""What orchestrates several packages, above training and below the assistant, the web app
and the command line: erasure (the database, every dataset version, the database files),
forgetting (the ledger, an incremental build, retraining the affected shards), the
memorisation audit, and the member services of the web app."""
