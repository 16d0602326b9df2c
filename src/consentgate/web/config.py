"""The web app's settings, from CONSENTGATE_* environment variables (pydantic-settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from consentgate.errors import ConfigError

# Only good for a developer's laptop: Settings refuses it in any other environment.
DEVELOPMENT_SECRET_KEY = "consentgate-development-key-do-not-use-in-production"


class Settings(BaseSettings):
    """Secret key, environment, active policy, session and sign-in limits."""

    model_config = SettingsConfigDict(env_prefix="CONSENTGATE_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    policy: str = "linkedin-2025"
    session_max_age_s: int = 14 * 24 * 3600
    token_ttl_s: int = 3600
    cookie_secure: bool | None = None
    login_max_failures: int = 5
    login_window_s: int = 900
    login_max_failures_per_ip: int = 50
    # Request threads per worker; SQLAlchemy's default pool keeps 5 connections.
    threads: int = 5

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


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and overrides; a bad value is one ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
