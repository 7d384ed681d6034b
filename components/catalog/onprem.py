"""On-prem server classes: the GPU servers teams own, described once for every on-prem pool.

Sources:

- GPU count and memory per GPU: the same SXM/PCIe parts the clouds report through
  DescribeInstanceTypes (DIT): H100 80 GiB (p5), H200 141 GiB (p5e), B200 ≈179 GiB (p6-b200),
  A100 80 GiB (p4de), L40S ≈44.7 GiB (g6e). DGX/HGX boards carry 8 GPUs (MLCommons H200-SXM-141GBx8).
- Fabric: ``fabric_interfaces`` counts compute rails (east-west ports), not storage/management NICs.
  DGX/HGX H100/H200 systems ship 8 compute + 2 storage 400G NICs (the split is unverified);
  ConnectX-7 runs NDR 400 Gb/s, ConnectX-6 HDR 200 Gb/s (MLNX_OFED 5.9 release notes).
  HGX B200: 8 x ConnectX-7 400 Gb/s (third-party, unverified).
- Host CPU and RAM differ by OEM build; the figures below are typical DGX-class builds and are
  marked unverified. Nothing in aiinfra sizes from them except Kueue cpu/memory quota shares.
- Price: owned hardware has no public hourly list price and no primary source gives a capex figure.
  Every entry carries a dated "no public price" record (no figure): owned hardware has no cloud
  charge, and the cost of ownership is amortised outside the catalog.
"""

from __future__ import annotations

from .model import Fabric, MachineType, no_public_price

_DIT = "GPU part as reported by AWS DescribeInstanceTypes for the same GPU (accelerators.md §1.1)"
_OFED = "NVIDIA MLNX_OFED 5.9 release notes (DGX H100 edition), supported-uplinks table"
_MLC = "MLCommons inference v4.1 system JSON H200-SXM-141GBx8 (8 GPUs, 10 x 400G IB NICs)"
_HOST = ("vcpus", "memory_gib")  # OEM-dependent host figures
_OWNED = no_public_price(
    "owned on-prem hardware has no hourly list price (no cloud charge; amortise site capex outside "
    "the catalog)",
    "2026-11-23",
)


def _server(
    machine_type: str,
    accelerator: str,
    count: int,
    mem_gib: float,
    *,
    fabric: Fabric,
    rails: int,
    rail_gbps: int,
    vcpus: int,
    memory_gib: float,
    local_nvme_gb: int,
    sources: tuple[str, ...],
    unverified: tuple[str, ...] = (),
) -> MachineType:
    return MachineType(
        cloud="onprem",
        machine_type=machine_type,
        accelerator=accelerator,
        accelerator_count=count,
        accelerator_memory_gib=mem_gib,
        vcpus=vcpus,
        memory_gib=memory_gib,
        fabric=fabric,
        fabric_interfaces=rails,
        network_gbps=float(rails * rail_gbps),
        price=_OWNED,
        sources=sources,
        mtu=None,
        local_nvme_gb=local_nvme_gb,
        placement="none",
        unverified=(*_HOST, *unverified),
    )


MACHINES: tuple[MachineType, ...] = (
    _server(
        "dgx-h100",
        "NVIDIA H100",
        8,
        80.0,
        fabric="infiniband",
        rails=8,
        rail_gbps=400,
        vcpus=224,
        memory_gib=2048,
        local_nvme_gb=30720,
        sources=(_DIT, _OFED, _MLC),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
    _server(
        "hgx-h100",
        "NVIDIA H100",
        8,
        80.0,
        fabric="infiniband",
        rails=8,
        rail_gbps=400,
        vcpus=192,
        memory_gib=2048,
        local_nvme_gb=15360,
        sources=(_DIT, _OFED),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
    _server(
        "hgx-h100-roce",
        "NVIDIA H100",
        8,
        80.0,
        fabric="roce",
        rails=8,
        rail_gbps=400,
        vcpus=192,
        memory_gib=2048,
        local_nvme_gb=15360,
        sources=(_DIT, _OFED),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
    _server(
        "hgx-h200",
        "NVIDIA H200",
        8,
        141.0,
        fabric="infiniband",
        rails=8,
        rail_gbps=400,
        vcpus=224,
        memory_gib=2048,
        local_nvme_gb=30720,
        sources=(_DIT, _OFED, _MLC),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
    _server(
        "hgx-b200",
        "NVIDIA B200",
        8,
        round(183359 / 1024, 2),
        fabric="infiniband",
        rails=8,
        rail_gbps=400,
        vcpus=224,
        memory_gib=2048,
        local_nvme_gb=30720,
        sources=(_DIT, "HGX B200 8 x ConnectX-7 400 Gb/s: third-party (accelerators.md §4.1, unverified)"),
        unverified=("fabric_interfaces", "network_gbps", "local_nvme_gb"),
    ),
    _server(
        "dgx-a100-80gb",
        "NVIDIA A100",
        8,
        80.0,
        fabric="infiniband",
        rails=8,
        rail_gbps=200,
        vcpus=256,
        memory_gib=2048,
        local_nvme_gb=30720,
        sources=(_DIT, _OFED + " (ConnectX-6 HDR 200 Gb/s)"),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
    _server(
        "l40s-4x",
        "NVIDIA L40S",
        4,
        round(45776 / 1024, 2),
        fabric="none",
        rails=0,
        rail_gbps=0,
        vcpus=64,
        memory_gib=512,
        local_nvme_gb=7680,
        sources=(_DIT,),
        unverified=("local_nvme_gb",),
    ),
    _server(
        "l40s-8x-roce",
        "NVIDIA L40S",
        8,
        round(45776 / 1024, 2),
        fabric="roce",
        rails=2,
        rail_gbps=200,
        vcpus=128,
        memory_gib=1024,
        local_nvme_gb=15360,
        sources=(_DIT, _OFED),
        unverified=("fabric_interfaces", "local_nvme_gb"),
    ),
)
