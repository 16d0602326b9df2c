"""Writing a dataset: shard Parquet files, lineage, manifest, card; durably and atomically.

A build writes into `datasets/.build-<id>/` (locked with flock while the build runs), fsyncs
every file and the directory, then renames it to `datasets/<version>/`: a version appears whole
or not at all. Directories of dead builds are removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from consentgate.errors import DatasetError
from consentgate.pipeline.schema import LINEAGE_SCHEMA, SHARD_SCHEMA

BUILD_PREFIX = ".build-"
LOCK_NAME = ".lock"
STALE_UNLOCKED_S = 600
ROW_GROUP_SIZE = 64_000


def shard_name(shard: int) -> str:
    return f"shard-{shard:04d}.parquet"


def fsync_path(path: Path) -> None:
    """Flush a file's (or a directory's) content to stable storage."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_parquet(table: pa.Table, path: Path, schema: pa.Schema) -> None:
    """Deterministic zstd Parquet: same table (and pyarrow version), same bytes."""
    table = table.select(schema.names).cast(schema)
    options: dict[str, Any] = {
        "compression": "zstd",
        "use_dictionary": [n for n in ("kind", "lang") if n in schema.names],
        "write_statistics": True,
    }
    if len(table):
        pq.write_table(table, path, row_group_size=ROW_GROUP_SIZE, **options)
    else:
        # No row group at all: readers that size batches from the first row group
        # (Hugging Face datasets) choke on an empty one.
        pq.ParquetWriter(path, schema, **options).close()
    fsync_path(path)


def write_shard(table: pa.Table, path: Path) -> str:
    """Write one shard file; returns its SHA-256."""
    write_parquet(table, path, SHARD_SCHEMA)
    return sha256_file(path)


def write_lineage(shard_paths: list[Path], path: Path) -> None:
    """lineage.parquet: (record_id, member_id, shard) of every record, in shard order."""
    parts = [pq.read_table(p, columns=list(LINEAGE_SCHEMA.names)) for p in shard_paths]
    table = pa.concat_tables(parts) if parts else LINEAGE_SCHEMA.empty_table()
    write_parquet(table, path, LINEAGE_SCHEMA)


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_json(path: Path, payload: dict[str, Any]) -> None:
    write_text(path, json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def reuse_file(source: Path, target: Path) -> None:
    """Reuse a parent's shard byte for byte: a hard link where possible, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        fsync_path(target)


def _lock_is_free(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def clean_stale_builds(datasets_dir: Path) -> list[Path]:
    """Remove the temporary directories of builds that died (their lock is free)."""
    removed: list[Path] = []
    if not datasets_dir.is_dir():
        return removed
    for entry in datasets_dir.iterdir():
        if not entry.name.startswith(BUILD_PREFIX) or not entry.is_dir():
            continue
        lock = entry / LOCK_NAME
        unlocked_old = not lock.exists() and time.time() - entry.stat().st_mtime > STALE_UNLOCKED_S
        if unlocked_old or _lock_is_free(lock):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


@contextlib.contextmanager
def build_directory(datasets_dir: Path) -> Iterator[Path]:
    """A locked temporary build directory inside datasets/, removed if the build fails."""
    datasets_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_builds(datasets_dir)
    tmp = datasets_dir / f"{BUILD_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    fd = os.open(tmp / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield tmp
    finally:
        os.close(fd)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def version_name(number: int) -> str:
    return f"v{number:04d}"


def next_version_number(datasets_dir: Path) -> int:
    numbers = [
        int(p.name[1:])
        for p in datasets_dir.iterdir()
        if p.is_dir() and p.name.startswith("v") and p.name[1:].isdigit()
    ]
    return max(numbers, default=0) + 1


def publish(tmp: Path, datasets_dir: Path, finalize: Any) -> tuple[str, Path]:
    """Rename the finished build directory to the next free version, atomically.

    `finalize(version)` writes the files that name the version (manifest, card) first; if a
    concurrent build takes the number meanwhile, it is called again with the next one.
    """
    (tmp / LOCK_NAME).unlink(missing_ok=True)
    for _attempt in range(100):
        version = version_name(next_version_number(datasets_dir))
        finalize(version)
        fsync_path(tmp)
        target = datasets_dir / version
        if target.exists():
            continue
        try:
            os.rename(tmp, target)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                continue
            raise
        fsync_path(datasets_dir)
        return version, target
    raise DatasetError(f"{datasets_dir}: could not allocate a dataset version")


def publish_as(tmp: Path, datasets_dir: Path, version: str) -> Path:
    """Rename the finished build directory to `version`, atomically; DatasetError if taken."""
    (tmp / LOCK_NAME).unlink(missing_ok=True)
    fsync_path(tmp)
    target = datasets_dir / version
    if target.exists():
        raise DatasetError(f"{target}: dataset version {version} exists already")
    try:
        os.rename(tmp, target)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise DatasetError(f"{target}: dataset version {version} exists already") from None
        raise
    fsync_path(datasets_dir)
    return target


_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange_directories(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    False when the system or file system cannot: the caller then renames in two steps.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(a))


def overwrite_and_unlink(path: Path) -> None:
    """Remove a file; when this is its last link, overwrite its bytes with zeros first.

    A hard link shared with another dataset version is only unlinked: that version still
    needs the bytes (and is rewritten itself when it holds the same data). The zeros reach
    the same blocks on ext4 and xfs; copy-on-write file systems and SSD wear levelling may
    keep old blocks (docs/policy.md).
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return
    if stat.st_nlink == 1:
        with path.open("r+b") as handle:
            remaining = stat.st_size
            block = b"\x00" * (1 << 20)
            while remaining > 0:
                remaining -= handle.write(block[: min(remaining, len(block))])
            handle.flush()
            os.fsync(handle.fileno())
    path.unlink()
