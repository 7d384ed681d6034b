"""Fabric bandwidth per interface: the figure the performance envelope multiplies by the wired interfaces.

Most of it is already in the machine entries: AWS EFA bandwidth is the instance's ``NetworkPerformance``
shared by its ``MaximumEfaInterfaces`` (DIT; AWS says to derive instance bandwidth from
NetworkPerformance, never by summing cards), on-prem rails are ``rails x rail_gbps`` (NVIDIA MLNX_OFED
uplink table). GCP's ``network_gbps`` includes the host gVNIC(s), so the GPU NICs of the GPUDirect
machine families are listed here, each with its source and the date it was read.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import MachineType

_READ = "2026-11-23"
_BW = "GCP-BW (cloud.google.com/compute/docs/gpus/gpu-network-bandwidth)"
_CTK_A3 = "CTK examples/gke-a3-highgpu/README.md (4 GPU NICs + 1 host gVNIC, 200 Gbps each)"


@dataclass(frozen=True)
class InterfaceBandwidth:
    """Line rate of one fabric interface of a machine type, and the machine's fabric interfaces."""

    gbps: float
    interfaces: int
    source: str
    as_of: str | None
    """When the figure was read (None: derived from the machine entry, dated by its sources)."""
    verified: bool = True

    @property
    def max_gbps(self) -> float:
        """Fabric bandwidth of the whole machine with every interface wired."""
        return self.gbps * self.interfaces


GPUDIRECT_NICS: dict[str, InterfaceBandwidth] = {
    # A3 High: 1,000 Gbps = 4 GPU NICs x 200 Gbps + 200 Gbps host gVNIC (GCP-BW; CTK README says
    # "200 Gbps per GPU"): the per-NIC split is derived, unverified.
    "a3-highgpu-8g": InterfaceBandwidth(200, 4, f"{_BW}; {_CTK_A3}", _READ, verified=False),
    # A3 Mega: 1,800 Gbps = 8 GPU NICs x 200 Gbps + 200 Gbps host (GCP-BW; one page version says 1,600):
    # unverified while the two versions conflict.
    "a3-megagpu-8g": InterfaceBandwidth(200, 8, _BW, _READ, verified=False),
    # A3 Ultra / A4: 3,600 Gbps = 8 x ConnectX-7 400 Gbps (MRDMA, one per GPU) + 2 x 200 Gbps gVNIC.
    "a3-ultragpu-8g": InterfaceBandwidth(400, 8, _BW, _READ),
    "a4-highgpu-8g": InterfaceBandwidth(400, 8, _BW, _READ),
    # A4X: 2,000 Gbps = 4 x ConnectX-7 400 Gbps (RDMA, one per GPU) + 2 x 200 Gbps Titanium (GCP-BW).
    "a4x-highgpu-4g": InterfaceBandwidth(400, 4, _BW, _READ),
    # A4X Max: 3,600 Gbps = 4 x ConnectX-8 SuperNIC 800 Gbps (3,200) + host (GCP-BW; per-NIC split derived).
    "a4x-maxgpu-4g-metal": InterfaceBandwidth(800, 4, _BW, _READ, verified=False),
}


def interface_bandwidth(machine: MachineType) -> InterfaceBandwidth | None:
    """Per-interface fabric bandwidth of ``machine``, or None when it has no scale-out fabric."""
    if machine.fabric == "none" or machine.fabric_interfaces <= 0:
        return None
    if machine.fabric in ("tcpx", "tcpxo", "rdma"):
        return GPUDIRECT_NICS.get(machine.machine_type)
    # efa: NetworkPerformance / MaximumEfaInterfaces (DIT); infiniband/roce: rails x rail_gbps (OFED).
    verified = "network_gbps" not in machine.unverified and "fabric_interfaces" not in machine.unverified
    return InterfaceBandwidth(
        machine.network_gbps / machine.fabric_interfaces,
        machine.fabric_interfaces,
        "; ".join(machine.sources),
        None,
        verified,
    )
