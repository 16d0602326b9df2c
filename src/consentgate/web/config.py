"""The web app's settings, from CONSENTGATE_* environment variables (pydantic-settings)."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from consentgate.errors import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MIB = 1024 * 1024

# Only good for a developer's laptop: Settings refuses it in any other environment.
DEVELOPMENT_SECRET_KEY = "consentgate-development-key-do-not-use-in-production"


class Settings(BaseSettings):
    """Secret key, environment, active policy, sessions, sign-in limits, proxies, body sizes."""

    model_config = SettingsConfigDict(env_prefix="CONSENTGATE_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    policy: str = "linkedin-2025"
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
    # Request threads per worker; SQLAlchemy's default pool keeps 5 connections.
    threads: int = 5

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
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

    @model_validator(mode="after")
    def _refuse_unsafe_secret(self) -> Settings:
        key = self.secret_key.get_secret_value()
        if self.env != "development" and key == DEVELOPMENT_SECRET_KEY:
            raise ValueError(
                "CONSENTGATE_SECRET_KEY must be set outside development (CONSENTGATE_ENV="
                f"{self.env}): e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if len(key) < 32:
            raise ValueError("CONSENTGATE_SECRET_KEY must be at least 32 characters")
        return self

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies by default in production (HTTPS behind a proxy), off on localhost."""
        return self.cookie_secure if self.cookie_secure is not None else self.env == "production"

    def body_limit(self, path: str) -> int:
        """The most bytes a request body to this path may hold (the longest prefix wins)."""
        matches = [prefix for prefix in self.body_limits if path.startswith(prefix)]
        return self.body_limits[max(matches, key=len)] if matches else self.max_body_bytes


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and overrides; a bad value is one ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
