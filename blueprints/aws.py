"""The ``aws`` blueprint: a private EKS training/inference platform with EFA pools and tiered storage."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal, Self

import pulumi
from pydantic import Field, model_validator

from aiinfra.components.audit.spec import AuditSpec
from aiinfra.components.aws.cluster import ClusterSpec
from aiinfra.components.aws.network import NetworkSpec
from aiinfra.components.observability.grafana_spec import AwsObservabilitySpec
from aiinfra.components.scheduling.spec import SchedulingSpec
from aiinfra.components.services.spec import ServicesSpec
from aiinfra.components.services.workloads import build_training_and_serving, check_workloads
from aiinfra.components.spec import AcceleratorPoolSpec, EncryptionPolicy, PoolCapacity, Spec, StorageTiers
from aiinfra.components.spec.base import ResourceName, Tags

REQUIRED_TAGS = ("team", "project", "cost-center")
_REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
# PERSISTENT_2 SSD capacity: 1200 GiB or a multiple of 2400 GiB.
_LUSTRE_STEP = 2400


class AwsPoolSpec(AcceleratorPoolSpec):
    """An EKS accelerator pool: the neutral pool spec, resolved through the AWS catalog."""

    catalog_cloud = "aws"


class Config(Spec):
    """Settings of an ``aws`` stack (``aiinfra:platform`` in ``stacks/Pulumi.<stack>.yaml``)."""

    blueprint: Literal["aws"]
    """which blueprint this stack uses; 'aws' for a private EKS platform."""
    name: ResourceName
    """platform name; every resource name derives from it (f'{name}-<role>')."""
    region: str
    """AWS region name, e.g. 'us-west-2'."""
    environment: Literal["dev", "staging", "prod"] = "prod"
    """environment label on every resource."""
    tags: Tags
    """cost-allocation tags on every resource; must include team, project and cost-center."""
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    """the VPC: address plan, availability zones, NAT and flow logs."""
    cluster: ClusterSpec = Field(default_factory=ClusterSpec)
    """the EKS control plane (Kubernetes version, log retention, support tier)."""
    pools: tuple[AwsPoolSpec, ...] = Field(min_length=1, max_length=300)
    """accelerator node pools (EKS managed node groups), 1-300, names unique."""
    storage: StorageTiers = Field(default_factory=StorageTiers)
    """hot (FSx for Lustre), warm (EBS StorageClass) and cold (S3) tiers."""
    encryption: EncryptionPolicy = Field(default_factory=EncryptionPolicy)
    """customer-managed KMS keys, rotation and deletion window."""
    scheduling: SchedulingSpec | None = Field(
        default=None, description="Kueue teams, cohorts and quotas over the pools (docs/scheduling.md)"
    )
    services: ServicesSpec | None = Field(
        default=None,
        description="notebooks, MLflow, Label Studio, training operators, model serving (docs/services.md)",
    )
    audit: AuditSpec = Field(
        default_factory=AuditSpec,
        description="CloudTrail: multi-region, validated, KMS-encrypted, data events on the dataset bucket "
        "(docs/audit-and-cost.md)",
    )
    observability: AwsObservabilitySpec = Field(
        default_factory=AwsObservabilitySpec,
        description="metrics, alerts, dashboards (docs/observability.md) and cost per team (docs/audit-and-cost.md)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not _REGION.match(self.region):
            raise ValueError(f"region: {self.region!r} is not an AWS region name such as 'us-west-2'")
        missing = [t for t in REQUIRED_TAGS if t not in self.tags]
        if missing:
            raise ValueError(
                f"tags: missing cost-allocation tags {missing} (required: {list(REQUIRED_TAGS)})"
            )
        names = [p.name for p in self.pools]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"pools: pool names must be unique; repeated: {duplicates}")
        self._check_az_ids()
        for i, pool in enumerate(self.pools):
            self._check_pool(i, pool)
        hot = self.storage.hot
        if hot is not None:
            if hot.kind != "lustre":
                raise ValueError(
                    f"storage.hot.kind: {hot.kind!r} is not available on AWS (allowed: 'lustre')"
                )
            if hot.capacity_gib != 1200 and hot.capacity_gib % _LUSTRE_STEP:
                raise ValueError(
                    f"storage.hot.capacity_gib: {hot.capacity_gib} is not a PERSISTENT_2 SSD size "
                    f"(1200 or a multiple of {_LUSTRE_STEP})"
                )
        warm = self.storage.warm
        if warm is not None and warm.volume_type not in ("gp3", "io2"):
            raise ValueError(
                f"storage.warm.volume_type: {warm.volume_type!r} is not an EBS type (allowed: gp3, io2)"
            )
        self._check_scheduling()
        from aiinfra.components.dra.plan import check_dra_kubernetes

        check_dra_kubernetes(
            self.dra_plan(), self.cluster.kubernetes_version, field="cluster.kubernetes_version"
        )
        self._check_services()
        check_workloads(self)
        return self

    def _check_services(self) -> None:
        from aiinfra.components.services.wiring import check_platform_services

        check_platform_services(
            self.services,
            environment=self.environment,
            pools=self.pools,
            scheduling=self.scheduling,
            storage=self.storage,
        )

    def service_facts(self) -> Any:
        """Plain facts the services (and the plan's services section) read."""
        from aiinfra.components.services.wiring import cloud_service_facts

        return cloud_service_facts(
            platform=self.name,
            cloud="aws",
            environment=self.environment,
            tags=self.tags,
            pools=self.pools,
            scheduling=self.scheduling,
            storage=self.storage,
            region=self.region,
        )

    def _check_scheduling(self) -> None:
        from aiinfra.components.observability.build import check_budgets
        from aiinfra.components.scheduling.check import check_plan

        if self.scheduling is None:
            return
        check_budgets(self.scheduling, self.observability, "aws")
        check_plan(self.scheduling_plan())

    def budget_alerts(self) -> tuple[str | None, str]:
        """The backend evaluating team budget alerts (None, and why not, when none does)."""
        from aiinfra.components.observability.build import budget_backend

        return budget_backend(self.observability, "aws")

    def scheduling_plan(self) -> Any:
        """The Kueue plan over the pools at ``max_nodes`` (None without ``scheduling``)."""
        from aiinfra.components.scheduling.flavors import cloud_flavors, plan_of

        if self.scheduling is None:
            return None
        flavors = cloud_flavors(self.pools, "aws", topology_aware=self.scheduling.topology_aware)
        return plan_of(self.scheduling, flavors, root_cohort=self.name, cloud="aws")

    def dra_plan(self) -> Any:
        """The NVIDIA DRA driver and ComputeDomains the pools need (None when no pool uses DRA)."""
        from aiinfra.components.dra.plan import platform_dra_plan

        return platform_dra_plan(self.pools, self.scheduling, "aws")

    def _check_az_ids(self) -> None:
        """AZ ids must be ids (not zone names) of this stack's region; pool zones are checked against them."""
        from aiinfra.components.catalog.aws_zones import az_id_problem

        for i, az_id in enumerate(self.network.az_ids or ()):
            problem = az_id_problem(self.region, az_id)
            if problem is not None:
                raise ValueError(f"network.az_ids[{i}]: {problem}")

    def _check_pool(self, i: int, pool: AcceleratorPoolSpec) -> None:
        where = f"pools[{i}]"
        if pool.capacity == "flex_start":
            raise ValueError(
                f"{where}.capacity: 'flex_start' is a GCP capacity type "
                "(allowed on AWS: on_demand, spot, reservation, capacity_block)"
            )
        if pool.capacity == "capacity_block" and pool.capacity_block is None:
            from aiinfra.components.aws.nodepool import CAPACITY_BLOCK_WINDOW_REQUIRED

            raise ValueError(f"{where}.{CAPACITY_BLOCK_WINDOW_REQUIRED}")
        if pool.fabric.type not in ("none", "efa"):
            raise ValueError(
                f"{where}.fabric.type: {pool.fabric.type!r} is not an AWS fabric (allowed: none, efa)"
            )
        if pool.fabric.placement in ("compact", "workload_policy"):
            raise ValueError(
                f"{where}.fabric.placement: {pool.fabric.placement!r} is GCP-only (allowed: auto, cluster, none)"
            )
        try:
            machine = pool.machine("aws")
        except ValueError as exc:
            raise ValueError(f"{where}.{exc}") from None
        if machine.image_family not in ("nvidia", "neuron"):
            raise ValueError(f"{where}.machine_type: {machine.machine_type} has no EKS accelerated AMI")
        if pool.zone is not None:
            from aiinfra.components.catalog.aws_zones import az_id_problem

            problem = az_id_problem(self.region, pool.zone)
            if problem is not None:
                raise ValueError(f"{where}.zone: {problem}")
            if self.network.az_ids is None:
                raise ValueError(f"network.az_ids: required because {where} pins zone {pool.zone!r}")
            if pool.zone not in self.network.az_ids:
                raise ValueError(
                    f"{where}.zone: {pool.zone!r} is not one of network.az_ids {list(self.network.az_ids)}"
                )

    def platform_tags(self) -> dict[str, str]:
        """Tags every resource carries: the stack's cost-allocation tags plus environment and owner."""
        return {
            **self.tags,
            "environment": self.environment,
            "aiinfra:platform": self.name,
            "managed-by": "aiinfra",
        }

    def offline_context(self) -> dict[str, str]:
        """Facts the offline engine answers data sources with for this stack."""
        return {"aws_region": self.region}

    def keys_component(self) -> str:
        """Name of the PlatformKeys component (its aliases derive from it; preflight checks them)."""
        return f"{self.name}-keys"

    def capacity_at_scale(self) -> list[PoolCapacity]:
        """Every pool resolved through the catalog at its maximum size."""
        return [p.capacity_at_scale("aws") for p in self.pools]


@dataclass(frozen=True)
class AwsPlatform:
    """Handles on what :func:`compose` created, for ``build`` and for blueprints that extend it (hybrid)."""

    provider: Any  # pulumi_aws.Provider
    kubernetes_provider: Any  # pulumi_kubernetes.Provider of the EKS cluster
    keys: Any  # components.aws.encryption.PlatformKeys
    network: Any  # components.aws.network.Network
    cluster: Any  # components.aws.cluster.EksCluster
    pools: list[Any]  # components.aws.nodepool.GpuNodePool
    storage: Any  # components.aws.storage.TieredStorage
    scheduling: Any = None  # components.scheduling.component.KueueScheduling
    services: Any = None  # components.services.platform.PlatformServices
    observability: Any = None  # components.observability.amp.AmpObservability
    audit_cost: Any = None  # blueprints.audit_cost.AuditCost


def compose(config: Config) -> AwsPlatform:
    """Compose the AWS platform (provider, keys, VPC, EKS, pools, storage, add-ons); returns handles.

    Resource names depend only on ``config.name``: :func:`build` and the hybrid blueprint register
    identical resources for the same config.
    """
    import pulumi_aws as aws
    import pulumi_kubernetes as k8s

    from aiinfra.blueprints import audit_cost
    from aiinfra.components.aws.addons import ClusterAddons
    from aiinfra.components.aws.autoscaler import ClusterAutoscaler
    from aiinfra.components.aws.cluster import EksCluster
    from aiinfra.components.aws.encryption import PlatformKeys
    from aiinfra.components.aws.network import Network
    from aiinfra.components.aws.nodepool import GpuNodePool, node_labels
    from aiinfra.components.aws.storage import TieredStorage
    from aiinfra.components.aws.system_pool import SystemNodeGroup
    from aiinfra.components.observability.budgets import team_budgets
    from aiinfra.components.observability.build import aws_observability

    name = config.name
    tags = config.platform_tags()
    provider = aws.Provider(f"{name}-aws", region=config.region)
    opts = pulumi.ResourceOptions(providers={"aws": provider})

    keys = PlatformKeys(config.keys_component(), config.encryption, tags=tags, opts=opts)
    network = Network(f"{name}-net", config.network, tags=tags, log_key_arn=keys.arn("logs"), opts=opts)
    cluster = EksCluster(
        name,
        config.cluster,
        subnet_ids=network.private_subnet_ids,
        secrets_key_arn=keys.arn("cluster"),
        log_key_arn=keys.arn("logs"),
        tags=tags,
        efa_only_interfaces=any(p.fabric.type == "efa" and p.fabric.efa_only for p in config.pools),
        opts=opts,
    )
    k8s_provider = k8s.Provider(f"{name}-k8s", kubeconfig=cluster.kubeconfig, enable_server_side_apply=True)

    system = SystemNodeGroup(
        f"{name}-system",
        instance_type=config.cluster.system_instance_type,
        nodes=config.cluster.system_nodes,
        cluster_name=cluster.cluster_name,
        kubernetes_version=config.cluster.kubernetes_version,
        node_role_arn=cluster.node_role_arn,
        cluster_security_group_id=cluster.security_group_id,
        subnet_ids=network.private_subnet_ids,
        node_key_arn=keys.arn("nodes"),
        tags=tags,
        node_group_waits_for=[*cluster.node_role_attachments, *cluster.network_addons],
        opts=opts,
    )
    pools = []
    for pool in config.pools:
        machine = pool.machine("aws")
        subnets = [network.subnet_by_az_id[pool.zone]] if pool.zone else network.private_subnet_ids
        pools.append(
            GpuNodePool(
                f"{name}-{pool.name}",
                pool,
                machine,
                cluster_name=cluster.cluster_name,
                kubernetes_version=config.cluster.kubernetes_version,
                node_role_arn=cluster.node_role_arn,
                cluster_security_group_id=cluster.security_group_id,
                vpc_id=network.vpc_id,
                subnet_ids=subnets,
                node_key_arn=keys.arn("nodes"),
                tags=tags,
                node_group_waits_for=[*cluster.node_role_attachments, *cluster.network_addons],
                opts=opts,
            )
        )

    efa_zone = next((p.zone for p in config.pools if p.fabric.type == "efa" and p.zone), None)
    hot_subnet = network.subnet_by_az_id[efa_zone] if efa_zone else network.private_subnets[0].id
    storage = TieredStorage(
        f"{name}-data",
        config.storage,
        key_arns={tier: keys.arn(tier) for tier in ("hot", "warm", "cold")},
        vpc_id=network.vpc_id,
        vpc_cidr=config.network.cidr,
        hot_subnet_id=hot_subnet,
        client_security_group_ids=[cluster.security_group_id],
        tags=tags,
        kubernetes_provider=k8s_provider,
        enforce_tls=config.encryption.enforce_in_transit,
        opts=opts,
    )
    addons = ClusterAddons(
        f"{name}-addons",
        cluster_name=cluster.cluster_name,
        oidc_provider_arn=cluster.oidc_provider_arn,
        oidc_issuer=cluster.oidc_issuer,
        warm_key_arn=keys.arn("warm"),
        kubernetes_provider=k8s_provider,
        efa=any(p.fabric.type == "efa" for p in config.pools),
        kubernetes_version=config.cluster.kubernetes_version,
        neuron=any(p.machine("aws").image_family == "neuron" for p in config.pools),
        dra=config.dra_plan() is not None,
        tags=tags,
        opts=pulumi.ResourceOptions(
            providers={"aws": provider}, depends_on=[system.node_group, *(p.node_group for p in pools)]
        ),
    )
    # Scales every pool but Capacity Block pools between min_nodes and max_nodes (docs/aws.md).
    ClusterAutoscaler(
        f"{name}-autoscaler",
        cluster_name=cluster.cluster_name,
        region=config.region,
        kubernetes_version=config.cluster.kubernetes_version,
        oidc_provider_arn=cluster.oidc_provider_arn,
        oidc_issuer=cluster.oidc_issuer,
        kubernetes_provider=k8s_provider,
        tags=tags,
        opts=pulumi.ResourceOptions(providers={"aws": provider}, depends_on=[addons]),
    )
    scheduling = _scheduling(config, cluster, storage, keys, provider, k8s_provider, [addons])
    _dra(config, k8s_provider, [addons, scheduling])
    services = _services(
        config, cluster, storage, keys, network, provider, k8s_provider, [addons, scheduling]
    )
    observability = aws_observability(
        f"{name}-obs",
        config.observability,
        region=config.region,
        efa=any(p.fabric.type == "efa" for p in config.pools),
        accelerator_labels=sorted(
            {
                node_labels(p, m)["aiinfra.io/accelerator"]
                for p in config.pools
                if (m := p.machine("aws")).image_family == "nvidia"
            }
        ),
        neuron_labels=sorted(
            {
                node_labels(p, m)["aiinfra.io/accelerator"]
                for p in config.pools
                if (m := p.machine("aws")).image_family == "neuron"
            }
        ),
        kueue=scheduling is not None,
        budgets=team_budgets(config.scheduling),
        key_arn=keys.arn("logs"),
        cluster=cluster,
        subnet_ids=network.private_subnet_ids,
        vpc_id=network.vpc_id,
        vpc_cidr=config.network.cidr,
        kubernetes_provider=k8s_provider,
        tags=tags,
        opts=pulumi.ResourceOptions(providers={"aws": provider}, depends_on=[addons]),
    )
    platform = AwsPlatform(
        provider, k8s_provider, keys, network, cluster, pools, storage, scheduling, services, observability
    )
    platform = replace(platform, audit_cost=audit_cost.aws(config, platform, [addons]))
    build_training_and_serving(config, platform)
    return platform


def _dra(config: Config, k8s_provider: Any, after: list[Any]) -> Any:
    """The NVIDIA DRA driver and the rack pools' ComputeDomains (None when no pool uses DRA)."""
    plan = config.dra_plan()
    if plan is None:
        return None
    from aiinfra.components.dra.component import NvidiaDra

    return NvidiaDra(
        f"{config.name}-dra",
        plan,
        waits_for=[a for a in after if a is not None],
        opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}),
    )


def _services(
    config: Config,
    cluster: Any,
    storage: Any,
    keys: Any,
    network: Any,
    provider: Any,
    k8s: Any,
    after: list[Any],
) -> Any:
    """Notebooks, MLflow and Label Studio with IRSA identities and RDS (None without ``services``)."""
    if config.services is None:
        return None
    from aiinfra.components.services.wiring import aws_services

    return aws_services(
        config.services,
        config.service_facts(),
        oidc_provider_arn=cluster.oidc_provider_arn,
        oidc_issuer=cluster.oidc_issuer,
        bucket_arn=storage.bucket.arn if storage.bucket is not None else None,
        bucket_name=storage.bucket_name,
        cold_key_arn=keys.arn("cold"),
        warm_key_arn=keys.arn("warm"),
        vpc_id=network.vpc_id,
        vpc_cidr=config.network.cidr,
        subnet_ids=network.private_subnet_ids,
        tags=config.platform_tags(),
        opts=pulumi.ResourceOptions(
            providers={"aws": provider, "kubernetes": k8s}, depends_on=[a for a in after if a is not None]
        ),
    )


def _scheduling(
    config: Config, cluster: Any, storage: Any, keys: Any, provider: Any, k8s_provider: Any, after: list[Any]
) -> Any:
    """Kueue, JobSet and LWS, each team's IRSA role and budget, then the queues and team bundles."""
    plan = config.scheduling_plan()
    if plan is None:
        return None
    from aiinfra.components.aws.teams import TeamIdentities
    from aiinfra.components.dra.plan import kueue_device_class_mappings
    from aiinfra.components.scheduling.component import KueueScheduling
    from aiinfra.components.scheduling.flavors import kubernetes_labels
    from aiinfra.components.scheduling.install import KueueInstall

    name, spec = config.name, plan.spec
    waits = list(after)
    if spec.install:
        install = KueueInstall(
            f"{name}-kueue",
            fair_sharing=spec.fair_sharing,
            device_class_mappings=kueue_device_class_mappings(config.dra_plan()),
            opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=after),
        )
        waits = [install]
    identities = TeamIdentities(
        f"{name}-teams",
        spec,
        platform=name,
        region=config.region,
        oidc_provider_arn=cluster.oidc_provider_arn,
        oidc_issuer=cluster.oidc_issuer,
        bucket_arn=storage.bucket.arn if storage.bucket is not None else None,
        cold_key_arn=keys.arn("cold"),
        tags=config.platform_tags(),
        opts=pulumi.ResourceOptions(providers={"aws": provider}),
    )
    return KueueScheduling(
        f"{name}-sched",
        plan,
        labels=kubernetes_labels(config.tags, config.environment, name),
        identities=identities.annotations(),
        opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=waits),
    )


def build(config: Config) -> dict[str, Any]:
    """Compose the AWS platform; returns the stack outputs."""
    platform = compose(config)
    return outputs(platform)


def outputs(platform: AwsPlatform) -> dict[str, Any]:
    """The stack outputs of an AWS platform."""
    cluster, storage = platform.cluster, platform.storage
    return {
        "cluster_name": cluster.cluster_name,
        "cluster_endpoint": cluster.endpoint,
        "kubeconfig": cluster.kubeconfig,
        "vpc_id": platform.network.vpc_id,
        "node_groups": [p.node_group_name for p in platform.pools],
        "dataset_bucket": storage.bucket_name,
        "lustre_dns_name": storage.lustre_dns_name,
        "key_arns": platform.keys.key_arns,
        **(platform.audit_cost.outputs() if platform.audit_cost else {}),
    }
