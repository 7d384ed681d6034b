"""The catalog's record types: facts about machine types, no resources, no provider SDKs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Cloud = Literal["aws", "gcp", "onprem"]
Fabric = Literal["efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce", "none"]
CLOUDS: tuple[Cloud, ...] = ("aws", "gcp", "onprem")
FABRICS: tuple[Fabric, ...] = ("efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce", "none")


@dataclass(frozen=True)
class Price:
    """An hourly on-demand list price with where and when it was read."""

    usd_per_hour: float
    source: str
    as_of: str  # ISO date the figure was read
    verified: bool = True


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
