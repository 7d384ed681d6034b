"""Typed specs of the on-prem realisation (pydantic v2, frozen, no provider SDK imports).

A pool is a set of existing nodes picked by labels (a rack, a DGX/HGX generation) whose server class
comes from the catalog; teams get GPU quotas per pool; the fabric is a list of rails; storage tiers
map onto TopoLVM/local-path, Rook-Ceph RBD and Ceph RGW (or an external S3 endpoint). Cross-field
errors start with the field path so aiinfra/errors.py names the field.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Literal, Self

from pydantic import Field, model_validator

from ..catalog import MachineType, UnknownMachineType, lookup
from ..catalog.mig import mig_resources
from ..scheduling.spec import PriorityClassSpec as PriorityClassSpec
from ..scheduling.spec import SchedulingSpec
from ..scheduling.spec import TeamSpec as TeamSpec
from ..scheduling.spec import default_priorities as default_priorities
from ..spec.base import Labels, ResourceName, Spec, Taint
from ..spec.storage import LifecycleSpec

GPU = "nvidia.com/gpu"
SHARED_GPU = "nvidia.com/gpu.shared"  # time-sliced replicas with renameByDefault (kept apart in quotas)
_IFNAME = re.compile(r"^[A-Za-z0-9_.:-]{1,15}$")
_PCI_ID = re.compile(r"^[0-9a-f]{4}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


# --- pools ------------------------------------------------------------------------------------------
class SharingSpec(Spec):
    """How a pool's GPUs are shared: whole GPUs, a MIG profile, or device-plugin time-slicing."""

    mode: Literal["none", "mig", "time_slicing"] = "none"
    """none (whole GPUs), mig (needs mig_profile) or time_slicing (needs replicas)."""
    mig_profile: str | None = Field(default=None, description="mig-parted config name, e.g. all-1g.10gb")
    replicas: int | None = Field(default=None, ge=2, le=64, description="time-slicing replicas per GPU")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.mode == "mig" and not self.mig_profile:
            raise ValueError("mig_profile: required when mode is 'mig'")
        if self.mode != "mig" and self.mig_profile:
            raise ValueError(f"mig_profile: only allowed when mode is 'mig' (mode is {self.mode!r})")
        if self.mode == "time_slicing" and self.replicas is None:
            raise ValueError("replicas: required when mode is 'time_slicing'")
        if self.mode != "time_slicing" and self.replicas is not None:
            raise ValueError(f"replicas: only allowed when mode is 'time_slicing' (mode is {self.mode!r})")
        return self


def _default_taints() -> tuple[Taint, ...]:
    return (Taint(key=GPU, value="present", effect="NoSchedule"),)


class NodePoolSpec(Spec):
    """An existing set of GPU servers, selected by labels the cluster operator maintains."""

    name: ResourceName
    """pool name, unique in the stack; team quotas refer to it."""
    machine_type: str = Field(description="an on-prem server class from the catalog, e.g. dgx-h100")
    nodes: int = Field(ge=1, le=4096, description="servers in the pool (the physical inventory)")
    node_selector: Labels = Field(min_length=1, description="labels that already select the pool's nodes")
    taints: tuple[Taint, ...] = Field(default_factory=_default_taints)
    """taints the pool's nodes carry (default: nvidia.com/gpu=present:NoSchedule)."""
    sharing: SharingSpec = Field(default_factory=SharingSpec)
    """whole GPUs, a MIG profile or time-slicing."""
    driver: Literal["operator", "preinstalled"] = Field(
        default="operator", description="GPU driver from the GPU Operator (NVIDIADriver) or the host (DGX OS)"
    )
    doca_driver: Literal["container", "host"] | None = Field(
        default=None,
        description="fabric pools: 'container' = the Network Operator installs its containerised DOCA/OFED "
        "driver on these nodes (reloads the NIC kernel modules, drains nodes on driver upgrades); 'host' = the "
        "nodes keep the host's OFED/DOCA (e.g. DGX OS) and the operator installs none there. Default "
        "'container'; required for pools with driver: preinstalled (they usually keep a host OFED)",
    )

    @property
    def doca(self) -> Literal["container", "host"]:
        """The pool's effective DOCA driver choice."""
        return self.doca_driver or "container"

    @model_validator(mode="after")
    def _check(self) -> Self:
        machine = self.machine()
        if self.sharing.mode == "mig":
            try:
                mig_resources(machine, str(self.sharing.mig_profile))
            except ValueError as exc:
                raise ValueError(f"sharing.mig_profile: {exc}") from None
        return self

    def machine(self) -> MachineType:
        """The pool's server class from the on-prem catalog."""
        try:
            return lookup(self.machine_type, "onprem")
        except UnknownMachineType as exc:
            raise ValueError(f"machine_type: {exc}") from None

    @property
    def gpus(self) -> int:
        """Physical GPUs in the pool."""
        return self.nodes * self.machine().accelerator_count

    def resources_per_gpu(self) -> dict[str, int]:
        """Extended resources one physical GPU yields under this pool's sharing mode."""
        if self.sharing.mode == "mig":
            return mig_resources(self.machine(), str(self.sharing.mig_profile))
        if self.sharing.mode == "time_slicing":
            return {SHARED_GPU: int(self.sharing.replicas or 1)}
        return {GPU: 1}

    @property
    def label(self) -> dict[str, str]:
        """The node selector, as used by NVIDIADriver, Kueue flavors and the NicClusterPolicy."""
        return dict(self.node_selector)


# --- scheduling ------------------------------------------------------------------------------------
# Teams and priorities are the cloud-neutral scheduling spec (components/scheduling/spec.py).
def check_scheduling(
    pools: Sequence[NodePoolSpec],
    teams: Sequence[TeamSpec],
    priorities: Sequence[PriorityClassSpec],
    *,
    where: str = "",
    spec: SchedulingSpec | None = None,
    cohort: str = "platform",
) -> None:
    """Pools select disjoint nodes; quotas name known pools and fit the physical inventory."""
    from ..scheduling.check import check_plan
    from ..scheduling.flavors import onprem_flavors, plan_of

    _unique("pools", [p.name for p in pools])
    selectors = [tuple(sorted(p.node_selector.items())) for p in pools]
    for i, sel in enumerate(selectors):
        if sel in selectors[:i]:
            other = pools[selectors.index(sel)].name
            raise ValueError(
                f"pools[{i}].node_selector: same selector as pool {other!r}; pools must select disjoint nodes"
            )
    if spec is None:
        spec = SchedulingSpec(teams=tuple(teams), priority_classes=tuple(priorities))
    check_plan(plan_of(spec, onprem_flavors(pools), root_cohort=cohort, cloud="onprem"), where)


def _unique(field: str, names: Sequence[str]) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"{field}: names must be unique; repeated: {repeated}")


# --- fabric ----------------------------------------------------------------------------------------
class RailSpec(Spec):
    """One east-west rail: the port index on every node, its RDMA resource and its subnet."""

    name: ResourceName
    """rail name, unique."""
    interface: str = Field(description="netdev name on the nodes, e.g. ibp12s0 (IPoIB/macvlan master)")
    pci_device_ids: tuple[str, ...] = Field(
        default=(), description="extra RDMA selector: PCI device ids such as '1021' (ConnectX-7)"
    )
    subnet: ipaddress.IPv4Network
    """IPv4 subnet of the rail's IP pool (/29 or larger; must hold every fabric node's block)."""
    gateway: ipaddress.IPv4Address | None = None
    """gateway inside the subnet; none for a flat rail."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not _IFNAME.match(self.interface):
            raise ValueError(f"interface: {self.interface!r} is not a Linux interface name (1-15 characters)")
        for dev in self.pci_device_ids:
            if not _PCI_ID.match(dev):
                raise ValueError(f"pci_device_ids: {dev!r} is not a 4-digit lower-case hex PCI device id")
        if self.gateway is not None and self.gateway not in self.subnet:
            raise ValueError(f"gateway: {self.gateway} is outside subnet {self.subnet}")
        if self.subnet.prefixlen > 29:
            raise ValueError(f"subnet: {self.subnet} is too small for a rail (at most /29)")
        return self


class OfedSpec(Spec):
    """The DOCA/OFED driver the Network Operator installs, and how it is upgraded."""

    version: str = Field(default="doca3.4.1-26.04-1.1.0.0-1", pattern=_VERSION.pattern)
    """DOCA/OFED driver container version."""
    max_parallel_upgrades: int = Field(default=1, ge=1, le=64)
    """nodes upgraded at once."""
    drain_timeout_seconds: int = Field(default=300, ge=0, le=86_400)
    """how long a node drain may take before the upgrade gives up."""


class OnpremFabricSpec(Spec):
    """An InfiniBand or RoCE fabric realised by the NVIDIA Network Operator."""

    type: Literal["infiniband", "roce"]
    """infiniband or roce."""
    rails: tuple[RailSpec, ...] = Field(min_length=1, max_length=16)
    """east-west rails, one per NIC port index (1-16), subnets must not overlap."""
    mtu: int | None = Field(default=None, ge=1280, le=65520, description="default: 4092 IPoIB, 9000 RoCE")
    network: Literal["ipoib", "macvlan"] | None = Field(
        default=None, description="secondary network per rail; default ipoib for infiniband, macvlan for roce"
    )
    per_node_block_size: int = Field(default=8, ge=1, le=1024, description="IPs handed to each node per rail")
    rdma_hca_max: int = Field(
        default=63, ge=1, le=1000, description="pods sharing one HCA (shared device plugin)"
    )
    ofed: OfedSpec = Field(default_factory=OfedSpec)
    """the DOCA/OFED driver the Network Operator installs and its upgrade policy."""
    gpudirect_rdma: bool = Field(default=True, description="GPU driver with RDMA (driver.rdma.enabled)")

    @model_validator(mode="after")
    def _check(self) -> Self:
        _unique("rails", [r.name for r in self.rails])
        _unique("rails[].interface", [r.interface for r in self.rails])
        if self.type == "infiniband" and self.network == "macvlan":
            raise ValueError("network: macvlan needs Ethernet links; use ipoib on an InfiniBand fabric")
        if self.type == "roce" and self.network == "ipoib":
            raise ValueError("network: ipoib needs InfiniBand links; use macvlan on a RoCE fabric")
        if self.type == "roce" and self.mtu is not None and self.mtu > 9216:
            raise ValueError(f"mtu: {self.mtu} exceeds the Ethernet jumbo-frame maximum of 9216")
        for j, rail in enumerate(self.rails):
            for i, other in enumerate(self.rails[:j]):
                if rail.subnet.overlaps(other.subnet):
                    raise ValueError(
                        f"rails[{j}].subnet: rail {rail.name!r} ({rail.subnet}) overlaps rail "
                        f"{other.name!r} (rails[{i}], {other.subnet}); every rail needs its own subnet"
                    )
        return self

    @property
    def network_kind(self) -> Literal["ipoib", "macvlan"]:
        """The secondary network type per rail."""
        return self.network or ("ipoib" if self.type == "infiniband" else "macvlan")

    @property
    def effective_mtu(self) -> int:
        """The MTU given to rail networks."""
        return self.mtu or (4092 if self.type == "infiniband" else 9000)

    @property
    def link_type(self) -> str:
        """The RDMA shared device plugin ``linkTypes`` selector value."""
        return "infiniband" if self.type == "infiniband" else "ether"


def check_fabric(fabric: OnpremFabricSpec | None, pools: Sequence[NodePoolSpec]) -> None:
    """Pools on the fabric have the fabric's link type and enough rails; subnets hold every node."""
    fabric_nodes = 0
    for i, pool in enumerate(pools):
        machine = pool.machine()
        if machine.fabric == "none":
            continue
        if fabric is None:
            continue
        if machine.fabric != fabric.type:
            raise ValueError(
                f"pools[{i}].machine_type: {machine.machine_type} has a {machine.fabric} fabric but the "
                f"cluster fabric is {fabric.type}"
            )
        if len(fabric.rails) > machine.fabric_interfaces:
            raise ValueError(
                f"fabric.rails: {len(fabric.rails)} rails but {machine.machine_type} (pool {pool.name!r}) "
                f"has {machine.fabric_interfaces} compute rails"
            )
        fabric_nodes += pool.nodes
    if fabric is None:
        return
    for j, rail in enumerate(fabric.rails):
        needed = fabric_nodes * fabric.per_node_block_size
        usable = rail.subnet.num_addresses - 2
        if needed > usable:
            raise ValueError(
                f"fabric.rails[{j}].subnet: {rail.subnet} has {usable} usable addresses; {fabric_nodes} fabric "
                f"nodes x per_node_block_size {fabric.per_node_block_size} need {needed}"
            )


def fabric_pools(fabric: OnpremFabricSpec | None, pools: Sequence[NodePoolSpec]) -> list[NodePoolSpec]:
    """The pools whose servers attach to the fabric."""
    if fabric is None:
        return []
    return [p for p in pools if p.machine().fabric == fabric.type]


# --- storage and encryption ------------------------------------------------------------------------
class VaultKmsSpec(Spec):
    """HashiCorp Vault transit, the KMS behind ceph-csi volume encryption and RGW SSE."""

    id: ResourceName = Field(default="vault-transit", description="encryptionKMSID in StorageClasses")
    address: str = Field(pattern=r"^https://[A-Za-z0-9.-]+(:\d{1,5})?/?$", description="Vault URL (TLS only)")
    transit_path: str = Field(default="transit", pattern=r"^[A-Za-z0-9_/-]{1,128}$")
    """mount path of the transit secrets engine."""
    kv_path: str = Field(
        default="secret/",
        pattern=r"^[A-Za-z0-9_/-]{1,128}$",
        description="KV v2 engine for ceph-csi volume DEKs",
    )
    auth_path: str = Field(default="kubernetes", pattern=r"^[A-Za-z0-9_/-]{1,128}$")
    """mount path of the Kubernetes auth method."""
    role: str = Field(default="ceph-csi", pattern=r"^[A-Za-z0-9_-]{1,128}$")
    """Vault role ceph-csi logs in as."""
    ca_secret: str | None = Field(
        default="vault-ca", description="Secret holding the Vault CA (operator-made)"
    )
    token_secret: str = Field(
        default="rook-vault-token", description="Secret with the Vault token Rook uses for RGW/OSD keys"
    )
    rgw_key: str = Field(default="rgw-sse", pattern=r"^[A-Za-z0-9_-]{1,128}$")
    """transit key name RGW uses for SSE-KMS."""


class HotLocalSpec(Spec):
    """Hot tier: node-local NVMe scratch through TopoLVM or local-path-provisioner."""

    provisioner: Literal["topolvm", "local-path"] = "topolvm"
    """topolvm or local-path (local-path-provisioner)."""
    device_class: str = Field(default="nvme", pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    """TopoLVM device class of the NVMe volume group."""
    fs_type: Literal["xfs", "ext4"] = "xfs"
    """file system of the volumes."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the StorageClass (flagged by the policy pack)."""


class WarmRbdSpec(Spec):
    """Warm tier: replicated Rook-Ceph RBD, encrypted per volume with the KMS."""

    pool: ResourceName = "aiinfra-warm"
    """CephBlockPool name."""
    replicas: int = Field(default=3, ge=2, le=7)
    """replicas per object."""
    failure_domain: Literal["host", "rack", "osd"] = "host"
    """CRUSH failure domain the replicas spread over."""
    default_class: bool = True
    """make this the cluster's default StorageClass."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the pool and class (flagged by the policy pack)."""


class ColdObjectSpec(Spec):
    """Cold tier: a Ceph RGW object store with TLS and SSE-KMS, or an external S3 endpoint."""

    kind: Literal["rgw", "external_s3"] = "rgw"
    """rgw (a CephObjectStore created here) or external_s3 (needs endpoint)."""
    store: ResourceName = "aiinfra-cold"
    """CephObjectStore name."""
    replicas: int = Field(default=3, ge=2, le=7)
    """replicas per object in the RGW data pool."""
    tls_secret: str = Field(
        default="aiinfra-rgw-tls", description="Secret with the RGW certificate (cert-manager or operator)"
    )
    endpoint: str | None = Field(default=None, pattern=r"^https://[A-Za-z0-9.-]+(:\d{1,5})?/?$")
    """HTTPS endpoint of the external S3 store (external_s3 only)."""
    bucket: str = Field(default="datasets", pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    """bucket for datasets and checkpoints."""
    lifecycle: LifecycleSpec = Field(default_factory=LifecycleSpec)
    """object lifecycle transitions and version expiry."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the store (flagged by the policy pack)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.kind == "external_s3" and self.endpoint is None:
            raise ValueError("endpoint: required when kind is 'external_s3' (an https:// URL)")
        if self.kind == "rgw" and self.endpoint is not None:
            raise ValueError("endpoint: only for kind 'external_s3'; RGW publishes its own endpoint")
        return self


class RookSpec(Spec):
    """Where the existing Rook installation lives (operator and CephCluster namespace)."""

    namespace: ResourceName = "rook-ceph"
    """namespace of the Rook operator and CephCluster."""
    cluster_id: str = Field(default="rook-ceph", description="ceph-csi clusterID (the CephCluster namespace)")


class OnpremStorageSpec(Spec):
    """The three on-prem tiers; hot and warm on by default, cold RGW on by default."""

    rook: RookSpec = Field(default_factory=RookSpec)
    """where the existing Rook installation lives."""
    hot: HotLocalSpec | None = Field(default_factory=HotLocalSpec)
    """node-local NVMe scratch; null to drop."""
    warm: WarmRbdSpec | None = Field(default_factory=WarmRbdSpec)
    """replicated Rook-Ceph RBD block class; null to drop."""
    cold: ColdObjectSpec | None = Field(default_factory=ColdObjectSpec)
    """Ceph RGW object store or an external S3 endpoint; null to drop."""


class EtcdKmsSpec(Spec):
    """The kube-apiserver KMS v2 plugin that encrypts Secrets in etcd (control-plane config)."""

    name: ResourceName = "aiinfra-kms"
    """KMS provider name in the EncryptionConfiguration."""
    endpoint: str = Field(
        default="unix:///var/run/kmsplugin/socket.sock", pattern=r"^unix:///[A-Za-z0-9_./-]+$"
    )
    """unix socket of the KMS plugin."""
    timeout_seconds: int = Field(default=3, ge=1, le=60)
    """timeout of calls to the plugin."""
    resources: tuple[str, ...] = ("secrets",)
    """API resources encrypted in etcd."""


class OnpremEncryptionSpec(Spec):
    """Encryption on-prem: KMS for storage (Vault transit), TLS in transit, etcd KMS v2."""

    vault: VaultKmsSpec
    """the Vault transit KMS (address required)."""
    etcd: EtcdKmsSpec = Field(default_factory=EtcdKmsSpec)
    """the kube-apiserver KMS v2 plugin for Secrets in etcd."""
    enforce_in_transit: bool = True
    """TLS-only endpoints for storage."""


def quota_totals(team: TeamSpec, pools: Mapping[str, NodePoolSpec]) -> dict[str, int]:
    """A team's extended-resource totals across pools (the ResourceQuota ``requests.*`` values)."""
    totals: dict[str, int] = {}
    for pool_name, quota in team.quotas.items():
        for resource, per_gpu in pools[pool_name].resources_per_gpu().items():
            totals[resource] = totals.get(resource, 0) + quota.accelerators * per_gpu
    return totals
