"""The catalog's record types: facts about machine types, no resources, no provider SDKs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Cloud = Literal["aws", "gcp", "onprem"]
Architecture = Literal["x86_64", "arm64"]
Fabric = Literal["efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce", "none"]
CLOUDS: tuple[Cloud, ...] = ("aws", "gcp", "onprem")
FABRICS: tuple[Fabric, ...] = ("efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce", "none")


NO_PUBLIC_PRICE = "no public price"


@dataclass(frozen=True)
class Price:
    """An hourly on-demand list price with where and when it was read.

    ``usd_per_hour`` None means the provider publishes no on-demand price for the machine (sold only as
    Capacity Blocks, UltraServers or reservations); ``source`` then says where that was looked up.
    A placeholder figure is never stored.
    """

    usd_per_hour: float | None
    source: str
    as_of: str  # ISO date the figure was read
    verified: bool = True

    @property
    def published(self) -> bool:
        """True when there is a figure to print (sourced or marked unverified)."""
        return self.usd_per_hour is not None and self.usd_per_hour > 0


def no_public_price(where_looked: str, as_of: str) -> Price:
    """A machine with no published on-demand price: says so and where it was looked up."""
    return Price(usd_per_hour=None, source=f"{NO_PUBLIC_PRICE}: {where_looked}", as_of=as_of, verified=True)


@dataclass(frozen=True)
class RackScale:
    """A rack-scale system a machine type is one host of: the NVLink domain spans ``hosts`` machines.

    AWS sells these as UltraServers (``ultraserver_type``; EC2 Capacity Blocks for UltraServers), GCP
    places them with a workload policy whose ``accelerator_topology`` names the domain (``1x72``).
    """

    name: str  # e.g. "GB200 NVL72"
    hosts: int  # machines in one NVLink domain (rack)
    accelerators: int  # accelerators in one NVLink domain
    ultraserver_type: str | None = None  # AWS UltraServer type, e.g. "u-p6e-gb200x72"
    accelerator_topology: str | None = None  # GCP workload policy acceleratorTopology, e.g. "1x72"
    source: str = ""
    interconnect: str = "NVLink"  # the scale-up link of the domain (NVLink; NeuronLink on Trainium)


@dataclass(frozen=True)
class TpuTopologyRule:
    """How a TPU generation may be shaped into slices."""

    dimensions: Literal[2, 3]
    allowed_shapes: tuple[str, ...]  # e.g. ("2x2", "2x4") for 2D; empty = generated from max_chips for 3D
    max_chips: int


@dataclass(frozen=True)
class MachineType:
    """One accelerated machine type (or on-prem server class) and its facts.

    ``fabric_interfaces`` is the count that drives wiring: EFA interfaces on AWS
    (``MaximumEfaInterfaces``), GPU NICs for TCPX/TCPXO, ConnectX NICs for RDMA, rails on-prem.
    """

    cloud: Cloud
    machine_type: str
    accelerator: str  # model, e.g. "NVIDIA H100"
    accelerator_count: int
    accelerator_memory_gib: float | None  # None where no primary source confirms it
    vcpus: int
    memory_gib: float
    fabric: Fabric
    fabric_interfaces: int
    network_gbps: float
    price: Price | None
    sources: tuple[str, ...]
    accelerator_type: str | None = None  # GKE guestAccelerators type / node label value
    accelerator_kind: Literal["gpu", "tpu", "trainium", "inferentia", "gaudi"] = "gpu"
    network_cards: int = 1
    efa_on_card0: bool = True  # False for p6-b300: card 0 is ENA-only
    extra_vpcs: int = 0  # GCP GPUDirect additional networks
    mtu: int | None = None
    local_nvme_gb: int = 0
    image_family: Literal["nvidia", "neuron", "gaudi", "tpu", "none"] = "nvidia"
    device_resource: str = "nvidia.com/gpu"
    tpu_version: str | None = None
    tpu_topology: TpuTopologyRule | None = None
    placement: Literal["cluster", "compact", "workload_policy", "none"] = "none"
    cpu_architecture: Architecture = "x86_64"  # host CPU (arm64: NVIDIA Grace, AWS Graviton, Google Axion)
    nvlink_domain: int | None = None  # accelerators in one NVLink/ICI domain (8 in an HGX box, 72 in NVL72)
    rack: RackScale | None = None  # set for hosts of a rack-scale system (UltraServer, NVL72)
    bare_metal: bool = False  # a bare-metal machine type (no hypervisor)
    accelerator_fraction: float | None = None  # fraction of one GPU a VM gets (vGPU shapes), else None
    conflicts: tuple[str, ...] = field(default=())  # disagreements between sources, reported not resolved
    unverified: tuple[str, ...] = field(default=())  # names of fields without a primary source

    @property
    def accelerators_total_memory_gib(self) -> float | None:
        """Accelerator memory across the whole machine, when known."""
        if self.accelerator_memory_gib is None:
            return None
        return self.accelerator_memory_gib * self.accelerator_count

    @property
    def efa_capable(self) -> bool:
        """True when the type supports at least one EFA interface."""
        return self.fabric == "efa" and self.fabric_interfaces > 0

    @property
    def rack_scale(self) -> bool:
        """True for a host of a rack-scale system (pools are sized in whole racks)."""
        return self.rack is not None
