"""Configuration from the environment or `.env`, every variable prefixed `HUB_`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.domain.activities import PartnershipStatus

__all__ = ["OVERDUE_DAYS", "Backend", "Settings"]

OVERDUE_DAYS = {
    PartnershipStatus.PROPOSED: 30,
    PartnershipStatus.AGREED: 90,
    PartnershipStatus.ACTIVE: 730,
}
"""Days a hub partnership may stay in a status before it is overdue there: a proposal
should be answered within a month, an agreement start within a quarter, and work end
within two years."""


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
    refit_interval: float = Field(default=5.0, ge=0)
    """Seconds between a server's looks for a newer model or a store its model is behind
    (a call that finds the model behind the store wakes it at once); 0 fits only by
    `gcm-hub refit`."""
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
    partnership_overdue_days: dict[PartnershipStatus, Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: dict(OVERDUE_DAYS)
    )
    """Per status, the days after which a partnership still in it is announced overdue
    (`partnership.overdue`), e.g. `{"proposed": 14}`; a status not named keeps its
    default (`OVERDUE_DAYS`), 0 turns its check off."""

    @field_validator("partnership_overdue_days")
    @classmethod
    def _open_statuses(cls, given: dict[PartnershipStatus, int]) -> dict[PartnershipStatus, int]:
        ended = sorted(status.value for status in set(given) - set(OVERDUE_DAYS))
        if ended:
            raise ValueError(
                f"{', '.join(ended)}: a partnership that ended cannot be overdue;"
                f" limits apply to {', '.join(OVERDUE_DAYS)}"
            )
        return {**OVERDUE_DAYS, **given}

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "hub.db"

    @property
    def model_dir(self) -> Path:
        """Fitted models, one folder per version (`hub.matchmaking.artifact`)."""
        return self.data_dir / "models"
