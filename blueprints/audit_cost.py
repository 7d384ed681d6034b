"""The audit trail and the cost-per-team wiring every blueprint adds with one call.

Each function takes the blueprint's validated config and what it composed, creates the cloud's
audit component and OpenCost, and returns an :class:`AuditCost` handle whose ``outputs()`` the
blueprint merges into its stack outputs. Disabled sections create nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi


@dataclass(frozen=True)
class AuditCost:
    """Handles on the audit component (or the on-prem artefact) and the cost component."""

    audit: Any = None
    cost: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def namespaces(self) -> list[str]:
        """Namespaces these components create (the OpenCost namespace)."""
        return [self.cost.namespace] if self.cost is not None else []

    def outputs(self) -> dict[str, Any]:
        """Stack outputs: the trail / log bucket, the on-prem audit policy, the cost summary."""
        out: dict[str, Any] = dict(self.extra)
        if self.audit is not None:
            for key in ("trail_arn", "bucket_name", "bucket_id", "sink_writer"):
                if hasattr(self.audit, key):
                    out[f"audit_{key}"] = getattr(self.audit, key)
        if self.cost is not None:
            out["team_cost"] = self.cost.summary
        return out


def _teams(config: Any) -> list[str]:
    scheduling = getattr(config, "scheduling", None)
    return [t.name for t in scheduling.teams] if scheduling is not None else []


def _cost(config: Any, cloud: str, region: str | None, k8s_provider: Any, after: Sequence[Any], **extra: Any):
    from aiinfra.components.observability.cost import TeamCost
    from aiinfra.components.scheduling.flavors import kubernetes_labels

    spec = config.observability.cost
    if not spec.enabled:
        return None
    if hasattr(config, "platform_labels"):
        labels = config.platform_labels()
    else:
        labels = kubernetes_labels(config.tags, config.environment, config.name)
    if config.observability.enabled:
        # where the cloud's metrics backend collects OpenCost's metrics (components/observability/cost.py)
        extra.setdefault(
            "collector", {"aws": "amp", "gcp": "podmonitoring", "onprem": "servicemonitor"}[cloud]
        )
    return TeamCost(
        f"{config.name}-cost",
        spec,
        cloud=cloud,
        region=region,
        cluster_id=config.name,
        teams=_teams(config),
        machines=[c.machine for c in config.capacity_at_scale()],
        labels=labels,
        opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=list(after)),
        **extra,
    )


def aws(config: Any, platform: Any, after: Sequence[Any]) -> AuditCost:
    """CloudTrail over the platform's dataset bucket (logs key), OpenCost and the team cost tags."""
    audit = None
    opts = pulumi.ResourceOptions(providers={"aws": platform.provider})
    if config.audit.enabled:
        from aiinfra.components.audit.aws_trail import AuditTrail

        bucket = platform.storage.bucket
        audit = AuditTrail(
            f"{config.name}-audit",
            config.audit,
            log_key_arn=platform.keys.arn("logs"),
            data_bucket_arns=[bucket.arn] if bucket is not None else [],
            tags=config.platform_tags(),
            opts=opts,
        )
    cost = _cost(
        config, "aws", config.region, platform.kubernetes_provider, after, aws_provider=platform.provider
    )
    return AuditCost(audit, cost)


def gcp(config: Any, provider: Any, k8s_provider: Any, after: Sequence[Any]) -> AuditCost:
    """Cloud Audit Logs with a locked log bucket, and OpenCost priced from the Cloud Billing Catalog."""
    audit = None
    if config.audit.enabled:
        from aiinfra.components.audit.gcp_audit import CloudAuditLogs

        audit = CloudAuditLogs(
            f"{config.name}-audit",
            config.audit,
            project=config.project,
            region=config.region,
            opts=pulumi.ResourceOptions(providers={"gcp": provider}),
        )
    key = pulumi.Config("aiinfra").get_secret(config.observability.cost.gcp_pricing_key)
    cost = _cost(config, "gcp", config.region, k8s_provider, after, api_key=key)
    return AuditCost(audit, cost)


def onprem(config: Any, provider: Any, after: Sequence[Any]) -> AuditCost:
    """The kube-apiserver audit policy artefact with its hand-off note, and OpenCost on custom prices."""
    extra: dict[str, Any] = {}
    if config.audit.enabled:
        from aiinfra.components.audit.onprem_audit import audit_policy_yaml, handoff_note

        extra = {"audit_policy": audit_policy_yaml(), "audit_note": handoff_note(config.audit)}
    cost = _cost(config, "onprem", None, provider, after)
    return AuditCost(None, cost, extra)
