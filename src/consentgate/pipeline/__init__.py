"""Dataset builds: snapshot -> decide -> shard -> redact -> dedup -> write, over Arrow batches.

Stages are plain functions over `pyarrow` tables and record batches (no hidden global state);
executors (`pipeline.executors`) decide where the per-shard work runs.
"""
