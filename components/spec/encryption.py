"""The encryption policy every component follows: customer-managed keys, rotation, in transit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Spec

KeyPurpose = Literal["cluster", "nodes", "hot", "warm", "cold", "logs"]
KEY_PURPOSES: tuple[KeyPurpose, ...] = ("cluster", "nodes", "hot", "warm", "cold", "logs")


class EncryptionPolicy(Spec):
    """How data at rest and in transit is protected.

    Safe by default: a customer-managed key per purpose (cluster secrets, node disks, each storage
    tier, logs), rotation every 90 days (the most GCP's CIS benchmark allows; AWS accepts 90-2560),
    the maximum 30-day deletion window, keys protected against ``pulumi destroy``, TLS enforced.
    """

    key_scope: Literal["per_tier", "shared"] = Field(
        default="per_tier", description="one key per purpose, or one shared platform key"
    )
    rotation_days: int = Field(default=90, ge=90, le=2560, description="automatic rotation period")
    deletion_window_days: int = Field(
        default=30, ge=7, le=30, description="AWS pending-deletion window; GCP destroy-scheduled duration"
    )
    enforce_in_transit: bool = Field(default=True, description="deny non-TLS access to storage endpoints")
    allow_destroy: bool = Field(
        default=False,
        description="let `pulumi destroy` schedule key deletion (flagged by the policy pack); default protects keys",
    )

    def key_for(self, purpose: KeyPurpose) -> str:
        """The key name a purpose uses under this policy (``platform`` when keys are shared)."""
        return "platform" if self.key_scope == "shared" else purpose
