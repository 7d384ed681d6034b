"""What a pod must ask of a pool to land on it and use its accelerators and fabric, per platform.

One :class:`PoolPlacement` per pool of a validated blueprint config, built from the same flavors the
scheduling plan uses (components/scheduling/flavors.py) plus the fabric facts of each platform:

- AWS EFA: ``vpc.amazonaws.com/efa`` = the pool's EFA interfaces (the EFA device plugin's resource;
  components/aws/efa.py lays the interfaces out, the catalog counts them).
- GCP GPUDirect (TCPX/TCPXO/RDMA): the multi-network pod annotations
  ``networking.gke.io/default-interface`` + ``networking.gke.io/interfaces`` naming every pool
  network (components/gcp/gpudirect.py ``pod_annotations``), the NICs GKE hands the pod. Whether
  GKE also wants per-network extended-resource requests on RDMA (A3 Ultra/A4) pods is unverified
  here; none are requested.
- GCP TPU: ``google.com/tpu`` chips plus the ``cloud.google.com/gke-tpu-accelerator`` and
  ``cloud.google.com/gke-tpu-topology`` node selectors (GKE TPU docs, "Plan TPUs in GKE", read
  2026-12-01). Single-host slices carry the VM's own shape (2x4 for ``-8t``; ``2x2x1`` for 3D
  single-host VMs is unverified).
- On-prem InfiniBand/RoCE: one ``rdma/<rail>`` per rail (the RDMA shared device plugin resource the
  Network Operator's NicClusterPolicy publishes, components/onprem/fabric.py) and the Multus
  annotation ``k8s.v1.cni.cncf.io/networks`` listing ``nvidia-network-operator/<rail>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog import lookup
from ..catalog.tpu import NATURAL_2D_SHAPES, validate_topology
from ..scheduling.flavors import FlavorSource, cloud_flavors, onprem_flavors
from ..spec import Taint

EFA_RESOURCE = "vpc.amazonaws.com/efa"
TPU_ACCELERATOR_LABEL = "cloud.google.com/gke-tpu-accelerator"
TPU_TOPOLOGY_LABEL = "cloud.google.com/gke-tpu-topology"
MULTUS_NETWORKS = "k8s.v1.cni.cncf.io/networks"
SINGLE_HOST_3D = "2x2x1"  # unverified: the gke-tpu-topology value of a 3D single-host VM


@dataclass(frozen=True)
class PoolPlacement:
    """Where a pod of one pool lands and what it requests there (plain values)."""

    pool: str
    platform: str
    accelerator: str
    accelerator_kind: str
    accelerators_per_node: int
    nodes: int
    fabric: str
    device_resources: Mapping[str, int]  # extended resources one accelerator yields
    node_selector: Mapping[str, str]
    tolerations: tuple[Mapping[str, str], ...]
    fabric_resources: Mapping[str, int] = field(default_factory=dict)  # per node (one pod per node)
    annotations: Mapping[str, str] = field(default_factory=dict)

    @property
    def capacity(self) -> int:
        """Accelerators the pool holds at full scale."""
        return self.accelerators_per_node * self.nodes

    def resources(self, accelerators: int, *, fabric: bool) -> dict[str, dict[str, str]]:
        """Requests = limits for ``accelerators`` (and, with ``fabric``, the node's fabric devices)."""
        limits = {r: str(n * accelerators) for r, n in self.device_resources.items()}
        if fabric:
            limits.update({r: str(n) for r, n in self.fabric_resources.items()})
        return {"requests": dict(limits), "limits": dict(limits)}


def tolerations(taints: Sequence[Taint]) -> tuple[dict[str, str], ...]:
    """Tolerations matching the pool's node taints exactly."""
    out = []
    for t in taints:
        if t.value:
            out.append({"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect})
        else:
            out.append({"key": t.key, "operator": "Exists", "effect": t.effect})
    return tuple(out)


def _placement(flavor: FlavorSource, platform: str, **extra: Any) -> PoolPlacement:
    return PoolPlacement(
        pool=flavor.name,
        platform=platform,
        accelerator=flavor.accelerator,
        accelerator_kind=flavor.accelerator_kind,
        accelerators_per_node=flavor.accelerators_per_node,
        nodes=flavor.nodes,
        fabric=flavor.fabric,
        device_resources=flavor.resources,
        node_selector=dict(extra.pop("node_selector", flavor.node_labels)),
        tolerations=tolerations(flavor.taints),
        **extra,
    )


def aws_placements(pools: Sequence[Any]) -> list[PoolPlacement]:
    """EKS pools: the pool label, the accelerator taint, the EFA interfaces of EFA pools."""
    out = []
    for pool, flavor in zip(pools, cloud_flavors(pools, "aws", topology_aware=False), strict=True):
        efa = {}
        if flavor.fabric == "efa":
            efa = {
                EFA_RESOURCE: pool.fabric.interfaces or lookup(flavor.machine_type, "aws").fabric_interfaces
            }
        out.append(_placement(flavor, "aws", fabric_resources=efa))
    return out


def _tpu_topology(machine: Any, topology: str | None) -> str:
    tpu = validate_topology(machine, topology)
    if tpu.topology is not None:
        return tpu.topology
    if machine.tpu_topology.dimensions == 2:
        return NATURAL_2D_SHAPES[tpu.chips_per_vm]
    return SINGLE_HOST_3D


def gcp_placements(pools: Sequence[Any], tpu_slices: Sequence[Any]) -> list[PoolPlacement]:
    """GKE GPU pools (GPUDirect annotations on fabric pools) and TPU slices (TPU node selectors)."""
    from ..gcp.gpudirect import pod_annotations, pod_networks

    every = [*pools, *tpu_slices]
    out = []
    for pool, flavor in zip(every, cloud_flavors(every, "gcp", topology_aware=False), strict=True):
        machine = pool.machine("gcp")
        if machine.accelerator_kind == "tpu":
            selector = {
                **flavor.node_labels,
                TPU_ACCELERATOR_LABEL: str(machine.accelerator_type),
                TPU_TOPOLOGY_LABEL: _tpu_topology(machine, getattr(pool, "topology", None)),
            }
            out.append(_placement(flavor, "gcp", node_selector=selector))
            continue
        annotations = pod_annotations(pod_networks(pool.name, machine)) if flavor.fabric != "none" else {}
        out.append(_placement(flavor, "gcp", annotations=annotations))
    return out


def onprem_placements(config: Any) -> list[PoolPlacement]:
    """On-prem pools (an onprem blueprint Config): their selectors and taints; RDMA rails on fabric pools."""
    from ..onprem.fabric import NAMESPACE
    from ..onprem.spec import fabric_pools

    wired = [p.name for p in fabric_pools(config.fabric, config.pools)]
    out = []
    for flavor in onprem_flavors(config.pools, wired):
        extra: dict[str, Any] = {}
        if flavor.fabric != "none" and config.fabric is not None:
            rails = [r.name for r in config.fabric.rails]
            extra["fabric_resources"] = {f"rdma/{rail}": 1 for rail in rails}
            extra["annotations"] = {MULTUS_NETWORKS: ",".join(f"{NAMESPACE}/{rail}" for rail in rails)}
        out.append(_placement(flavor, "onprem", **extra))
    return out


def services_side(config: Any) -> Any:
    """The config whose cluster runs the services: the platform itself, or a hybrid's on-prem side."""
    return config.onprem if config.blueprint == "hybrid" else config


def placements(config: Any) -> dict[str, PoolPlacement]:
    """Every pool of the cluster that runs the services, by name."""
    side = services_side(config)
    if side.blueprint == "aws":
        found = aws_placements(side.pools)
    elif side.blueprint == "gcp":
        found = gcp_placements(side.pools, side.tpu_slices)
    else:
        found = onprem_placements(side)
    return {p.pool: p for p in found}
