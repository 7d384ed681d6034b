"""Flavors from the pools themselves: one Kueue ResourceFlavor per pool, with its capacity kind, size
at full scale, node labels, taints and (for fabric pools) the topology of its network domain.

Plain data, no provider SDK: blueprints build a :class:`SchedulingPlan` during validation, the
component and the plan summary read the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog.energy import machine_power
from ..spec.base import Taint
from .spec import SchedulingSpec

POOL_LABEL = "aiinfra.io/pool"
HOSTNAME = "kubernetes.io/hostname"

# Order in which a ClusterQueue tries flavors: capacity already paid for first (reservations,
# Capacity Blocks), then on-demand, then the preemptible/queued kinds every team borrows.
CAPACITY_RANK = {"reservation": 0, "capacity_block": 1, "on_demand": 2, "spot": 3, "flex_start": 4}
SHARED_CAPACITY = ("spot", "flex_start")
CAPACITY_KIND = {
    "reservation": "reserved",
    "capacity_block": "Capacity Block",
    "on_demand": "on-demand",
    "spot": "spot",
    "flex_start": "flex-start",
}


@dataclass(frozen=True)
class TopologySource:
    """A Kueue Topology: node labels from the coarsest network level to the host."""

    name: str
    levels: tuple[str, ...]
    source: str


# EKS: the EC2 instance-topology labels. Network nodes are listed top-down, layer 1 being the
# farthest from the instance (AWS EC2 User Guide, "How Amazon EC2 topology works", read 2026-12-01).
# The labels topology.k8s.aws/network-node-layer-1..3 are what EKS nodes of supported types carry
# (third-party EKS/HyperPod TAS material read 2026-12-01 says the EKS cloud controller writes them,
# plus -layer-4 on 4-layer types; unverified against an EKS primary source here, so only the three
# layers every supported type has are levels).
EKS_TOPOLOGY = TopologySource(
    "eks-network",
    (
        "topology.k8s.aws/network-node-layer-1",
        "topology.k8s.aws/network-node-layer-2",
        "topology.k8s.aws/network-node-layer-3",
        HOSTNAME,
    ),
    "EC2 instance topology (DescribeInstanceTopology) as EKS node labels",
)
# Instance types EC2 topology describes (AWS EC2 User Guide, "Prerequisites for Amazon EC2 topology",
# read 2026-12-01). p6-b200/p6-b300 return 4 network nodes; only layers 1-3 are used as levels here.
EC2_TOPOLOGY_TYPES = frozenset(
    {
        *(
            f"g6e.{s}"
            for s in (
                "xlarge",
                "2xlarge",
                "4xlarge",
                "8xlarge",
                "12xlarge",
                "16xlarge",
                "24xlarge",
                "48xlarge",
            )
        ),
        *(f"g7e.{s}" for s in ("2xlarge", "4xlarge", "8xlarge", "12xlarge", "24xlarge", "48xlarge")),
        "p3dn.24xlarge",
        "p4d.24xlarge",
        "p4de.24xlarge",
        "p5.48xlarge",
        "p5e.48xlarge",
        "p5en.48xlarge",
        "p6e-gb200.36xlarge",
        "p6-b200.48xlarge",
        "p6-b300.48xlarge",
        "trn1.2xlarge",
        "trn1.32xlarge",
        "trn1n.32xlarge",
        "trn2.48xlarge",
        "trn2u.48xlarge",
    }
)
# GKE: the topology labels GKE puts on compactly placed GPU nodes, block > sub-block > host
# (Google Cloud AI Hypercomputer docs, "Schedule GKE workloads with Topology Aware Scheduling",
# cloud.google.com/ai-hypercomputer/docs/workloads/schedule-gke-workloads-tas, read 2026-12-01; the
# excerpt read did not show the label list itself, so the three names are unverified here).
GKE_TOPOLOGY = TopologySource(
    "gke-network",
    (
        "cloud.google.com/gce-topology-block",
        "cloud.google.com/gce-topology-subblock",
        "cloud.google.com/gce-topology-host",
        HOSTNAME,
    ),
    "GKE gce-topology node labels (block, sub-block, host)",
)
# Rack-scale GPU pools (GB200/GB300 NVL72): GPU Feature Discovery labels each node with its NVLink
# clique (nvidia.com/gpu.clique = fabric cluster UUID + clique id; k8s-device-plugin v0.20.0 GFD
# README, NVIDIA DRA driver v0.4.0 docs/install.md), so the rack is a Kueue topology level: a workload
# requiring that level lands in one 72-GPU NVLink domain.
NVLINK_RACK_TOPOLOGY = TopologySource(
    "nvlink-rack",
    ("nvidia.com/gpu.clique", HOSTNAME),
    "GPU Feature Discovery nvidia.com/gpu.clique (one NVLink domain = one rack)",
)
# TPU multi-host slices: every slice is its own node pool, so the node pool is the slice domain.
TPU_SLICE_TOPOLOGY = TopologySource(
    "gke-tpu-slice",
    ("cloud.google.com/gke-nodepool", HOSTNAME),
    "one GKE node pool per multi-host TPU slice",
)


@dataclass(frozen=True)
class FlavorSource:
    """One pool as a Kueue ResourceFlavor and the capacity it supplies at full scale."""

    name: str
    machine_type: str
    accelerator: str
    accelerator_kind: str
    device_resource: str
    accelerators_per_node: int
    vcpus: int
    memory_gib: float
    nodes: int  # max_nodes (cloud) or the physical inventory (on-prem)
    capacity: str  # reservation, capacity_block, on_demand, spot, flex_start
    node_labels: Mapping[str, str]
    taints: tuple[Taint, ...]
    resources_per_accelerator: Mapping[str, int] = field(default_factory=dict)
    fabric: str = "none"
    topology: str | None = None
    queued_provisioning: bool = False
    slice_chips: int | None = None  # chips of one multi-host TPU slice
    usd_per_node_hour: float | None = None
    watts_per_accelerator: float | None = (
        None  # full-load machine power / accelerators (catalog energy facts)
    )

    @property
    def accelerators(self) -> int:
        """Accelerators the pool supplies at full scale."""
        return self.nodes * self.accelerators_per_node

    @property
    def shared(self) -> bool:
        """Spot and flex-start capacity belongs to the cohort: every team borrows it."""
        return self.capacity in SHARED_CAPACITY

    @property
    def rank(self) -> int:
        """Position in a ClusterQueue's flavor order (lower is tried first)."""
        return CAPACITY_RANK[self.capacity]

    @property
    def kind(self) -> str:
        """The capacity kind as people say it."""
        return CAPACITY_KIND[self.capacity]

    @property
    def unit(self) -> str:
        """What one accelerator is called in messages."""
        return {"gpu": "GPUs", "tpu": "TPU chips"}.get(self.accelerator_kind, "accelerators")

    @property
    def resources(self) -> dict[str, int]:
        """Extended resources one accelerator yields (MIG devices, time-slicing replicas)."""
        return dict(self.resources_per_accelerator) or {self.device_resource: 1}

    @property
    def usd_per_accelerator_hour(self) -> float | None:
        """Hourly list price of one accelerator (node price / accelerators per node)."""
        if self.usd_per_node_hour is None:
            return None
        return self.usd_per_node_hour / self.accelerators_per_node

    def share(self, accelerators: int) -> dict[str, str]:
        """Quota for ``accelerators`` of this pool: cpu and memory in proportion, device resources."""
        part = accelerators / self.accelerators_per_node
        out = {"cpu": str(int(self.vcpus * part)), "memory": f"{int(self.memory_gib * part)}Gi"}
        out.update({r: str(accelerators * n) for r, n in self.resources.items()})
        return out


@dataclass(frozen=True)
class SchedulingPlan:
    """A validated scheduling spec with the flavors and topologies of the platform's pools."""

    spec: SchedulingSpec
    flavors: tuple[FlavorSource, ...]
    topologies: tuple[TopologySource, ...]
    root_cohort: str
    cloud: str

    def flavor(self, name: str) -> FlavorSource:
        """The flavor of pool ``name``."""
        return {f.name: f for f in self.flavors}[name]

    def ordered(self) -> list[FlavorSource]:
        """Flavors in ClusterQueue order: reserved, Capacity Block, on-demand, spot, flex-start.

        With ``prefer_low_carbon``, flavors of the same capacity kind are tried in order of full-load
        power per accelerator (lowest first; unknown power last). All pools of one cluster share its
        region's grid, so lower power per accelerator-hour is lower CO2e per accelerator-hour."""
        if not self.spec.prefer_low_carbon:
            return sorted(self.flavors, key=lambda f: f.rank)
        return sorted(
            self.flavors,
            key=lambda f: (f.rank, f.watts_per_accelerator is None, f.watts_per_accelerator or 0.0),
        )


def _watts_per_accelerator(machine: Any) -> float | None:
    watts = machine_power(machine).watts
    return None if watts is None or machine.accelerator_count < 1 else watts / machine.accelerator_count


def _price(machine: Any) -> float | None:
    price = machine.price
    return None if price is None or not price.published else price.usd_per_hour


def _device_taint(pool_taints: Sequence[Taint], device: str, value: str) -> tuple[Taint, ...]:
    """The pool's taints plus the accelerator taint the node pool components always add."""
    taints = list(pool_taints)
    if not any(t.key == device for t in taints):
        taints.insert(0, Taint(key=device, value=value, effect="NoSchedule"))
    return tuple(taints)


def cloud_flavors(pools: Sequence[Any], cloud: str, *, topology_aware: bool) -> list[FlavorSource]:
    """Flavors of AWS/GCP pools (AcceleratorPoolSpec, GpuPoolSpec, TpuSliceSpec) at ``max_nodes``.

    The accelerator taint mirrors the node pools: ``<device>=true`` on EKS (components/aws/nodepool.py),
    ``<device>=present`` on GKE (components/gcp/common.py).
    """
    out = []
    for pool in pools:
        machine = pool.machine(cloud)
        tpu = getattr(pool, "tpu_slice", None) if machine.accelerator_kind == "tpu" else None
        topology = None
        if topology_aware:
            if machine.rack is not None and machine.accelerator_kind == "gpu":
                topology = NVLINK_RACK_TOPOLOGY.name
            elif cloud == "aws" and pool.fabric.type == "efa" and machine.machine_type in EC2_TOPOLOGY_TYPES:
                topology = EKS_TOPOLOGY.name
            elif cloud == "gcp" and machine.accelerator_kind == "gpu" and pool.fabric.type != "none":
                topology = GKE_TOPOLOGY.name
            elif tpu is not None and tpu.multi_host:
                topology = TPU_SLICE_TOPOLOGY.name
        out.append(
            FlavorSource(
                name=pool.name,
                machine_type=machine.machine_type,
                accelerator=machine.accelerator,
                accelerator_kind=machine.accelerator_kind,
                device_resource=machine.device_resource,
                accelerators_per_node=machine.accelerator_count,
                vcpus=machine.vcpus,
                memory_gib=machine.memory_gib,
                nodes=pool.max_nodes,
                capacity=pool.capacity,
                node_labels={POOL_LABEL: pool.name},
                taints=_device_taint(
                    pool.taints, machine.device_resource, "true" if cloud == "aws" else "present"
                ),
                fabric=pool.fabric.type,
                topology=topology,
                queued_provisioning=bool(getattr(pool, "queued_provisioning", False)),
                slice_chips=tpu.chips if tpu is not None and tpu.multi_host else None,
                usd_per_node_hour=_price(machine),
                watts_per_accelerator=_watts_per_accelerator(machine),
            )
        )
    return out


def onprem_flavors(pools: Sequence[Any], fabric_pools: Sequence[str] = ()) -> list[FlavorSource]:
    """Flavors of on-prem pools (NodePoolSpec): owned servers count as reserved capacity."""
    out = []
    for pool in pools:
        machine = pool.machine()
        out.append(
            FlavorSource(
                name=pool.name,
                machine_type=machine.machine_type,
                accelerator=machine.accelerator,
                accelerator_kind=machine.accelerator_kind,
                device_resource=machine.device_resource,
                accelerators_per_node=machine.accelerator_count,
                vcpus=machine.vcpus,
                memory_gib=machine.memory_gib,
                nodes=pool.nodes,
                capacity="reservation",
                node_labels=pool.label,
                taints=tuple(pool.taints),
                resources_per_accelerator=pool.resources_per_gpu(),
                fabric=machine.fabric if pool.name in fabric_pools else "none",
                usd_per_node_hour=_price(machine),
                watts_per_accelerator=_watts_per_accelerator(machine),
            )
        )
    return out


def plan_of(
    spec: SchedulingSpec, flavors: Sequence[FlavorSource], *, root_cohort: str, cloud: str
) -> SchedulingPlan:
    """A scheduling plan: the spec, the flavors, and the topologies the flavors reference."""
    known = {t.name: t for t in (EKS_TOPOLOGY, GKE_TOPOLOGY, TPU_SLICE_TOPOLOGY, NVLINK_RACK_TOPOLOGY)}
    used = sorted({f.topology for f in flavors if f.topology})
    return SchedulingPlan(spec, tuple(flavors), tuple(known[t] for t in used), root_cohort, cloud)


def kubernetes_labels(tags: Mapping[str, str], environment: str, platform: str) -> dict[str, str]:
    """Labels on the scheduling objects of a cloud cluster: the cost-allocation tags that are valid
    label keys (team, project, cost-center), environment, platform and owner."""
    keep = {k: v for k, v in tags.items() if k in ("team", "project", "cost-center")}
    return {
        **keep,
        "environment": environment,
        "aiinfra.io/platform": platform,
        "app.kubernetes.io/managed-by": "aiinfra",
    }
