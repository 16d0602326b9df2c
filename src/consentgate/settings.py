"""The one settings object: workspace, database, default policy, ledger key and web app.

Read once from `CONSENTGATE_*` environment variables (pydantic-settings) by the command
line's root callback, or by `Workspace.open` for code that opens a workspace itself; the
workspace carries it, and `create_app` takes it. Every variable is listed in
docs/architecture.md.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from consentgate.errors import ConfigError
from consentgate.policy import DEFAULT_POLICY

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MIB = 1024 * 1024
DEFAULT_HOME = Path("consentgate-home")
# The member page that takes a data export upload (its own body limit, footprint_max_bytes).
FOOTPRINT_PATH = "/my/footprint"
# Only good for a developer's laptop: the web app refuses it in any other environment.
DEVELOPMENT_SECRET_KEY = "consentgate-development-key-do-not-use-in-production"


def default_keys_dir() -> Path:
    """Where the ledger's key files go by default: `$XDG_CONFIG_HOME` (else ~/.config)
    /consentgate/ledger-keys."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "consentgate" / "ledger-keys"


def parse_networks(value: object) -> object:
    """Addresses or CIDRs (a comma-separated string or a list) as networks; other values
    are left for pydantic to refuse."""
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple):
        return value
    networks = []
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {text!r}") from None
    return tuple(networks)


def default_bases_dir() -> Path:
    """Where pre-trained base models go by default: `$XDG_CACHE_HOME` (else ~/.cache)
    /consentgate/bases (a base is rebuilt identically from its config when deleted)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "consentgate" / "bases"


class WebSettings(BaseSettings):
    """The web app's: environment, secret key, sessions, sign-in limits, proxies, body sizes."""

    model_config = SettingsConfigDict(env_prefix="CONSENTGATE_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    session_max_age_s: int = 14 * 24 * 3600
    token_ttl_s: int = 3600
    cookie_secure: bool | None = None
    # Sign-in attempts per window: per identity (e-mail or staff username, normalised) and
    # per client address; a successful sign-in does not count.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_s: int = Field(default=900, ge=1)
    login_max_failures_per_ip: int = Field(default=50, ge=1)
    # Proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated in
    # CONSENTGATE_TRUSTED_PROXIES); from any other peer the header is ignored.
    trusted_proxies: Annotated[tuple[Network, ...], NoDecode] = ()
    # Request bodies: this many bytes at most, unless a longer path prefix of body_limits
    # (CONSENTGATE_BODY_LIMITS='{"/upload": 104857600}') allows another size.
    max_body_bytes: int = Field(default=MIB, ge=0)
    body_limits: dict[str, int] = {}
    # A member's data export uploaded to /my/footprint (read in memory, never stored).
    footprint_max_bytes: int = Field(default=64 * MIB, ge=0)
    # Request threads per worker; SQLAlchemy's default pool keeps 5 connections.
    threads: int = 5
    # "Write with AI": generations per member per window (the model takes the cores)
    assistant_max_requests: int = Field(default=10, ge=1)
    assistant_window_s: int = Field(default=60, ge=1)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
        return parse_networks(value)

    def check_secret(self) -> None:
        """Refuse to serve with the development key outside development, or a short key.

        Checked where the web app starts, not when settings are read: a command that serves
        nothing (a build on a production machine) needs no web secret.
        """
        key = self.secret_key.get_secret_value()
        if self.env != "development" and key == DEVELOPMENT_SECRET_KEY:
            raise ConfigError(
                "CONSENTGATE_SECRET_KEY must be set outside development (CONSENTGATE_ENV="
                f"{self.env}): e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if len(key) < 32:
            raise ConfigError("CONSENTGATE_SECRET_KEY must be at least 32 characters")

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies by default in production (HTTPS behind a proxy), off on localhost."""
        return self.cookie_secure if self.cookie_secure is not None else self.env == "production"

    def body_limit(self, path: str) -> int:
        """The most bytes a request body to this path may hold (the longest prefix wins)."""
        matches = [prefix for prefix in self.body_limits if path.startswith(prefix)]
        if matches:
            return self.body_limits[max(matches, key=len)]
        if path.startswith(FOOTPRINT_PATH):
            return self.footprint_max_bytes
        return self.max_body_bytes


class FeedSettings(BaseSettings):
    """The consent feed's: webhook deliveries (retries, timeouts, the address allow-list),
    the scan for changes no event causes, the feed clients' tokens (CONSENTGATE_FEED_*)."""

    model_config = SettingsConfigDict(env_prefix="CONSENTGATE_FEED_", extra="ignore")

    # Webhook targets in these networks are allowed even when private or loopback
    # (CONSENTGATE_FEED_ALLOW_NETWORKS=10.0.0.0/8,127.0.0.1/32); by default only public ones.
    allow_networks: Annotated[tuple[Network, ...], NoDecode] = ()
    max_attempts: int = Field(default=8, ge=1)
    backoff_base_s: float = Field(default=2.0, gt=0)
    backoff_max_s: float = Field(default=3600.0, gt=0)
    timeout_s: float = Field(default=5.0, gt=0)
    poll_s: float = Field(default=0.5, gt=0)
    scan_every_s: float = Field(default=300.0, gt=0)
    client_token_ttl_s: int = Field(default=3600, ge=60)
    # RabbitMQ (the [rabbitmq] extra): when set, the worker also publishes every entry there.
    amqp_url: SecretStr | None = None
    amqp_exchange: str = "consentgate.consent"

    @field_validator("allow_networks", mode="before")
    @classmethod
    def _parse_networks(cls, value: object) -> object:
        return parse_networks(value)


class Settings(BaseSettings):
    """Everything configurable, read once: `CONSENTGATE_HOME`, `CONSENTGATE_DATABASE_URL`,
    `CONSENTGATE_POLICY`, `CONSENTGATE_LEDGER_KEY`, `CONSENTGATE_LEDGER_KEY_FILE`, and the
    web app's (`web`, same prefix)."""

    model_config = SettingsConfigDict(
        env_prefix="CONSENTGATE_", extra="ignore", env_ignore_empty=True
    )

    # None: ./consentgate-home, and the workspace was not named (see Workspace.explicit).
    home: Path | None = None
    # None: the SQLite file db.sqlite in the home.
    database_url: str | None = None
    # The policy the web app applies and the commands' --policy default.
    policy: str = DEFAULT_POLICY
    # The ledger's signing key itself (base64 or PEM), or the path of its file; otherwise a
    # file per key id under `ledger_keys_dir` (see ledger/keys.py).
    ledger_key: SecretStr | None = None
    ledger_key_file: Path | None = None
    ledger_keys_dir: Path = Field(default_factory=default_keys_dir)
    bases_dir: Path = Field(default_factory=default_bases_dir)
    web: WebSettings = Field(default_factory=WebSettings)
    feed: FeedSettings = Field(default_factory=FeedSettings)

    @field_validator("home", "ledger_key_file", mode="after")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and the non-None `overrides`; a bad value is one
    ConfigError line naming the setting."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
