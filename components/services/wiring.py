"""One call per blueprint: the platform's facts and adapters, then :class:`PlatformServices`.

Blueprints pass their handles (keys, bucket, network, OIDC provider) explicitly; nothing here reads
stack config. Per-cloud differences are only the adapters chosen: identity (IRSA / Workload Identity
/ Ceph RGW user or S3 keys Secret), database (RDS / Cloud SQL / CloudNativePG) and the internal load balancer
annotations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from .exposure import AWS_INTERNAL, GCP_INTERNAL
from .platform import PlatformServices, build_services
from .spec import ServicesSpec
from .target import Cloud, ServiceFacts, ServiceTarget


def service_facts(
    *,
    platform: str,
    cloud: Cloud,
    environment: str,
    labels: Mapping[str, str],
    flavors: Sequence[Any],
    team_namespaces: Mapping[str, str],
    warm_storage_class: str,
    bucket_label: str,
    region: str | None = None,
    s3_endpoint: str | None = None,
    rgw_store: str | None = None,
) -> ServiceFacts:
    """The plain facts of a platform for its services (also what the plan's services section reads)."""
    internal = {"aws": AWS_INTERNAL, "gcp": GCP_INTERNAL}.get(cloud, {})
    return ServiceFacts(
        platform=platform,
        cloud=cloud,
        environment=environment,
        labels=dict(labels),
        flavors=tuple(flavors),
        team_namespaces=dict(team_namespaces),
        warm_storage_class=warm_storage_class,
        bucket_label=bucket_label,
        region=region,
        s3_endpoint=s3_endpoint,
        rgw_store=rgw_store,
        internal_lb_annotations=dict(internal),
    )


def check_platform_services(
    services: ServicesSpec | None, *, environment: Any, pools: Sequence[Any], scheduling: Any, storage: Any
) -> None:
    """:func:`check_services` over a platform's pool specs, scheduling spec and storage spec."""
    from .spec import check_services

    check_services(
        services,
        environment=environment,
        pools=[p.name for p in pools],
        teams=[t.name for t in scheduling.teams] if scheduling is not None else [],
        has_warm=storage.warm is not None,
        has_cold=storage.cold is not None,
    )


def cloud_service_facts(
    *,
    platform: str,
    cloud: Cloud,
    environment: str,
    tags: Mapping[str, str],
    pools: Sequence[Any],
    scheduling: Any,
    storage: Any,
    region: str,
) -> ServiceFacts:
    """Facts of an EKS or GKE platform: warm StorageClass ``<platform>-data-warm-<type>`` (the
    TieredStorage component ``<platform>-data``), bucket ``<platform>-data-cold`` unless named."""
    from ..scheduling.flavors import cloud_flavors, kubernetes_labels

    warm, cold = storage.warm, storage.cold
    scheme = "gs" if cloud == "gcp" else "s3"
    bucket = cold.bucket_name or f"<cold bucket {platform}-data-cold>" if cold is not None else ""
    return service_facts(
        platform=platform,
        cloud=cloud,
        environment=environment,
        labels=kubernetes_labels(tags, environment, platform),
        flavors=cloud_flavors(pools, cloud, topology_aware=False),
        team_namespaces={t.name: t.ns for t in scheduling.teams} if scheduling is not None else {},
        warm_storage_class=f"{platform}-data-warm-{warm.volume_type}" if warm is not None else "",
        bucket_label=f"{scheme}://{bucket}" if cold is not None else "",
        region=region,
    )


def aws_services(
    spec: ServicesSpec | None,
    facts: ServiceFacts,
    *,
    oidc_provider_arn: pulumi.Input[str],
    oidc_issuer: pulumi.Input[str],
    bucket_arn: pulumi.Input[str] | None,
    bucket_name: pulumi.Input[str] | None,
    cold_key_arn: pulumi.Input[str],
    warm_key_arn: pulumi.Input[str],
    vpc_id: pulumi.Input[str],
    vpc_cidr: str,
    subnet_ids: Sequence[pulumi.Input[str]],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> PlatformServices | None:
    """Services on EKS: IRSA identities and RDS databases."""
    from .identity import AwsIrsa
    from .postgres.aws import RdsPostgres

    assert facts.region is not None
    identity = AwsIrsa(oidc_provider_arn, oidc_issuer, bucket_arn or "", cold_key_arn, facts.region, tags)
    database = RdsPostgres(vpc_id, vpc_cidr, subnet_ids, warm_key_arn, tags, dict(facts.labels))
    target = ServiceTarget(facts, bucket_name, identity, database)
    return build_services(f"{facts.platform}-services", spec, target, opts)


def gcp_services(
    spec: ServicesSpec | None,
    facts: ServiceFacts,
    *,
    project: str,
    bucket_name: pulumi.Input[str] | None,
    warm_key_id: pulumi.Input[str] | None,
    network_id: pulumi.Input[str],
    private_access: Any,
    opts: pulumi.ResourceOptions,
) -> PlatformServices | None:
    """Services on GKE: Workload Identity and Cloud SQL (private IP) databases."""
    from .identity import GcpWorkloadIdentity
    from .postgres.gcp import CloudSqlPostgres

    assert facts.region is not None
    identity = GcpWorkloadIdentity(project, bucket_name or "")
    database = CloudSqlPostgres(
        project, facts.region, network_id, warm_key_id or "", private_access, dict(facts.labels)
    )
    target = ServiceTarget(facts, bucket_name, identity, database)
    return build_services(f"{facts.platform}-services", spec, target, opts)


def onprem_services(
    spec: ServicesSpec | None,
    facts: ServiceFacts,
    *,
    bucket_name: str | None,
    rook_namespace: str,
    opts: pulumi.ResourceOptions,
) -> PlatformServices | None:
    """Services on an existing cluster: Ceph RGW users (or the operator's S3 keys Secrets for an
    external S3 store) and CloudNativePG databases."""
    from .identity import OnpremRgwUser, OnpremS3Keys
    from .postgres.onprem import CnpgPostgres

    database = CnpgPostgres(facts.warm_storage_class, dict(facts.labels), facts.platform)
    identity: Any = OnpremS3Keys()
    if facts.rgw_store is not None:
        identity = OnpremRgwUser(facts.rgw_store, rook_namespace, dict(facts.labels))
    target = ServiceTarget(facts, bucket_name, identity, database)
    return build_services(f"{facts.platform}-services", spec, target, opts)
