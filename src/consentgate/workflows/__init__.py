"""What orchestrates several packages: erasure (the database, every dataset version, the
database files), above training and below the web app and the command line."""
