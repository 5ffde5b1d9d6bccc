"""Configuration from the environment or `.env`, every variable prefixed `HUB_`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Backend", "Settings"]


class Backend(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("gcm-hub")))
    graph_backend: Backend = Backend.EMBEDDED
    busy_timeout: float = Field(default=30.0, gt=0)
    """Seconds an embedded-store write waits for another process's write to end."""
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    host: str = "127.0.0.1"
    port: int = 8000
    organisation_files: list[Path] = []
    """Organisation registries read after the built-in one (docs/organisations.md)."""
    analytics_budget: float = Field(default=10.0, ge=0)
    """Seconds a graph analytics call waits for its answer before it answers busy."""
    operator_name: str = "GCM Connection Hub"
    """Who runs this hub: the reporting-org of its IATI exports."""
    operator_ref: str = "GCM-HUB"
    """The operator's IATI organisation identifier; set the real one before publishing."""
    operator_type: str = "40"
    """The operator's IATI OrganisationType code (40: multilateral, as a UN-hosted hub)."""

    webhooks_allow_local: bool = False
    """Whether webhooks may point at loopback, private or link-local addresses (tests)."""
    notify_interval: float = Field(default=5.0, ge=0)
    """Seconds between the dispatcher's passes inside `serve`; 0 runs none there."""
    webhook_timeout: float = Field(default=10.0, gt=0)
    webhook_backoff: float = Field(default=30.0, ge=0)
    """Seconds before a failed delivery's first retry; each further failure doubles it."""
    webhook_backoff_cap: float = Field(default=6 * 3600.0, ge=0)
    webhook_failure_limit: int = Field(default=10, ge=1)
    """Consecutive failed deliveries after which a subscriber is disabled."""
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_sender: str = "gcm-hub@localhost"

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "hub.db"
