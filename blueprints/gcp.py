"""The ``gcp`` blueprint: a private GKE platform with GPUDirect GPU pools, TPU slices, tiered storage
and customer-managed keys for every tier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, Self

import pulumi
from pydantic import Field, model_validator

from aiinfra.components.audit.spec import AuditSpec
from aiinfra.components.gcp.cluster import ClusterSpec
from aiinfra.components.gcp.common import gcp_labels, region_of
from aiinfra.components.gcp.network import NetworkSpec
from aiinfra.components.gcp.nodepool import GpuPoolSpec
from aiinfra.components.gcp.tpu import TpuSliceSpec
from aiinfra.components.observability.spec import ObservabilitySpec
from aiinfra.components.scheduling.spec import SchedulingSpec
from aiinfra.components.services.spec import ServicesSpec
from aiinfra.components.services.workloads import build_training_and_serving, check_workloads
from aiinfra.components.spec import EncryptionPolicy, PoolCapacity, Spec, StorageTiers
from aiinfra.components.spec.base import ResourceName, Tags
from aiinfra.components.spec.encryption import KeyPurpose

REQUIRED_TAGS = ("team", "project", "cost-center")
GCP_MAX_ROTATION_DAYS = 90  # CIS GKE / CKV_GCP_43
_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")
_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")
_PROJECT = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
LUSTRE_MIN_GIB = 9000  # Managed Lustre minimum (the per-tier minimums and steps are larger; unverified)
GCP_WARM_TYPES = ("hyperdisk-balanced", "hyperdisk-throughput", "pd-ssd", "pd-balanced")


class Config(Spec):
    """Settings of a ``gcp`` stack (``aiinfra:platform`` in ``stacks/Pulumi.<stack>.yaml``)."""

    blueprint: Literal["gcp"]
    """which blueprint this stack uses; 'gcp' for a private GKE platform."""
    name: ResourceName
    """platform name; every resource name derives from it (f'{name}-<role>')."""
    project: str
    """GCP project id the platform is created in."""
    region: str
    """GCP region name, e.g. 'us-central1'."""
    environment: Literal["dev", "staging", "prod"] = "prod"
    """environment label on every resource."""
    tags: Tags
    """cost-allocation labels on every resource; must include team, project and cost-center."""
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    """the VPC address plan (node, pod, service, control-plane and GPUDirect fabric ranges)."""
    cluster: ClusterSpec = Field(default_factory=ClusterSpec)
    """the GKE control plane (release channel, version floor, system pool, maintenance)."""
    pools: tuple[GpuPoolSpec, ...] = Field(default=(), max_length=100)
    """GPU node pools (GKE node pools); at least one pool or TPU slice overall."""
    tpu_slices: tuple[TpuSliceSpec, ...] = Field(default=(), max_length=100)
    """TPU slice node pools (single-host or one multi-host slice each)."""
    storage: StorageTiers = Field(
        default_factory=lambda: StorageTiers(warm={"volume_type": "hyperdisk-balanced"})
    )
    """hot (Managed Lustre or Filestore), warm (Persistent Disk/Hyperdisk StorageClass) and cold (GCS) tiers."""
    storage_zone: str | None = Field(
        default=None, description="zone of the hot tier (default: first pool's zone)"
    )
    encryption: EncryptionPolicy = Field(default_factory=EncryptionPolicy)
    """Cloud KMS keys (CMEK), rotation (at most 90 days on GCP) and destroy-scheduled duration."""
    scheduling: SchedulingSpec | None = Field(
        default=None, description="Kueue teams, cohorts and quotas over the pools (docs/scheduling.md)"
    )
    services: ServicesSpec | None = Field(
        default=None,
        description="notebooks, MLflow, Label Studio, training operators, model serving (docs/services.md)",
    )
    audit: AuditSpec = Field(
        default_factory=AuditSpec,
        description="Cloud Audit Logs: Data Access for Cloud Storage, Cloud KMS and GKE into a locked log bucket "
        "(docs/audit-and-cost.md)",
    )
    observability: ObservabilitySpec = Field(
        default_factory=ObservabilitySpec,
        description="metrics, alerts, dashboards (docs/observability.md) and cost per team (docs/audit-and-cost.md)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not _PROJECT.match(self.project):
            raise ValueError(
                f"project: {self.project!r} is not a GCP project id (6-30 lower-case letters, digits, '-')"
            )
        if not _REGION.match(self.region):
            raise ValueError(f"region: {self.region!r} is not a GCP region name such as 'us-central1'")
        missing = [t for t in REQUIRED_TAGS if t not in self.tags]
        if missing:
            raise ValueError(
                f"tags: missing cost-allocation tags {missing} (required: {list(REQUIRED_TAGS)})"
            )
        if not self.pools and not self.tpu_slices:
            raise ValueError("pools: declare at least one GPU pool or TPU slice (pools / tpu_slices)")
        names = [p.name for p in (*self.pools, *self.tpu_slices)]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(
                f"pools: pool names must be unique across pools and tpu_slices; repeated: {duplicates}"
            )
        for field, specs in (("pools", self.pools), ("tpu_slices", self.tpu_slices)):
            for i, pool in enumerate(specs):
                if pool.zone is not None and (
                    not _ZONE.match(pool.zone) or region_of(pool.zone) != self.region
                ):
                    raise ValueError(
                        f"{field}[{i}].zone: {pool.zone!r} is not a zone of region {self.region}"
                    )
        if self.storage_zone is not None and (
            not _ZONE.match(self.storage_zone) or region_of(self.storage_zone) != self.region
        ):
            raise ValueError(f"storage_zone: {self.storage_zone!r} is not a zone of region {self.region}")
        if self.encryption.rotation_days > GCP_MAX_ROTATION_DAYS:
            raise ValueError(
                f"encryption.rotation_days: {self.encryption.rotation_days} exceeds the {GCP_MAX_ROTATION_DAYS}-day "
                "maximum for Cloud KMS keys (CIS GKE, CKV_GCP_43)"
            )
        self._check_storage()
        self._check_gpudirect_version()
        self._check_scheduling()
        from aiinfra.components.dra.plan import check_dra_kubernetes

        check_dra_kubernetes(
            self.dra_plan(), self.cluster.min_master_version, field="cluster.min_master_version"
        )
        self._check_services()
        check_workloads(self)
        return self

    def _check_services(self) -> None:
        from aiinfra.components.services.wiring import check_platform_services

        check_platform_services(
            self.services,
            environment=self.environment,
            pools=[*self.pools, *self.tpu_slices],
            scheduling=self.scheduling,
            storage=self.storage,
        )

    def service_facts(self) -> Any:
        """Plain facts the services (and the plan's services section) read."""
        from aiinfra.components.services.wiring import cloud_service_facts

        return cloud_service_facts(
            platform=self.name,
            cloud="gcp",
            environment=self.environment,
            tags=self.tags,
            pools=[*self.pools, *self.tpu_slices],
            scheduling=self.scheduling,
            storage=self.storage,
            region=self.region,
        )

    def _check_scheduling(self) -> None:
        from aiinfra.components.observability.build import check_budgets
        from aiinfra.components.scheduling.check import check_plan

        spec = self.scheduling
        if spec is None:
            return
        check_budgets(spec, self.observability, "gcp")
        check_plan(self.scheduling_plan())

    def budget_alerts(self) -> tuple[str | None, str]:
        """The backend evaluating team budget alerts (None, and why not, when none does)."""
        from aiinfra.components.observability.build import budget_backend

        return budget_backend(self.observability, "gcp")

    def scheduling_plan(self) -> Any:
        """The Kueue plan over the GPU pools and TPU slices at ``max_nodes`` (None without ``scheduling``)."""
        from aiinfra.components.scheduling.flavors import cloud_flavors, plan_of

        if self.scheduling is None:
            return None
        pools = (*self.pools, *self.tpu_slices)
        flavors = cloud_flavors(pools, "gcp", topology_aware=self.scheduling.topology_aware)
        return plan_of(self.scheduling, flavors, root_cohort=self.name, cloud="gcp")

    def dra_plan(self) -> Any:
        """The NVIDIA DRA driver and ComputeDomains the GPU pools need (None when no pool uses DRA)."""
        from aiinfra.components.dra.plan import platform_dra_plan

        return platform_dra_plan(self.pools, self.scheduling, "gcp")

    def _check_gpudirect_version(self) -> None:
        """GPUDirect TCPX/TCPXO need a minimum GKE version; refuse a pinned version below it."""
        from aiinfra.components.gcp.gpudirect import check_gke_version

        for pool in self.pools:
            if pool.fabric.type in ("tcpx", "tcpxo"):
                check_gke_version(
                    pool.fabric.type, self.cluster.min_master_version, field="cluster.min_master_version"
                )

    def _check_storage(self) -> None:
        hot, warm = self.storage.hot, self.storage.warm
        if hot is not None:
            if hot.kind not in ("lustre", "filestore"):
                raise ValueError(
                    f"storage.hot.kind: {hot.kind!r} is not available on GCP (allowed: lustre, filestore)"
                )
            if hot.kind == "lustre" and hot.capacity_gib < LUSTRE_MIN_GIB:
                raise ValueError(
                    f"storage.hot.capacity_gib: {hot.capacity_gib} is below the Managed Lustre minimum of {LUSTRE_MIN_GIB} GiB"
                )
            if self.hot_zone is None:
                raise ValueError("storage_zone: required for the hot tier when no pool pins a zone")
        if warm is not None and warm.volume_type not in GCP_WARM_TYPES:
            raise ValueError(
                f"storage.warm.volume_type: {warm.volume_type!r} is not a GCP disk type (allowed: {', '.join(GCP_WARM_TYPES)})"
            )

    @property
    def hot_zone(self) -> str | None:
        """Zone of the hot tier: ``storage_zone``, else the first zone a pool pins."""
        if self.storage_zone is not None:
            return self.storage_zone
        return next((p.zone for p in (*self.pools, *self.tpu_slices) if p.zone), None)

    def platform_tags(self) -> dict[str, str]:
        """Labels every resource carries: the cost-allocation tags plus environment and owner."""
        return gcp_labels(
            self.tags,
            environment=self.environment,
            **{"aiinfra-platform": self.name, "managed-by": "aiinfra"},
        )

    def key_purposes(self) -> list[KeyPurpose]:
        """The key purposes this platform uses (no logs key: Cloud Logging CMEK is a project setting)."""
        purposes: list[KeyPurpose] = ["cluster", "nodes"]
        purposes += [tier for tier in ("hot", "warm", "cold") if getattr(self.storage, tier) is not None]  # type: ignore[misc]
        return purposes

    def offline_context(self) -> dict[str, str]:
        """Facts the offline engine answers data sources with for this stack."""
        return {"gcp_project": self.project, "gcp_region": self.region}

    def capacity_at_scale(self) -> list[PoolCapacity]:
        """Every GPU pool and TPU slice resolved through the catalog at its maximum size."""
        return [p.capacity_at_scale("gcp") for p in (*self.pools, *self.tpu_slices)]


@dataclass(frozen=True)
class GcpPlatform:
    """Handles on what :func:`compose` created, for ``build`` and for blueprints that extend it (hybrid)."""

    provider: Any  # pulumi_gcp.Provider
    kubernetes_provider: Any  # pulumi_kubernetes.Provider of the GKE cluster
    keys: Any  # components.gcp.encryption.PlatformKeys
    network: Any  # components.gcp.network.Network
    cluster: Any  # components.gcp.cluster.GkeCluster
    pools: list[Any]  # GpuNodePool / TpuNodePool
    storage: Any  # components.gcp.storage.TieredStorage
    gpudirect: dict[str, Any]  # pool name -> GpuDirectWiring
    scheduling: Any = None  # components.scheduling.component.KueueScheduling
    services: Any = None  # components.services.platform.PlatformServices
    observability: Any = None  # components.observability.gmp.GmpObservability
    audit_cost: Any = None  # blueprints.audit_cost.AuditCost


def compose(config: Config) -> GcpPlatform:
    """Compose the GCP platform (provider, keys, VPC, GKE, pools, GPUDirect wiring, storage); returns handles.

    Resource names depend only on ``config.name``: :func:`build` and the hybrid blueprint register
    identical resources for the same config.
    """
    import pulumi_gcp as gcp
    import pulumi_kubernetes as k8s

    from aiinfra.blueprints import audit_cost
    from aiinfra.components.gcp.cluster import GkeCluster
    from aiinfra.components.gcp.encryption import PlatformKeys
    from aiinfra.components.gcp.fabric import GpuFabric
    from aiinfra.components.gcp.gpudirect import GpuDirectWiring
    from aiinfra.components.gcp.network import Network
    from aiinfra.components.gcp.nodepool import GpuNodePool
    from aiinfra.components.gcp.storage import TieredStorage
    from aiinfra.components.gcp.tpu import TpuNodePool
    from aiinfra.components.observability.budgets import team_budgets
    from aiinfra.components.observability.build import gcp_observability
    from aiinfra.components.observability.gmp import monitoring_config

    name, project, region = config.name, config.project, config.region
    labels = config.platform_tags()
    provider = gcp.Provider(f"{name}-gcp", project=project, region=region, default_labels=labels)
    opts = pulumi.ResourceOptions(providers={"gcp": provider})
    hot = config.storage.hot

    keys = PlatformKeys(
        f"{name}-keys",
        config.encryption,
        project=project,
        region=region,
        purposes=config.key_purposes(),
        hot_kind=hot.kind if hot else None,
        labels=labels,
        opts=opts,
    )
    network = Network(
        f"{name}-net",
        config.network,
        region=region,
        private_service_access=hot is not None or bool(config.services and config.services.databases()),
        opts=opts,
    )
    # Rack-scale RDMA pools (A4X) get their NICs through DRANET, not through extra VPCs.
    fabric_pools = [p for p in config.pools if p.fabric.type != "none" and p.machine("gcp").rack is None]
    cluster = GkeCluster(
        name,
        config.cluster,
        project=project,
        region=region,
        network_id=network.network_id,
        subnet_id=network.subnet_id,
        subnet_cidr=config.network.subnet_cidr,
        master_cidr=config.network.master_cidr,
        secrets_key_id=keys.key_id("cluster"),
        node_key_id=keys.key_id("nodes"),
        labels=labels,
        multi_networking=bool(fabric_pools),
        reserved_pools=any(p.capacity == "reservation" for p in (*config.pools, *config.tpu_slices)),
        lustre_csi=hot is not None and hot.kind == "lustre",
        filestore_csi=hot is not None and hot.kind == "filestore",
        monitoring=monitoring_config(gpus=bool(config.pools)) if config.observability.enabled else None,
        waits_for=keys.grants("cluster", "nodes"),
        opts=opts,
    )
    node_waits = [*keys.grants("nodes"), *cluster.node_roles]
    pools: list[Any] = []
    fabrics = {
        pool.name: GpuFabric(
            f"{name}-{pool.name}-fabric",
            pool.machine("gcp"),
            project=project,
            region=region,
            zone=str(pool.zone),
            network_spec=config.network,
            index=index,
            opts=opts,
        ).fabric
        for index, pool in enumerate(fabric_pools)
    }
    # What every GPU pool and TPU slice is wired to.
    shared = {
        "project": project,
        "region": region,
        "cluster_id": cluster.cluster_id,
        "service_account_email": cluster.service_account_email,
        "node_key_id": keys.key_id("nodes"),
        "labels": labels,
        "waits_for": node_waits,
        "opts": opts,
    }
    for pool in config.pools:
        pools.append(
            GpuNodePool(
                f"{name}-{pool.name}", pool, pool.machine("gcp"), fabric=fabrics.get(pool.name), **shared
            )
        )
    for tpu in config.tpu_slices:
        pools.append(TpuNodePool(f"{name}-{tpu.name}", tpu, tpu.machine("gcp"), **shared))

    k8s_provider = k8s.Provider(f"{name}-k8s", kubeconfig=cluster.kubeconfig, enable_server_side_apply=True)
    gpu_pools = dict(zip((p.name for p in config.pools), pools, strict=False))
    gpudirect = {
        pool.name: GpuDirectWiring(
            f"{name}-{pool.name}-gpudirect",
            pool,
            pool.machine("gcp"),
            fabric=fabrics[pool.name],
            # ClusterSpec pins no version yet (the release channel picks); checked once it has one.
            gke_version=config.cluster.min_master_version,
            opts=pulumi.ResourceOptions(
                providers={"kubernetes": k8s_provider}, depends_on=[gpu_pools[pool.name]]
            ),
        )
        for pool in fabric_pools
    }
    tiers = [t for t in ("hot", "warm", "cold") if getattr(config.storage, t) is not None]
    storage = TieredStorage(
        f"{name}-data",
        config.storage,
        project=project,
        region=region,
        zone=config.hot_zone,
        network_id=network.network_id,
        key_ids={t: keys.key_id(t) for t in tiers},  # type: ignore[arg-type]
        key_grants={t: keys.grants(t) for t in tiers},  # type: ignore[arg-type]
        labels=labels,
        hot_waits_for=[network.psa_connection] if network.psa_connection is not None else [],
        kubernetes_provider=k8s_provider,
        opts=opts,
    )
    scheduling = _scheduling(config, storage, provider, k8s_provider, pools)
    dra_plan = config.dra_plan()
    if dra_plan is not None:
        from aiinfra.components.dra.component import NvidiaDra

        NvidiaDra(
            f"{name}-dra",
            dra_plan,
            waits_for=[p for p in (*pools, scheduling) if p is not None],
            opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}),
        )
    services = _services(config, keys, network, storage, provider, k8s_provider, [*pools, scheduling])
    observability = gcp_observability(
        f"{name}-obs",
        config.observability,
        project=project,
        fabric_resources=[p.machine("gcp").device_resource for p in (*fabric_pools, *config.tpu_slices)],
        kueue=scheduling is not None,
        gpus=bool(config.pools),  # as monitoring_config: DCGM is collected only on GPU pools
        budgets=team_budgets(config.scheduling),
        key_id=keys.key_id("cluster"),
        kubernetes_provider=k8s_provider,
        labels=labels,
        # Kueue's namespace holds the metrics reader the Kueue PodMonitoring authenticates with
        opts=pulumi.ResourceOptions(
            providers={"gcp": provider}, depends_on=[*pools, *([scheduling] if scheduling else [])]
        ),
    )
    platform = GcpPlatform(
        provider,
        k8s_provider,
        keys,
        network,
        cluster,
        pools,
        storage,
        gpudirect,
        scheduling,
        services,
        observability,
        audit_cost.gcp(config, provider, k8s_provider, pools),
    )
    build_training_and_serving(config, platform)
    return platform


def _services(
    config: Config, keys: Any, network: Any, storage: Any, provider: Any, k8s: Any, after: list[Any]
) -> Any:
    """Notebooks, MLflow and Label Studio with Workload Identity and Cloud SQL (None without ``services``)."""
    if config.services is None:
        return None
    from aiinfra.components.services.wiring import gcp_services

    return gcp_services(
        config.services,
        config.service_facts(),
        project=config.project,
        bucket_name=storage.bucket_name,
        warm_key_id=keys.key_id("warm") if config.storage.warm is not None else None,
        network_id=network.network_id,
        private_access=network.psa_connection,
        opts=pulumi.ResourceOptions(
            providers={"gcp": provider, "kubernetes": k8s}, depends_on=[a for a in after if a is not None]
        ),
    )


def _scheduling(config: Config, storage: Any, provider: Any, k8s_provider: Any, pools: list[Any]) -> Any:
    """Kueue, JobSet and LWS, each team's Workload Identity account and budget, then the queues."""
    plan = config.scheduling_plan()
    if plan is None:
        return None
    from aiinfra.components.dra.plan import kueue_device_class_mappings
    from aiinfra.components.gcp.teams import TeamIdentities
    from aiinfra.components.scheduling.component import KueueScheduling
    from aiinfra.components.scheduling.flavors import kubernetes_labels
    from aiinfra.components.scheduling.install import KueueInstall

    name, spec = config.name, plan.spec
    waits: list[Any] = list(pools)
    if spec.install:
        install = KueueInstall(
            f"{name}-kueue",
            fair_sharing=spec.fair_sharing,
            device_class_mappings=kueue_device_class_mappings(config.dra_plan()),
            opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=pools),
        )
        waits = [install]
    identities = TeamIdentities(
        f"{name}-teams",
        spec,
        platform=name,
        project=config.project,
        bucket_name=storage.bucket_name,
        opts=pulumi.ResourceOptions(providers={"gcp": provider}),
    )
    return KueueScheduling(
        f"{name}-sched",
        plan,
        labels=kubernetes_labels(config.tags, config.environment, name),
        identities=identities.annotations(),
        opts=pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=waits),
    )


def build(config: Config) -> dict[str, Any]:
    """Compose the GCP platform; returns the stack outputs."""
    return outputs(compose(config))


def outputs(platform: GcpPlatform) -> dict[str, Any]:
    """The stack outputs of a GCP platform."""
    cluster, network, pools, storage, keys, gpudirect = (
        platform.cluster,
        platform.network,
        platform.pools,
        platform.storage,
        platform.keys,
        platform.gpudirect,
    )
    return {
        "cluster_name": cluster.cluster_name,
        "cluster_endpoint": cluster.endpoint,
        "kubeconfig": cluster.kubeconfig,
        "network": network.network_name,
        "node_pools": [p.node_pool_name for p in pools],
        "dataset_bucket": storage.bucket_name,
        "hot_mount": storage.hot_mount,
        "lustre_import_command": storage.lustre_import_command,
        "key_ids": keys.key_ids,
        "gpudirect_pod_annotations": {pool: w.pod_annotations for pool, w in gpudirect.items()},
        **(platform.audit_cost.outputs() if platform.audit_cost else {}),
    }
