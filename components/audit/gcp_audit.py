"""GCP Cloud Audit Logs: Data Access logs for Cloud Storage and Cloud KMS (and the Kubernetes Engine
API), routed by a sink into a locked log bucket that keeps them for the validated retention.

Admin Activity audit logs (GKE's Kubernetes API writes among them) are always on and cannot be
disabled; Data Access logs are off unless a project audit config enables them (Cloud Audit Logs
overview; recalled 2026-12-01, unverified). A locked bucket's retention cannot be reduced and the bucket cannot be
deleted before its entries expire (Cloud Logging "Lock a log bucket"; recalled 2026-12-01, unverified).
"""

from __future__ import annotations

import pulumi

from ..base import Component
from .spec import AuditSpec

DATA_ACCESS_SERVICES = ("storage.googleapis.com", "cloudkms.googleapis.com")
"""Services whose Data Access logs AIP-AUD-003 requires (datasets and model weights; key use)."""
KUBERNETES_SERVICE = "container.googleapis.com"
"""Kubernetes Engine API; its Data Access config covering the cluster's k8s.io reads is unverified."""
LOG_TYPES = ("ADMIN_READ", "DATA_READ", "DATA_WRITE")
AUDIT_FILTER = 'logName:"cloudaudit.googleapis.com"'
"""Every Cloud Audit Logs stream: activity, data_access, system_event, policy."""


def audit_services(spec: AuditSpec) -> tuple[str, ...]:
    """The services the project audit config enables Data Access logs for."""
    return DATA_ACCESS_SERVICES + ((KUBERNETES_SERVICE,) if spec.kubernetes_data_access else ())


def bucket_destination(project: str, location: str, bucket_id: str) -> str:
    """The sink destination of a Cloud Logging bucket."""
    return f"logging.googleapis.com/projects/{project}/locations/{location}/buckets/{bucket_id}"


class CloudAuditLogs(Component):
    """Project audit configs, a locked log bucket and the sink that fills it.

    Children: ``{name}-<service>`` (``gcp:projects/iAMAuditConfig``, one per service),
    ``{name}-bucket`` (``gcp:logging/projectBucketConfig``, locked; protected and retained) and
    ``{name}-sink`` (``gcp:logging/projectSink``).
    """

    bucket_id: str
    sink_writer: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: AuditSpec,
        *,
        project: str,
        region: str,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:audit:CloudAuditLogs", name, opts)
        import pulumi_gcp as gcp

        for service in audit_services(spec):
            gcp.projects.IAMAuditConfig(
                f"{name}-{service.split('.')[0]}",
                project=project,
                service=service,
                audit_log_configs=[{"log_type": t} for t in LOG_TYPES],
                opts=self.child_opts(),
            )
        self.bucket_id = f"{name}-audit"
        bucket = gcp.logging.ProjectBucketConfig(
            f"{name}-bucket",
            project=project,
            location=region,
            bucket_id=self.bucket_id,
            retention_days=spec.retention.days,
            locked=True,
            description=f"aiinfra {name}: Cloud Audit Logs, locked, {spec.retention.days} days",
            opts=self.data_opts(spec.allow_destroy),
        )
        # A sink into a log bucket of its own project needs no IAM grant for its writer identity
        # (Cloud Logging "Route logs to supported destinations"; unverified for locked buckets).
        sink = gcp.logging.ProjectSink(
            f"{name}-sink",
            name=f"{name}-audit",
            project=project,
            destination=bucket_destination(project, region, self.bucket_id),
            filter=AUDIT_FILTER,
            unique_writer_identity=True,
            description=f"aiinfra {name}: every Cloud Audit Logs entry into the locked bucket",
            opts=self.child_opts(depends_on=[bucket]),
        )
        self.bucket = bucket
        self.sink_writer = sink.writer_identity
        self.register_outputs({"bucket_id": self.bucket_id, "sink_writer": self.sink_writer})
