"""The ``audit`` section of every blueprint: what is recorded, for how long, and for which frameworks.

Plain values only (no provider SDK): blueprints validate it with the rest of the stack file, then
hand it to the cloud's audit component (:mod:`.aws_trail`, :mod:`.gcp_audit`) or to the on-prem
artefact builder (:mod:`.onprem_audit`).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ..spec.base import Spec
from .retention import RetentionFramework, retention_problems

MAX_RETENTION_DAYS = 3650
"""Cloud Logging bucket retention is 1-3650 days (LogBucket.retentionDays); S3 lifecycle uses the same bound here."""


class RetentionSpec(Spec):
    """How long audit records are kept, checked against the minimum of every framework listed."""

    days: int = Field(default=365, ge=1, le=MAX_RETENTION_DAYS)
    """total retention in days; records older than this expire (S3 lifecycle, log bucket retention)."""
    online_days: int = Field(default=90, ge=1, le=MAX_RETENTION_DAYS)
    """days records stay immediately searchable before archival (S3 Standard, then the archive class)."""
    frameworks: tuple[RetentionFramework, ...] = ()
    """frameworks whose minimum retention applies: pci-dss, hipaa, eu-ai-act, omb-m-21-31 (docs/audit-and-cost.md)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.online_days > self.days:
            raise ValueError(f"online_days: {self.online_days} exceeds days ({self.days})")
        problems = retention_problems(self.days, self.online_days, self.frameworks)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class AuditSpec(Spec):
    """Audit trails of the platform; on by default, with one year of retention (90 days searchable)."""

    enabled: bool = True
    """create the trail (AWS), audit config and locked log bucket (GCP) or audit policy artefact (on-prem)."""
    retention: RetentionSpec = Field(default_factory=RetentionSpec)
    """retention of the audit records, validated against the frameworks listed in it."""
    organization_trail: bool = False
    """AWS: make the trail an organization trail (the stack must run in the management or delegated account)."""
    cloudwatch_logs_days: int | None = Field(
        default=None,
        ge=1,
        le=3653,
        description="AWS: also deliver the trail to a CloudWatch Logs group kept this many days (off by default: docs/audit-and-cost.md)",
    )
    archive_class: Literal["GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"] = "GLACIER"
    """AWS: S3 storage class trail logs move to after online_days."""
    kubernetes_data_access: bool = True
    """GCP: also log Data Access (reads and writes) of the Kubernetes Engine API (container.googleapis.com)."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the trail bucket / log bucket (default: protected and retained)."""
