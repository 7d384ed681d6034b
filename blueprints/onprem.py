"""The ``onprem`` blueprint: GPU pools, fabric, storage tiers and encryption on an existing cluster.

It targets a Kubernetes cluster the team already runs, through an explicit ``kubernetes.Provider``
whose kubeconfig is a Pulumi secret config value (``aiinfra:kubeconfig`` by default). Assumed on the
cluster already: Rook-Ceph (operator + CephCluster), Kueue serving ``kueue.x-k8s.io/v1beta2``, a
Vault reachable over TLS with transit/KV engines and Kubernetes auth, and node labels selecting each
pool. Installed here: the NVIDIA Network and GPU Operators (pinned Helm releases) and every object
below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, Self

import pulumi
from pydantic import Field, model_validator

from aiinfra.components.audit.spec import AuditSpec
from aiinfra.components.observability.spec import ObservabilitySpec
from aiinfra.components.onprem.spec import (
    NodePoolSpec,
    OnpremEncryptionSpec,
    OnpremFabricSpec,
    OnpremStorageSpec,
    check_fabric,
    check_scheduling,
    fabric_pools,
)
from aiinfra.components.scheduling.spec import SchedulingSpec
from aiinfra.components.services.spec import ServicesSpec
from aiinfra.components.services.workloads import (
    build_training_and_serving,
    check_workloads,
    workload_namespaces,
)
from aiinfra.components.spec import PoolCapacity, Spec
from aiinfra.components.spec.base import Labels, ResourceName
from aiinfra.components.spec.energy import SiteEnergySpec

REQUIRED_LABELS = ("team", "project", "cost-center")
_CONFIG_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class Config(Spec):
    """Settings of an ``onprem`` stack (``aiinfra:platform`` in ``stacks/Pulumi.<stack>.yaml``)."""

    blueprint: Literal["onprem"]
    """which blueprint this stack uses; 'onprem' for an existing Kubernetes cluster."""
    name: ResourceName
    """platform name; every object name derives from it."""
    environment: Literal["dev", "staging", "prod"] = "prod"
    """environment label on every object."""
    labels: Labels = Field(description="cost-allocation labels: team, project, cost-center")
    kubeconfig_key: str = Field(
        default="kubeconfig", description="secret config key (namespace aiinfra) holding the kubeconfig"
    )
    pools: tuple[NodePoolSpec, ...] = Field(min_length=1, max_length=64)
    """existing GPU server pools, selected by node labels (1-64)."""
    scheduling: SchedulingSpec = Field(description="teams, cohorts, priorities: Kueue queues and quotas")
    fabric: OnpremFabricSpec | None = None
    """InfiniBand or RoCE fabric through the NVIDIA Network Operator; none when omitted."""
    storage: OnpremStorageSpec = Field(default_factory=OnpremStorageSpec)
    """hot (TopoLVM/local-path), warm (Rook-Ceph RBD) and cold (Ceph RGW or external S3) tiers."""
    encryption: OnpremEncryptionSpec
    """Vault transit KMS for storage, etcd KMS v2, TLS in transit."""
    services: ServicesSpec | None = Field(
        default=None,
        description="notebooks, MLflow, Label Studio, training operators (docs/services.md)",
    )
    audit: AuditSpec = Field(
        default_factory=AuditSpec,
        description="the kube-apiserver audit policy artefact and its retention (docs/audit-and-cost.md)",
    )
    observability: ObservabilitySpec = Field(
        default_factory=ObservabilitySpec,
        description="metrics, alerts, dashboards (docs/observability.md) and cost per team (docs/audit-and-cost.md)",
    )
    energy: SiteEnergySpec | None = None
    """the site's PUE and grid carbon intensity; without it the plan says energy is 'not estimated' for
    carbon (docs/energy.md)."""

    @model_validator(mode="before")
    @classmethod
    def _legacy_teams(cls, raw: Any) -> Any:
        """Stack files written before ``scheduling`` put ``teams``/``priority_classes`` at the top."""
        if not isinstance(raw, dict) or not ({"teams", "priority_classes"} & set(raw)):
            return raw
        if "scheduling" in raw:
            raise ValueError("teams: give teams and priority_classes under scheduling, not beside it")
        raw = dict(raw)
        moved = {k: raw.pop(k) for k in ("teams", "priority_classes") if k in raw}
        return {**raw, "scheduling": moved}

    @model_validator(mode="after")
    def _check(self) -> Self:
        missing = [k for k in REQUIRED_LABELS if k not in self.labels]
        if missing:
            raise ValueError(
                f"labels: missing cost-allocation labels {missing} (required: {list(REQUIRED_LABELS)})"
            )
        if not _CONFIG_KEY.match(self.kubeconfig_key):
            raise ValueError(f"kubeconfig_key: {self.kubeconfig_key!r} is not a config key name")
        sched = self.scheduling
        check_scheduling(
            self.pools, sched.teams, sched.priority_classes, where="scheduling", spec=sched, cohort=self.name
        )
        check_fabric(self.fabric, self.pools)
        if self.fabric is not None and not fabric_pools(self.fabric, self.pools):
            raise ValueError(
                f"fabric: no pool has a {self.fabric.type} server class; drop the fabric or add one"
            )
        self._check_observability()
        wired = {p.name for p in fabric_pools(self.fabric, self.pools)} if self.fabric is not None else set()
        for i, pool in enumerate(self.pools):
            if pool.name in wired and pool.driver == "preinstalled" and pool.doca_driver is None:
                raise ValueError(
                    f"pools[{i}].doca_driver: {pool.name} keeps a preinstalled host driver; choose whether the "
                    "Network Operator installs its containerised DOCA driver there ('container': replaces the "
                    "host's OFED modules, drains nodes on upgrades) or leaves the host OFED ('host')"
                )
        from aiinfra.components.services.wiring import check_platform_services

        check_platform_services(
            self.services,
            environment=self.environment,
            pools=self.pools,
            scheduling=sched,
            storage=self.storage,
        )
        check_workloads(self)
        return self

    def service_facts(self) -> Any:
        """Plain facts the services (and the plan's services section) read."""
        from aiinfra.components.onprem.storage import WARM_CLASS, cold_endpoint
        from aiinfra.components.services.wiring import service_facts

        cold = self.storage.cold
        return service_facts(
            platform=self.name,
            cloud="onprem",
            environment=self.environment,
            labels=self.platform_labels(),
            flavors=self.scheduling_plan().flavors,
            team_namespaces={t.name: t.ns for t in self.scheduling.teams},
            warm_storage_class=WARM_CLASS,
            bucket_label=f"s3://{cold.bucket}" if cold else "",
            s3_endpoint=cold_endpoint(self.storage),
            rgw_store=cold.store if cold is not None and cold.kind == "rgw" else None,
        )

    def budget_alerts(self) -> tuple[str | None, str]:
        """The backend evaluating team budget alerts (None, and why not, when none does)."""
        from aiinfra.components.observability.build import budget_backend

        return budget_backend(self.observability, "onprem")

    def _check_observability(self) -> None:
        from aiinfra.components.observability.build import check_budgets

        obs = self.observability
        check_budgets(self.scheduling, obs, "onprem")
        if not obs.enabled:
            return
        if obs.receiver.webhook_url is None:
            raise ValueError(
                "observability.receiver.webhook_url: required on-prem (the HTTPS URL Alertmanager posts "
                "alerts to), or set observability.enabled: false"
            )
        if self.storage.warm is None:
            raise ValueError("observability: Prometheus keeps its data on the warm tier; set storage.warm")

    def platform_labels(self) -> dict[str, str]:
        """Labels on every object: cost-allocation labels, environment and owner."""
        return {
            **self.labels,
            "environment": self.environment,
            "aiinfra.io/platform": self.name,
            "app.kubernetes.io/managed-by": "aiinfra",
        }

    def offline_context(self) -> dict[str, str]:
        """No cloud facts are needed offline."""
        return {}

    def site_energy(self) -> SiteEnergySpec | None:
        """The site's own PUE and grid intensity (None when the stack does not give them)."""
        return self.energy

    def scheduling_plan(self) -> Any:
        """The Kueue plan: one reserved flavor per pool, the platform cohort named after the platform."""
        from aiinfra.components.onprem.scheduling import onprem_plan

        wired = [p.name for p in fabric_pools(self.fabric, self.pools)]
        return onprem_plan(self.pools, self.scheduling, cohort=self.name, fabric_pools=wired)

    def capacity_at_scale(self) -> list[PoolCapacity]:
        """Every pool at its physical size (owned servers count as capacity already held)."""
        wired = {p.name for p in fabric_pools(self.fabric, self.pools)}
        fabric = self.fabric.type if self.fabric is not None else "none"
        return [
            PoolCapacity(p.name, p.machine(), p.nodes, "reservation", fabric if p.name in wired else "none")
            for p in self.pools
        ]


@dataclass(frozen=True)
class OnpremPlatform:
    """Handles on what :func:`compose` created, for ``build`` and for blueprints that extend it (hybrid)."""

    provider: Any  # pulumi_kubernetes.Provider of the on-prem cluster
    kubeconfig: pulumi.Output[str]  # secret
    fabric: Any | None  # components.onprem.fabric.NetworkFabric
    gpu: Any  # components.onprem.gpu.GpuOperator
    scheduling: Any  # components.onprem.scheduling.GpuScheduling
    storage: Any  # components.onprem.storage.OnpremStorage
    services: Any = None  # components.services.platform.PlatformServices
    observability: Any = None  # components.observability.kube_prometheus.KubePrometheusStack
    audit_cost: Any = None  # blueprints.audit_cost.AuditCost


def compose(config: Config) -> OnpremPlatform:
    """Compose the on-prem platform on the existing cluster; returns handles.

    Resource names depend only on ``config.name``: :func:`build` and the hybrid blueprint register
    identical resources for the same config.
    """
    import pulumi_kubernetes as k8s

    from aiinfra.blueprints import audit_cost
    from aiinfra.components.observability.budgets import team_budgets
    from aiinfra.components.observability.build import onprem_observability
    from aiinfra.components.onprem.fabric import NetworkFabric
    from aiinfra.components.onprem.gpu import GpuOperator
    from aiinfra.components.onprem.scheduling import GpuScheduling
    from aiinfra.components.onprem.storage import WARM_CLASS, OnpremStorage

    name = config.name
    labels = config.platform_labels()
    kubeconfig = pulumi.Config("aiinfra").require_secret(config.kubeconfig_key)
    provider = k8s.Provider(f"{name}-k8s", kubeconfig=kubeconfig, enable_server_side_apply=True)
    opts = pulumi.ResourceOptions(providers={"kubernetes": provider})

    on_fabric = fabric_pools(config.fabric, config.pools)
    fabric = None
    if config.fabric is not None:
        fabric = NetworkFabric(f"{name}-fabric", config.fabric, config.pools, labels=labels, opts=opts)
    rdma = config.fabric is not None and config.fabric.gpudirect_rdma
    gpu = GpuOperator(
        f"{name}-gpu",
        config.pools,
        rdma_pools=[p.name for p in on_fabric] if rdma else [],
        labels=labels,
        dcgm_service_monitor=config.observability.enabled,
        opts=pulumi.ResourceOptions(
            providers={"kubernetes": provider}, depends_on=[fabric] if fabric else None
        ),
    )
    scheduling = GpuScheduling(f"{name}-sched", plan=config.scheduling_plan(), labels=labels, opts=opts)
    from aiinfra.components.services.rgw import service_grants

    storage = OnpremStorage(
        f"{name}-data",
        config.storage,
        config.encryption.vault,
        labels=labels,
        bucket_grants=service_grants(config.services),
        opts=opts,
    )
    services = None
    if config.services is not None:
        from aiinfra.components.services.wiring import onprem_services

        services = onprem_services(
            config.services,
            config.service_facts(),
            bucket_name=config.storage.cold.bucket if config.storage.cold else None,
            rook_namespace=config.storage.rook.namespace,
            opts=pulumi.ResourceOptions(providers={"kubernetes": provider}, depends_on=[scheduling, storage]),
        )
    observability = onprem_observability(
        f"{name}-obs",
        config.observability,
        rdma_resources=fabric.rdma_resources if fabric else [],
        budgets=team_budgets(config.scheduling),
        storage_class=WARM_CLASS,
        labels=labels,
        opts=pulumi.ResourceOptions(providers={"kubernetes": provider}, depends_on=[storage, gpu]),
    )
    platform = OnpremPlatform(
        provider,
        kubeconfig,
        fabric,
        gpu,
        scheduling,
        storage,
        services,
        observability,
        audit_cost.onprem(config, provider, [gpu]),
    )
    build_training_and_serving(config, platform)
    return platform


def build(config: Config) -> dict[str, Any]:
    """Compose the on-prem platform on the existing cluster; returns the stack outputs."""
    return outputs(config, compose(config))


def outputs(config: Config, platform: OnpremPlatform) -> dict[str, Any]:
    """The stack outputs of an on-prem platform, including what a hybrid stack consumes through a
    StackReference: the kubeconfig (secret), team namespaces, Kueue queue and flavor names, cohort."""
    from aiinfra.components.onprem.encryption import (
        HANDOFF_NOTE,
        KMS_CONFIGMAP,
        encryption_configuration_yaml,
    )

    gpu, scheduling, storage, fabric = platform.gpu, platform.scheduling, platform.storage, platform.fabric
    return {
        "namespaces": sorted(
            {
                gpu.namespace,
                *scheduling.namespaces,
                *storage.namespaces,
                *([fabric.namespace] if fabric else []),
                *(platform.services.namespaces if platform.services else []),
                *workload_namespaces(config),
                *([platform.observability.namespace] if platform.observability else []),
                *(platform.audit_cost.namespaces() if platform.audit_cost else []),
            }
        ),
        "pool_gpus": {p.name: p.gpus for p in config.pools},
        "team_quotas": scheduling.quotas,
        "node_actions": gpu.node_actions,
        "rdma_resources": fabric.rdma_resources if fabric else [],
        "storage_classes": storage.storage_classes,
        "bucket_endpoint": storage.bucket_endpoint,
        "ceph_csi_kms": {"configmap": KMS_CONFIGMAP, "encryption_kms_id": config.encryption.vault.id},
        "etcd_encryption_configuration": encryption_configuration_yaml(config.encryption.etcd),
        "etcd_encryption_note": HANDOFF_NOTE,
        "kubeconfig": platform.kubeconfig,
        "team_namespaces": {t.name: t.ns for t in config.scheduling.teams},
        "cluster_queues": [t.name for t in config.scheduling.teams],
        "local_queues": {t.ns: t.name for t in config.scheduling.teams},
        "resource_flavors": [p.name for p in config.pools],
        "kueue_cohort": config.name,
        "vault_address": config.encryption.vault.address,
        **(platform.audit_cost.outputs() if platform.audit_cost else {}),
    }
