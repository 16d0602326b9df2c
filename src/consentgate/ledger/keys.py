"""Where the ledger's Ed25519 signing key comes from, and the workspace's record of its id.

The private key never goes into the database, nor into the workspace unless the operator
puts it there. In order: the key itself in `CONSENTGATE_LEDGER_KEY` (base64 of the raw 32
bytes, or PEM), a file named by `CONSENTGATE_LEDGER_KEY_FILE`, or the default file
`<config dir>/consentgate/ledger-keys/<key id>.key` (config dir: `$XDG_CONFIG_HOME`, else
`~/.config`), created (0600) the first time a new workspace signs. The workspace records the
key id and public key in its key record file (beside the heads file), so it finds its key
wherever it is moved, and refuses to sign with any other key.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consentgate.errors import ConfigError
from consentgate.ledger.signing import key_id, parse_private_key, private_text, public_bytes


@dataclass(frozen=True, slots=True)
class KeySettings:
    """The operator's key settings, as the workspace read them from the environment."""

    key_text: str | None = field(default=None, repr=False)
    key_file: Path | None = None
    keys_dir: Path = Path("~/.config/consentgate/ledger-keys")

    def default_file(self, kid: str) -> Path:
        return self.keys_dir / f"{kid}.key"


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """The workspace's record of the key its ledger is signed with (public parts only)."""

    key_id: str
    public_key: str


def read_record(path: Path) -> KeyRecord | None:
    """The key record, None when there is none; ConfigError when it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: unreadable ledger key record: {exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), str) for k in ("key_id", "public_key")
    ):
        raise ConfigError(f"{path}: the ledger key record needs key_id and public_key")
    return KeyRecord(data["key_id"], data["public_key"])


def record_of(key: Ed25519PrivateKey) -> KeyRecord:
    raw = public_bytes(key)
    return KeyRecord(key_id(raw), base64.b64encode(raw).decode())


def _write_new(path: Path, text: str, mode: int) -> bool:
    """Create `path` holding `text` unless it exists (then False): never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # not rename: whoever created it first wins
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True


def write_record(path: Path, record: KeyRecord) -> None:
    body = {"algorithm": "ed25519", "key_id": record.key_id, "public_key": record.public_key}
    text = json.dumps(body, indent=2)
    _write_new(path, text + "\n", 0o644)


def _read_key(path: Path, what: str) -> Ed25519PrivateKey:
    try:
        return parse_private_key(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the ledger signing key ({what}): {exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: not a ledger signing key ({what}): {exc}") from None


def configured_key(settings: KeySettings) -> tuple[Ed25519PrivateKey, str] | None:
    """The key the environment names (and where it came from), or None."""
    if settings.key_text:
        try:
            return parse_private_key(settings.key_text), "CONSENTGATE_LEDGER_KEY"
        except ValueError as exc:
            raise ConfigError(f"CONSENTGATE_LEDGER_KEY: {exc}") from None
    if settings.key_file is not None:
        return _read_key(settings.key_file, "CONSENTGATE_LEDGER_KEY_FILE"), str(settings.key_file)
    return None


def find_key(settings: KeySettings, kid: str | None) -> tuple[Ed25519PrivateKey, str] | None:
    """The configured key, else the default file of key `kid`; None when neither exists."""
    configured = configured_key(settings)
    if configured is not None:
        return configured
    if kid is None:
        return None
    path = settings.default_file(kid).expanduser()
    if not path.exists():
        return None
    return _read_key(path, "default key file"), str(path)


def _create_default(settings: KeySettings) -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.generate()
    path = settings.default_file(record_of(key).key_id).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_new(path, private_text(key) + "\n", 0o600)
    return key, str(path)


def signing_key(
    settings: KeySettings, record_path: Path, recorded_key_id: str | None
) -> Ed25519PrivateKey:
    """The key to sign this workspace's heads with, created for a new workspace.

    `recorded_key_id` is the key id the database's head row names; it is used only when the
    workspace has no key record (a PostgreSQL workspace opened from a new home).
    """
    record = read_record(record_path)
    wanted = record.key_id if record is not None else recorded_key_id
    found = find_key(settings, wanted)
    if found is None and wanted is not None:
        raise ConfigError(
            f"the ledger signing key {wanted} is not at {settings.default_file(wanted)}: "
            "set CONSENTGATE_LEDGER_KEY_FILE to its file (or CONSENTGATE_LEDGER_KEY to the key)"
        )
    key, source = found if found is not None else _create_default(settings)
    own = record_of(key)
    if wanted is not None and own.key_id != wanted:
        where = record_path if record is not None else "the database's ledger head"
        raise ConfigError(
            f"{source} holds ledger key {own.key_id}, but this workspace's ledger is signed "
            f"with key {wanted} ({where})"
        )
    if record is None:
        write_record(record_path, own)
    return key
