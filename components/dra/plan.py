"""What DRA a platform needs, as plain data: which pools get GPUs through the NVIDIA DRA driver, which
rack-scale pools need ComputeDomains, and the objects and chart values that follow.

Facts at the pinned driver, NVIDIA/k8s-dra-driver-gpu tag v0.4.0 (commit 6910a2bea298, 2026-05-15; the
project now lives at kubernetes-sigs/dra-driver-nvidia-gpu):

- chart ``oci://registry.k8s.io/dra-driver-nvidia/charts/dra-driver-nvidia-gpu`` 0.4.0, namespace
  ``dra-driver-nvidia-gpu``; GPU allocation needs ``gpuResourcesEnabledOverride=true``; on GKE
  ``nvidiaDriverRoot=/home/kubernetes/bin/nvidia`` (docs/install.md);
- DeviceClasses the chart installs: ``gpu.nvidia.com`` (with ``extendedResourceName: nvidia.com/gpu``
  on ``resource.k8s.io/v1``), ``compute-domain-daemon.nvidia.com``,
  ``compute-domain-default-channel.nvidia.com`` (templates/deviceclass-*.yaml);
- ``ComputeDomain`` (``resource.nvidia.com/v1beta1``): ``spec.channel.resourceClaimTemplate.name`` names
  the ResourceClaimTemplate the driver generates for workloads to claim the IMEX channel;
  ``numNodes`` 0 is the recommended value with the default ``IMEXDaemonsWithDNSNames`` gate (CRD
  description); ``spec`` is immutable;
- GPU Feature Discovery labels every MNNVL node ``nvidia.com/gpu.clique`` = NVLink cluster UUID +
  clique id: the rack a node is in (docs/install.md; k8s-device-plugin v0.20.0 GFD README).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..charts import PinnedChart
from ..spec.rack import DRA_API_VERSION

NVIDIA_DRA_DRIVER = PinnedChart(
    "oci://registry.k8s.io/dra-driver-nvidia/charts/dra-driver-nvidia-gpu", "0.4.0"
)
DRA_DRIVER_NAMESPACE = "dra-driver-nvidia-gpu"
COMPUTE_DOMAIN_API = "resource.nvidia.com/v1beta1"
GKE_DRIVER_ROOT = "/home/kubernetes/bin/nvidia"
CLIQUE_LABEL = "nvidia.com/gpu.clique"
DRA_LABEL = "aiinfra.io/gpu-allocation"
"""Node label ``dra`` on pools whose GPUs the DRA driver allocates (the device plugin stays off them)."""
RACK_LABEL = "aiinfra.io/nvlink-domain-size"
DEVICE_CLASSES: dict[str, str] = {
    "gpu.nvidia.com": "one GPU (DRA allocation; extended resource nvidia.com/gpu on resource.k8s.io/v1)",
    "compute-domain-daemon.nvidia.com": "the IMEX daemon of a ComputeDomain on each of its nodes",
    "compute-domain-default-channel.nvidia.com": "IMEX channel 0 of a ComputeDomain, claimed by workloads",
}


@dataclass(frozen=True)
class RackPool:
    """A rack-scale pool and the NVLink domains it holds."""

    pool: str
    machine_type: str
    racks: int
    hosts_per_rack: int
    accelerators_per_rack: int


@dataclass(frozen=True)
class DraPlan:
    """The DRA a platform installs: GPU pools on DRA, rack pools with ComputeDomains, and where."""

    gpu_pools: tuple[str, ...]
    rack_pools: tuple[RackPool, ...]
    namespaces: Mapping[str, tuple[str, ...]]  # rack pool -> namespaces that get its ComputeDomain
    cloud: str

    @property
    def objects(self) -> list[dict[str, Any]]:
        """Every ComputeDomain the platform creates, in order."""
        return [
            compute_domain(rack.pool, namespace)
            for rack in self.rack_pools
            for namespace in self.namespaces.get(rack.pool, ())
        ]

    def summary(self) -> dict[str, Any]:
        """The plan's DRA section: driver, API, DeviceClasses, pools and ComputeDomains."""
        return {
            "driver": f"{NVIDIA_DRA_DRIVER.chart.rsplit('/', 1)[-1]} {NVIDIA_DRA_DRIVER.version}",
            "api_version": DRA_API_VERSION,
            "device_classes": [
                name
                for name in DEVICE_CLASSES
                if (name == "gpu.nvidia.com" and self.gpu_pools)
                or (name != "gpu.nvidia.com" and self.rack_pools)
            ],
            "gpu_pools": list(self.gpu_pools),
            "rack_pools": [
                {
                    "pool": r.pool,
                    "machine_type": r.machine_type,
                    "racks": r.racks,
                    "hosts_per_rack": r.hosts_per_rack,
                    "nvlink_domain": r.accelerators_per_rack,
                }
                for r in self.rack_pools
            ],
            "compute_domains": [
                {
                    "namespace": o["metadata"]["namespace"],
                    "name": o["metadata"]["name"],
                    "resource_claim_template": o["spec"]["channel"]["resourceClaimTemplate"]["name"],
                }
                for o in self.objects
            ],
        }


def compute_domain(pool: str, namespace: str) -> dict[str, Any]:
    """The ComputeDomain of rack pool ``pool`` in ``namespace``: its pods claim the generated
    ResourceClaimTemplate ``<pool>-imex-channel`` and land in one NVLink domain."""
    return {
        "apiVersion": COMPUTE_DOMAIN_API,
        "kind": "ComputeDomain",
        "metadata": {"name": f"{pool}-nvlink", "namespace": namespace},
        "spec": {
            "numNodes": 0,
            "channel": {
                "resourceClaimTemplate": {"name": f"{pool}-imex-channel"},
                "allocationMode": "Single",
            },
        },
    }


def dra_plan(
    pools: Sequence[Any], cloud: str, team_quotas: Mapping[str, Sequence[str]] | None = None
) -> DraPlan | None:
    """The DRA plan of ``pools`` (pool specs resolvable on ``cloud``), or None when nothing needs DRA.

    ``team_quotas``: team namespace -> pools it has quota on; a rack pool's ComputeDomain goes into every
    namespace with quota on it, or into ``default`` without scheduling.
    """
    gpu_pools, rack_pools = [], []
    for pool in pools:
        machine = pool.machine(cloud)
        if machine.image_family != "nvidia" or machine.accelerator_kind != "gpu":
            continue
        if getattr(pool, "device_allocation", "device_plugin") == "dra":
            gpu_pools.append(pool.name)
        if machine.rack is not None:
            rack_pools.append(
                RackPool(
                    pool.name,
                    machine.machine_type,
                    pool.max_nodes // machine.rack.hosts,
                    machine.rack.hosts,
                    machine.rack.accelerators,
                )
            )
    if not gpu_pools and not rack_pools:
        return None
    namespaces: dict[str, tuple[str, ...]] = {}
    for rack in rack_pools:
        if team_quotas is None:
            namespaces[rack.pool] = ("default",)
        else:
            namespaces[rack.pool] = tuple(ns for ns, quota in team_quotas.items() if rack.pool in quota)
    return DraPlan(tuple(gpu_pools), tuple(rack_pools), namespaces, cloud)


def driver_values(plan: DraPlan) -> dict[str, Any]:
    """Values of the DRA driver's Helm release: the parts the plan needs, the kubelet plugin only on
    DRA and rack-scale nodes (the chart's default affinity needs Node Feature Discovery labels)."""
    gpus = bool(plan.gpu_pools)
    values: dict[str, Any] = {
        "gpuResourcesEnabledOverride": gpus,
        "resources": {"gpus": {"enabled": gpus}, "computeDomains": {"enabled": bool(plan.rack_pools)}},
        "kubeletPlugin": {
            "tolerations": [
                {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
                # GKE taints arm64 (Grace) nodes; CTK's A4X blueprints tolerate it (v1.95.0 gke-a4x.yaml)
                {"key": "kubernetes.io/arch", "operator": "Exists", "effect": "NoSchedule"},
            ],
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [
                            {"matchExpressions": [{"key": DRA_LABEL, "operator": "In", "values": ["dra"]}]},
                            {"matchExpressions": [{"key": RACK_LABEL, "operator": "Exists"}]},
                        ]
                    }
                }
            },
        },
    }
    if plan.cloud == "gcp":
        values["nvidiaDriverRoot"] = GKE_DRIVER_ROOT
    return values


def kueue_device_class_mappings(plan: DraPlan | None) -> list[dict[str, Any]]:
    """Kueue ``resources.deviceClassMappings``: a DRA GPU claim counts against the teams'
    ``nvidia.com/gpu`` quota (Kueue v0.19.2 config API; KueueDRAIntegration is beta and on by default)."""
    if plan is None or not plan.gpu_pools:
        return []
    return [{"name": "nvidia.com/gpu", "deviceClassNames": ["gpu.nvidia.com"]}]


def platform_dra_plan(pools: Sequence[Any], scheduling: Any, cloud: str) -> DraPlan | None:
    """:func:`dra_plan` for a blueprint config: ComputeDomains go into the namespaces of the teams
    with quota on a rack pool (``default`` without scheduling)."""
    quotas = None if scheduling is None else {t.ns: tuple(t.quotas) for t in scheduling.teams}
    return dra_plan(pools, cloud, quotas)


def check_dra_kubernetes(plan: DraPlan | None, version: str | None, *, field: str) -> None:
    """Refuse a pinned Kubernetes minor below 1.34 when DRA is used: the driver's objects and the
    claims it serves use ``resource.k8s.io/v1`` (GA in 1.34). None (a release channel picks) is
    refused too, so the version the API needs is pinned where it is used."""
    from ..spec.rack import DRA_MIN_KUBERNETES, kubernetes_at_least

    if plan is None:
        return
    users = ", ".join([*plan.gpu_pools, *(r.pool for r in plan.rack_pools)])
    floor = ".".join(map(str, DRA_MIN_KUBERNETES))
    if version is None or version == "latest":
        raise ValueError(
            f"{field}: pin a Kubernetes version >= {floor} for the DRA pools ({users}); "
            f"resource.k8s.io/v1 (DRA GA) is served from {floor}"
        )
    if not kubernetes_at_least(version, DRA_MIN_KUBERNETES):
        raise ValueError(
            f"{field}: {version} is below {floor}; the DRA pools ({users}) need resource.k8s.io/v1 "
            f"(DRA GA from Kubernetes {floor})"
        )
