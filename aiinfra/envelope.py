"""The performance envelope of a plan: per pool, how much of the hardware the generated network enables.

For every pool of a planned stack:

* **fabric**: interfaces the generated resources actually wire (EFA interfaces in the pool's launch
  template; GPUDirect networks on the GKE node pool; nv-ipam rail pools of the on-prem fabric) times
  the catalog's per-interface line rate, against the machine's maximum (all interfaces);
* **hot tier**: the file system's configured aggregate throughput (FSx for Lustre / Managed Lustre:
  capacity in TiB x MB/s per TiB) divided by every accelerator of the stack at full scale;
* **zone**: whether the pool's nodes and the hot tier share a zone (AWS: the subnets' AZ ids; GCP:
  node locations vs the Lustre zone);
* **scaling**: what changes the pool's node count and between which bounds (EKS: the Cluster
  Autoscaler release and the ASG discovery tag, or a Capacity Block's scheduled actions; GKE: the
  node pool's autoscaling / queued provisioning; on-prem: fixed).

:func:`network_policy_enforcement` says, per cluster of the stack, what enforces its NetworkPolicies.

Figures come only from the catalog (each with its source) and the recorded plan; where a figure is
not known the field is None and the reason says why. Facts, no resources, no provider SDKs.
"""

from __future__ import annotations

import json
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
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"
ASG_TAG = "aws:autoscaling/tag:Tag"
ASG_SCHEDULE = "aws:autoscaling/schedule:Schedule"
EKS_ADDON = "aws:eks/addon:Addon"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
AUTOSCALED_TAG = "aiinfra.io/cluster-autoscaler"
"""The ASG tag the EKS Cluster Autoscaler discovers pools by (components/aws/autoscaler.py)."""
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
    scaled_by: str = "unknown"
    """What changes the pool's node count (autoscaler and its bounds, scheduled actions, or fixed)."""
    scale_min: int | None = None
    scale_max: int | None = None
    autoscaled: bool = False

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


def _count(value: Any) -> int | None:
    """A recorded node count as an int (the engine records numbers as floats)."""
    value = _known(value)
    return int(value) if isinstance(value, int | float) else None


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

    def helm_release(self, chart: str) -> RecordedResource | None:
        """The first Helm release of ``chart`` in the plan."""
        return next((r for r in self.of(HELM_RELEASE) if r.inputs.get("chart") == chart), None)

    def named(self, type_token: str, name: str) -> RecordedResource | None:
        """The resource of ``type_token`` named ``name``."""
        return next((r for r in self.of(type_token) if r.name == name), None)

    def of(self, type_token: str) -> list[RecordedResource]:
        return self.by_type.get(type_token, [])

    def aws_pool(self, pool: str, kind: str) -> RecordedResource | None:
        """The launch template or node group tagged ``aiinfra:pool=<pool>`` (first registered); for a
        user's program (no aiinfra tags) the node group named ``pool`` and the launch template it uses."""
        tagged = self.aws_pools.get((kind, pool))
        if tagged is not None:
            return tagged
        group = self.named(NODE_GROUP, pool)
        if group is None or kind == NODE_GROUP:
            return group
        template_id = (group.inputs.get("launchTemplate") or {}).get("id")
        return next((t for t in self.of(LAUNCH_TEMPLATE) if t.id and t.id == template_id), None)

    def gke_pool(self, pool: str) -> RecordedResource | None:
        """The GKE node pool named ``<prefix>-<pool>-np`` (or exactly ``pool`` in a user's program)."""
        suffix = f"-{pool}-np"
        found = next((r for name, r in self.gke_pools.items() if name.endswith(suffix)), None)
        return found or self.gke_pools.get(pool)


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


def _aws_scaling(group: RecordedResource | None, index: _Index) -> tuple[str, int | None, int | None, bool]:
    if group is None:
        return "unknown: no node group recorded", None, None, False
    prefix = group.name.removesuffix("-ng")
    sizes = group.inputs.get("scalingConfig") or {}
    low, high = _count(sizes.get("minSize")), _count(sizes.get("maxSize"))
    bounds = f"{low}..{high} nodes"
    if index.named(ASG_SCHEDULE, f"{prefix}-cb-end") is not None:
        start = index.named(ASG_SCHEDULE, f"{prefix}-cb-start")
        opens = f"sized at {_known(start.inputs.get('startTime'))}" if start is not None else "block open"
        return (
            f"Capacity Block scheduled actions ({opens}, 0 at scale-in); not autoscaled, bounds {bounds}",
            low,
            high,
            False,
        )
    tag = index.named(ASG_TAG, f"{prefix}-asg-tag-0")
    tagged = tag is not None and (tag.inputs.get("tag") or {}).get("key") == AUTOSCALED_TAG
    release = index.helm_release("cluster-autoscaler")
    if tagged and release is not None:
        values = release.inputs.get("values") or {}
        image = ((values.get("image") or {}).get("tag")) if isinstance(values, dict) else None
        expander = ((values.get("extraArgs") or {}).get("expander")) if isinstance(values, dict) else None
        return (
            f"Cluster Autoscaler chart {release.inputs.get('version')} (image {image}, expander {expander}): "
            f"{bounds}",
            low,
            high,
            True,
        )
    return (
        f"not autoscaled: no Cluster Autoscaler discovers this pool; fixed at {bounds} bounds",
        low,
        high,
        False,
    )


def _gke_scaling(pool: RecordedResource | None, index: _Index) -> tuple[str, int | None, int | None, bool]:
    if pool is None:
        return "unknown: no node pool recorded", None, None, False
    auto = pool.inputs.get("autoscaling") or {}
    fixed = _count(pool.inputs.get("nodeCount"))
    nap = any(
        ((c.inputs.get("clusterAutoscaling") or {}).get("enabled") is True) for c in index.of(GKE_CLUSTER)
    )
    extra = "; node auto-provisioning on" if nap else ""
    if auto:
        low = _count(auto.get("totalMinNodeCount", auto.get("minNodeCount")))
        high = _count(auto.get("totalMaxNodeCount", auto.get("maxNodeCount")))
        if (pool.inputs.get("queuedProvisioning") or {}).get("enabled"):
            what = "GKE queued provisioning (Kueue ProvisioningRequest admission check) + cluster autoscaler"
        else:
            what = "GKE cluster autoscaler"
        return f"{what}: {low}..{high} nodes{extra}", low, high, True
    return f"fixed: {fixed} nodes (no autoscaling){extra}", fixed, fixed, False


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
        scaled_by, low, high, autoscaled = "fixed: on-prem nodes are not autoscaled", None, None, False
        if cloud == "aws":
            template, group = index.aws_pool(p.pool, LAUNCH_TEMPLATE), index.aws_pool(p.pool, NODE_GROUP)
            enabled = _count_efa(template) if template is not None else 0
            if group is not None:
                labels = group.inputs.get("labels") or {}
                workload = labels.get("workload")
                subnets = group.inputs.get("subnetIds") or []
                zones = tuple(sorted({index.subnet_zone.get(str(s), str(s)) for s in subnets}))
            scaled_by, low, high, autoscaled = _aws_scaling(group, index)
        elif cloud == "gcp":
            node_pool = index.gke_pool(p.pool)
            scaled_by, low, high, autoscaled = _gke_scaling(node_pool, index)
            if node_pool is not None:
                if machine.fabric in ("tcpx", "tcpxo", "rdma"):
                    enabled = _gpudirect_interfaces(node_pool, machine.fabric, index)
                    network = node_pool.inputs.get("networkConfig") or {}
                    if machine.fabric == "rdma" and network.get("acceleratorNetworkProfile") == "auto":
                        enabled = machine.fabric_interfaces  # DRANET attaches every RDMA NIC
                workload = ((node_pool.inputs.get("nodeConfig") or {}).get("labels") or {}).get("workload")
                zones = tuple(sorted(node_pool.inputs.get("nodeLocations") or ()))
        else:  # on-prem: the NVIDIA Network Operator wires one nv-ipam pool per rail for the fabric pool
            enabled = len(index.of(IP_POOL)) if p.fabric != "none" else 0
            low = high = p.max_nodes
            scaled_by = f"fixed: {p.max_nodes} on-prem nodes, not autoscaled"
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
                scaled_by=scaled_by,
                scale_min=low,
                scale_max=high,
                autoscaled=autoscaled,
            )
        )
    return out


def _clusters(config: Any) -> list[tuple[str, str]]:
    """(label, blueprint) of every cluster in the stack (a hybrid has an on-prem and a cloud one)."""
    if getattr(config, "blueprint", None) == "hybrid":
        parts = [("onprem", "onprem")] if getattr(config, "onprem", None) is not None else []
        cloud = getattr(config, "cloud", None)
        return [*parts, *([("cloud", cloud.blueprint)] if cloud is not None else [])]
    return [("", str(getattr(config, "blueprint", "")))]


def network_policy_enforcement(config: Any, run: Any) -> list[dict[str, Any]]:
    """Per cluster: what enforces its NetworkPolicies, and whether the plan shows it enforced.

    ``enforced`` is True when the plan configures an enforcing data path (EKS: the VPC CNI add-on
    with ``enableNetworkPolicy`` "true"; GKE: Dataplane V2 or the network policy add-on), False when
    it configures one that does not enforce, and None where the plan cannot know (on-prem: the
    site's own CNI).
    """
    index = _Index(run.resources)
    policies = len(index.of(NETWORK_POLICY))
    out = []
    for label, blueprint in _clusters(config):
        if blueprint == "aws":
            cni = next((a for a in index.of(EKS_ADDON) if a.inputs.get("addonName") == "vpc-cni"), None)
            raw = _known(cni.inputs.get("configurationValues")) if cni is not None else None
            values = json.loads(raw) if isinstance(raw, str) and raw else {}
            enforced = values.get("enableNetworkPolicy") == "true"
            version = cni.inputs.get("addonVersion") if cni is not None else None
            by = f"VPC CNI add-on {version} network policy agent" + (
                "" if enforced else " (enableNetworkPolicy off: NOT enforced)"
            )
        elif blueprint == "gcp":
            gke = next(iter(index.of(GKE_CLUSTER)), None)
            inputs = gke.inputs if gke is not None else {}
            dpv2 = inputs.get("datapathProvider") == "ADVANCED_DATAPATH"
            calico = (inputs.get("networkPolicy") or {}).get("enabled") is True
            enforced = dpv2 or calico
            by = (
                "GKE Dataplane V2 (ADVANCED_DATAPATH)"
                if dpv2
                else "GKE network policy (Calico)"
                if calico
                else "nothing: legacy datapath without network policy, NOT enforced"
            )
        else:
            enforced = None
            by = (
                "the site's own CNI (aiinfra installs none): enforced only if it enforces NetworkPolicy "
                "(e.g. Calico, Cilium); not verified by the plan"
            )
        out.append(
            {"cluster": label or blueprint, "enforced_by": by, "enforced": enforced, "policies": policies}
        )
    return out
