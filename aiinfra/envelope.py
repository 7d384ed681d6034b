"""The performance envelope of a plan: per pool, how much of the hardware the generated network enables.

For every pool of a planned stack:

* **fabric**: interfaces the generated resources actually wire (EFA interfaces in the pool's launch
  template; GPUDirect networks on the GKE node pool; nv-ipam rail pools of the on-prem fabric) times
  the catalog's per-interface line rate, against the machine's maximum (all interfaces);
* **hot tier**: the file system's configured aggregate throughput (FSx for Lustre / Managed Lustre:
  capacity in TiB x MB/s per TiB) divided by every accelerator of the stack at full scale;
* **zone**: whether the pool's nodes and the hot tier share a zone (AWS: the subnets' AZ ids; GCP:
  node locations vs the Lustre zone).

Figures come only from the catalog (each with its source) and the recorded plan; where a figure is
not known the field is None and the reason says why. Facts, no resources, no provider SDKs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from aiinfra.engine.model import UNKNOWN, RecordedResource

STATELESS_WORKLOADS = ("inference", "serving")
"""Pools labelled ``workload`` with one of these restart rather than train across nodes."""

LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
SUBNET = "aws:ec2/subnet:Subnet"
FSX_LUSTRE = "aws:fsx/lustreFileSystem:LustreFileSystem"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
GCP_NETWORK = "gcp:compute/network:Network"
GCP_LUSTRE = "gcp:lustre/instance:Instance"
IP_POOL = "kubernetes:nv-ipam.nvidia.com/v1alpha1:IPPool"
FSX_THROUGHPUT_SOURCE = (
    "AWS FSx for Lustre: throughput capacity is MB/s per TiB of storage (perUnitStorageThroughput), so the "
    "file system serves capacity (TiB) x that figure (docs.aws.amazon.com/fsx/latest/LustreGuide/"
    "managing-throughput-capacity.html, read 2026-12-01)"
)
GCP_LUSTRE_THROUGHPUT_SOURCE = (
    "Google Cloud Managed Lustre: per_unit_storage_throughput is the instance's throughput in MBps per TiB "
    "(pulumi_gcp 10.2.0 lustre.Instance docstring, citing cloud.google.com/managed-lustre/docs/"
    "create-instance#performance-tiers, read 2026-12-01); capacity (TiB) x that figure"
)


@dataclass(frozen=True)
class PoolEnvelope:
    """One pool's envelope (plain values, rendered as-is in the plan JSON)."""

    pool: str
    machine_type: str
    fabric: str
    """The machine's scale-out fabric in the catalog (``none`` for machines without one)."""
    multi_node: bool
    training: bool
    interfaces_enabled: int
    interfaces_max: int
    fabric_gbps_enabled: float | None
    fabric_gbps_max: float | None
    fabric_percent: float | None
    fabric_source: str | None
    hot_tier: str | None
    hot_tier_mbps: float | None
    hot_mbps_per_accelerator: float | None
    hot_tier_source: str | None
    pool_zones: tuple[str, ...]
    hot_tier_zone: str | None
    same_zone: bool | None
    """True when every zone the pool's nodes may run in is the hot tier's; None when not known."""
    notes: tuple[str, ...] = ()

    @property
    def under_provisioned(self) -> bool:
        """A multi-node training pool that gets less than all of its machine's fabric."""
        return (
            self.multi_node
            and self.training
            and self.fabric_percent is not None
            and self.fabric_percent < 100.0
        )

    @property
    def cross_zone(self) -> bool:
        """A multi-node training pool that reads its hot tier from another zone."""
        return self.multi_node and self.training and self.same_zone is False

    def to_json(self) -> dict[str, Any]:
        """The plan JSON view."""
        out = asdict(self)
        out["pool_zones"] = list(self.pool_zones)
        out["notes"] = list(self.notes)
        out["under_provisioned"] = self.under_provisioned
        out["cross_zone"] = self.cross_zone
        return out


def _known(value: Any) -> Any:
    return None if value is UNKNOWN else value


def _tags(res: RecordedResource) -> dict[str, Any]:
    tags = res.inputs.get("tags")
    return tags if isinstance(tags, dict) else {}


def _count_efa(template: RecordedResource) -> int:
    interfaces = template.inputs.get("networkInterfaces") or []
    return sum(1 for i in interfaces if isinstance(i, dict) and i.get("interfaceType") in ("efa", "efa-only"))


class _Index:
    """The recorded resources the envelope reads, indexed once."""

    def __init__(self, resources: Iterable[RecordedResource]) -> None:
        self.by_type: dict[str, list[RecordedResource]] = {}
        for res in resources:
            self.by_type.setdefault(res.type, []).append(res)
        self.aws_pools: dict[tuple[str, str], RecordedResource] = {}
        for kind in (LAUNCH_TEMPLATE, NODE_GROUP):
            for res in self.of(kind):
                pool = _tags(res).get("aiinfra:pool")
                if isinstance(pool, str):
                    self.aws_pools.setdefault((kind, pool), res)
        self.gke_pools = {r.name: r for r in self.of(GKE_NODE_POOL)}
        self.subnet_zone = {
            s.id: str(s.inputs.get("availabilityZoneId") or s.inputs.get("availabilityZone") or "")
            for s in self.of(SUBNET)
            if s.id
        }

    def of(self, type_token: str) -> list[RecordedResource]:
        return self.by_type.get(type_token, [])

    def aws_pool(self, pool: str, kind: str) -> RecordedResource | None:
        """The launch template or node group tagged ``aiinfra:pool=<pool>`` (first registered)."""
        return self.aws_pools.get((kind, pool))

    def gke_pool(self, pool: str) -> RecordedResource | None:
        """The GKE node pool named ``<prefix>-<pool>-np``."""
        suffix = f"-{pool}-np"
        return next((r for name, r in self.gke_pools.items() if name.endswith(suffix)), None)


def _fsx_hot(index: _Index) -> tuple[str, float | None, str | None] | None:
    fs = next((r for r in index.of(FSX_LUSTRE) if _tags(r).get("tier") == "hot"), None)
    fs = fs or next(iter(index.of(FSX_LUSTRE)), None)
    if fs is None:
        return None
    capacity, per_tib = (
        _known(fs.inputs.get("storageCapacity")),
        _known(fs.inputs.get("perUnitStorageThroughput")),
    )
    mbps = float(capacity) / 1024 * float(per_tib) if capacity and per_tib else None
    subnets = fs.inputs.get("subnetIds")
    subnet = subnets[0] if isinstance(subnets, list) and subnets else subnets
    return fs.name, mbps, index.subnet_zone.get(str(subnet)) or None


def _gcp_lustre_hot(index: _Index) -> tuple[str, float | None, str | None] | None:
    fs = next(iter(index.of(GCP_LUSTRE)), None)
    if fs is None:
        return None
    capacity, per_tib = (
        _known(fs.inputs.get("capacityGib")),
        _known(fs.inputs.get("perUnitStorageThroughput")),
    )
    mbps = float(capacity) / 1024 * float(per_tib) if capacity and per_tib else None
    return fs.name, mbps, _known(fs.inputs.get("location"))


def _gpudirect_interfaces(pool: RecordedResource, fabric: str, index: _Index) -> int:
    configs = (pool.inputs.get("networkConfig") or {}).get("additionalNodeNetworkConfigs") or []
    if fabric != "rdma":
        return len(configs)  # TCPX / TCPXO: one additional network per GPU NIC
    roce = {
        n.inputs.get("name")
        for n in index.of(GCP_NETWORK)
        if "roce" in str(n.inputs.get("networkProfile") or "")
    }
    return sum(1 for c in configs if c.get("network") in roce)


def pool_envelopes(config: Any, run: Any) -> list[PoolEnvelope]:
    """The envelope of every pool of a planned stack (``config.capacity_at_scale()`` + the recorded run)."""
    from aiinfra.components.catalog.fabric_bandwidth import interface_bandwidth

    pools = config.capacity_at_scale() if hasattr(config, "capacity_at_scale") else []
    index = _Index(run.resources)
    accelerators = sum(p.accelerators for p in pools) or None
    hot = {"aws": _fsx_hot(index), "gcp": _gcp_lustre_hot(index), "onprem": None}
    out = []
    for p in pools:
        machine, cloud = p.machine, p.machine.cloud
        bandwidth = interface_bandwidth(machine)
        notes: list[str] = []
        enabled, zones, workload = 0, (), None
        if cloud == "aws":
            template, group = index.aws_pool(p.pool, LAUNCH_TEMPLATE), index.aws_pool(p.pool, NODE_GROUP)
            enabled = _count_efa(template) if template is not None else 0
            if group is not None:
                labels = group.inputs.get("labels") or {}
                workload = labels.get("workload")
                subnets = group.inputs.get("subnetIds") or []
                zones = tuple(sorted({index.subnet_zone.get(str(s), str(s)) for s in subnets}))
        elif cloud == "gcp":
            node_pool = index.gke_pool(p.pool)
            if node_pool is not None:
                if machine.fabric in ("tcpx", "tcpxo", "rdma"):
                    enabled = _gpudirect_interfaces(node_pool, machine.fabric, index)
                workload = ((node_pool.inputs.get("nodeConfig") or {}).get("labels") or {}).get("workload")
                zones = tuple(sorted(node_pool.inputs.get("nodeLocations") or ()))
        else:  # on-prem: the NVIDIA Network Operator wires one nv-ipam pool per rail for the fabric pool
            enabled = len(index.of(IP_POOL)) if p.fabric != "none" else 0
            notes.append("on-prem: pools and storage share the site; zones do not apply")
        enabled = min(enabled, machine.fabric_interfaces)
        if bandwidth is None and machine.fabric != "none":
            notes.append(f"no per-interface bandwidth figure for {machine.machine_type} in the catalog")
        hot_name, hot_mbps, hot_zone = hot.get(cloud) or (None, None, None)
        if hot_name is None and cloud != "onprem":
            notes.append("no file-system hot tier with a configured throughput in this plan")
        if cloud == "onprem":
            notes.append("on-prem hot tier (block StorageClass) has no configured throughput figure")
        same_zone = None
        if cloud == "onprem":
            same_zone = True
        elif hot_zone and zones:
            same_zone = set(zones) == {hot_zone}
        out.append(
            PoolEnvelope(
                pool=p.pool,
                machine_type=machine.machine_type,
                fabric=machine.fabric,
                multi_node=p.max_nodes > 1,
                training=str(workload or "").lower() not in STATELESS_WORKLOADS,
                interfaces_enabled=enabled,
                interfaces_max=machine.fabric_interfaces if machine.fabric != "none" else 0,
                fabric_gbps_enabled=None if bandwidth is None else round(enabled * bandwidth.gbps, 1),
                fabric_gbps_max=None if bandwidth is None else round(bandwidth.max_gbps, 1),
                fabric_percent=None
                if bandwidth is None
                else round(100.0 * enabled / bandwidth.interfaces, 1),
                fabric_source=None if bandwidth is None else bandwidth.source,
                hot_tier=hot_name,
                hot_tier_mbps=None if hot_mbps is None else round(hot_mbps, 1),
                hot_mbps_per_accelerator=None
                if hot_mbps is None or not accelerators
                else round(hot_mbps / accelerators, 1),
                hot_tier_source=None
                if hot_name is None
                else (FSX_THROUGHPUT_SOURCE if cloud == "aws" else GCP_LUSTRE_THROUGHPUT_SOURCE),
                pool_zones=zones,
                hot_tier_zone=hot_zone,
                same_zone=same_zone,
                notes=tuple(notes),
            )
        )
    return out
