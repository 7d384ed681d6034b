"""The plan's services section: one row per enabled service (endpoint, backing stores, identity).

Each service module has a ``summary(spec, facts)`` function (its component's ``summary()`` calls
it); :func:`service_rows` lists them in field order, so a service added to :class:`ServicesSpec`
adds its row by registering its function in :data:`SUMMARIES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .spec import DatabaseSpec, ExposureSpec, ServicesSpec
from .target import ServiceFacts

IDENTITY_KINDS = {"aws": "IRSA role", "gcp": "Workload Identity service account"}


def identity_note(facts: ServiceFacts, namespace: str, account: str, prefix: str) -> str:
    """Who the service is towards the cold tier, and how far that reaches."""
    if facts.cloud in IDENTITY_KINDS:
        return f"{namespace}/{account}: {IDENTITY_KINDS[facts.cloud]}, prefix {prefix} only"
    from .rgw import PrefixGrant, grant_note, s3_keys, user_name

    keys = s3_keys(facts.rgw_store, account)
    if facts.rgw_store is not None:
        grant = PrefixGrant(account, user_name(account), namespace, prefix, write=True)
        return f"{namespace}/{account}: {grant_note(grant)}; keys in Secret {keys.secret}"
    return f"{namespace}/{account}: S3 keys from Secret {keys.secret} (operator-provided; scope them to {prefix})"


def exposure_note(exposure: ExposureSpec) -> str:
    """How the endpoint is reachable beyond the cluster DNS name."""
    return {
        "cluster": " (ClusterIP)",
        "internal_lb": " (+ internal load balancer)",
        "public": f" (+ PUBLIC load balancer: {exposure.public_exception})",
    }[exposure.mode]


def database_backing(facts: ServiceFacts, spec: DatabaseSpec) -> str:
    """What holds a service's database on this platform."""
    if facts.cloud == "aws":
        from .postgres.aws import ENGINE_VERSION

        ha = "Multi-AZ" if spec.high_availability else "single-AZ"
        return f"RDS PostgreSQL {ENGINE_VERSION} ({ha}, warm-tier KMS key, {spec.backup_retention_days}-day backups)"
    if facts.cloud == "gcp":
        from .postgres.gcp import DATABASE_VERSION

        ha = "regional" if spec.high_availability else "zonal"
        return f"Cloud SQL {DATABASE_VERSION} (private IP, {ha}, warm-tier CMEK, PITR {spec.backup_retention_days} backups)"
    from .postgres.onprem import CNPG_CHART

    n = 3 if spec.high_availability else 1
    return f"CloudNativePG {CNPG_CHART.version} Cluster x{n} on {facts.warm_storage_class}, daily snapshots"


def _summaries() -> dict[str, Callable[[Any, ServiceFacts], dict[str, Any]]]:
    from . import labeling, mlflow, notebooks

    return {"notebooks": notebooks.summary, "mlflow": mlflow.summary, "labeling": labeling.summary}


def service_rows(services: ServicesSpec | None, facts: ServiceFacts) -> list[dict[str, Any]]:
    """Rows of the enabled services, in ``ServicesSpec`` field order."""
    if services is None:
        return []
    summaries = _summaries()
    return [summaries[field](spec, facts) for field, spec in services.enabled().items() if field in summaries]
