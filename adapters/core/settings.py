"""The one reader of the environment (and of `.env`)."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    pass


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field("", alias="CREDIT_DATABASE_URL")
    cipher_key: str | None = Field(None, alias="CIPHER_KEY")
    signing_key: str | None = Field(None, alias="CREDIT_SIGNING_KEY")
    checkpoint_every_events: int = Field(1000, alias="CREDIT_CHECKPOINT_EVERY_EVENTS")
    checkpoint_every_seconds: int = Field(3600, alias="CREDIT_CHECKPOINT_EVERY_SECONDS")
    clock: Literal["system", "manual"] = Field("system", alias="CREDIT_CLOCK")
    # the service's day: today, deadlines, publicity ends, sweeps and statistics count its days
    timezone: str = Field("Asia/Shanghai", alias="CREDIT_TIMEZONE")
    webhook_allow_private: bool = Field(False, alias="CREDIT_WEBHOOK_ALLOW_PRIVATE")
    var_dir: Path = Field(Path("var"), alias="CREDIT_VAR_DIR")
    policy_dir: Path | None = Field(None, alias="CREDIT_POLICY_DIR")
    max_body_bytes: int = Field(32 * 1024 * 1024, alias="CREDIT_MAX_BODY_BYTES")
    poll_interval: float = Field(0.2, alias="CREDIT_POLL_INTERVAL")
    page_size: int = Field(500, alias="CREDIT_PROJECTION_PAGE")
    log_level: str = Field("INFO", alias="CREDIT_LOG_LEVEL")
    # sharing (issue 6): webhook retry schedule in seconds (Standard Webhooks), timeouts, limits
    webhook_retry_schedule: str = Field(
        "5,300,1800,7200,18000,36000,36000", alias="CREDIT_WEBHOOK_RETRY_SCHEDULE"
    )
    webhook_timeout: float = Field(10.0, alias="CREDIT_WEBHOOK_TIMEOUT")
    webhook_disable_after: float = Field(5 * 86400.0, alias="CREDIT_WEBHOOK_DISABLE_AFTER")
    webhook_concurrency: int = Field(16, alias="CREDIT_WEBHOOK_CONCURRENCY")
    webhook_secret_grace: float = Field(86400.0, alias="CREDIT_WEBHOOK_SECRET_GRACE")
    # webhook deliveries in the worker (0), or in this many processes beside it, each delivering
    # a shard of the subscriptions (adapters/sharing/delivery.py)
    delivery_processes: int = Field(0, ge=0, alias="CREDIT_DELIVERY_PROCESSES")
    export_dir: Path | None = Field(None, alias="CREDIT_EXPORT_DIR")
    # failed authentications per client address (issue 14): this many per window, then 429
    auth_failure_limit: int = Field(20, ge=1, alias="CREDIT_AUTH_FAILURE_LIMIT")
    auth_failure_window: float = Field(60.0, gt=0, alias="CREDIT_AUTH_FAILURE_WINDOW")
    # portal sessions end after this long without a request, and this long after login
    portal_idle_seconds: float = Field(1800.0, gt=0, alias="CREDIT_PORTAL_IDLE_SECONDS")
    portal_session_seconds: float = Field(8 * 3600.0, gt=0, alias="CREDIT_PORTAL_SESSION_SECONDS")
    # operations (issue 21): /metrics on or off, and the client networks it answers (CIDR list)
    metrics_enabled: bool = Field(True, alias="CREDIT_METRICS")
    metrics_allow: str = Field("127.0.0.0/8,::1/128", alias="CREDIT_METRICS_ALLOW")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"CREDIT_TIMEZONE: unknown time zone {value!r}") from None
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'credit.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def resolved_cipher_key(self) -> str:
        """CIPHER_KEY, or on the embedded default a key generated once under var/."""
        if self.cipher_key:
            raw = base64.b64decode(self.cipher_key)
            if len(raw) != 32:
                raise SettingsError("CIPHER_KEY must be base64 of 32 random bytes")
            return self.cipher_key
        if not self.is_sqlite:
            raise SettingsError("CIPHER_KEY is required with PostgreSQL (base64 of 32 bytes)")
        return self._generated_key("cipher.key")

    def resolved_signing_key(self) -> bytes:
        """The Ed25519 seed (32 bytes) that signs checkpoints and check receipts.

        CREDIT_SIGNING_KEY (base64 of the raw 32-byte seed). A production deployment (PostgreSQL
        with the system clock) refuses to start without it; the embedded default and test or demo
        set-ups (CREDIT_CLOCK=manual) generate one once under var/.
        """
        if self.signing_key:
            raw = base64.b64decode(self.signing_key)
            if len(raw) != 32:
                raise SettingsError("CREDIT_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed")
            return raw
        if not self.is_sqlite and self.clock == "system":
            raise SettingsError(
                "CREDIT_SIGNING_KEY is required with PostgreSQL (base64 of a 32-byte seed)"
            )
        return base64.b64decode(self._generated_key("signing.key"))

    def _generated_key(self, filename: str) -> str:
        path = self.var_dir / filename
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return path.read_text().strip()  # another process created it first
            with os.fdopen(fd, "w") as f:
                f.write(base64.b64encode(secrets.token_bytes(32)).decode())
        return path.read_text().strip()
