"""GCP accelerator machine types: GPU (A2, A3, A4, G2) and TPU (v4, v5e, v5p, v6e, 7x).

Sources: CTK = GoogleCloudPlatform/cluster-toolkit
(``machine_mappings.json``, ``hardware.go``, ``gke-node-pool``), GCP-BW = "Networking and GPU
machines" (bandwidth and GPUDirect flavour), Cloud TPU docs per version.

Modelling choices:

- ``accelerator_type`` is the GKE ``guestAccelerators[].type`` / ``cloud.google.com/gke-accelerator``
  value for GPUs, and the ``cloud.google.com/gke-tpu-accelerator`` label value for TPUs.
- ``fabric_interfaces`` counts the NICs that carry GPU traffic: 4 GPU NICs (A3 High, TCPX), 8 GPU NICs
  (A3 Mega, TCPXO), 8 ConnectX-7 NICs (A3 Ultra / A4, RDMA). ``network_cards`` is an AWS notion and
  stays at its default of 1 here.
- ``extra_vpcs`` counts the additional VPC networks a node pool needs besides the primary one:
  4 for TCPX, 8 for TCPXO. For RDMA (A3 Ultra, A4) CTK wires net-0 (nodes/pods, primary) plus one
  extra gVNIC VPC plus one RoCE VPC (``gpu-rdma-vpc``, one network with 8 subnets, one per ConnectX NIC),
  so ``extra_vpcs = 2`` means exactly that: one extra gVNIC VPC and one RoCE VPC.
- ``mtu`` is the MTU CTK sets on those extra networks (8244 TCPX/TCPXO, 8896 RDMA).
- TPU entries: ``accelerator_count`` = chips per VM (the ``-Nt`` suffix), ``tpu_topology`` = the
  family's slice rule (2D shapes for v5e/v6e, 3D with a maximum chip count for v4/v5p/7x);
  the maths lives in :mod:`components.catalog.tpu`.
- Placement: ``compact`` for multi-node A3/A4 and for v4/v5e/v5p/v6e; ``workload_policy`` for tpu7x
  (GCE rejects compact placement for it).
- Prices: on-demand, us-central1 unless stated. TPU chip-hour rates are read from SkyPilot's catalog
  (skypilot-org/skypilot-catalog ``catalogs/v8/gcp/vms.csv``, commit 006059e0). GPU machine prices
  could not be confirmed from a primary source and are marked ``verified=False``.
"""

from __future__ import annotations

from .model import MachineType, Price, RackScale, TpuTopologyRule, no_public_price

_CTK = "CTK (GoogleCloudPlatform/cluster-toolkit machine_mappings.json, hardware.go)"
_CTK_TAG = "GoogleCloudPlatform/cluster-toolkit v1.95.0 (079cf8349a96, 2026-06-24)"
_CTK_A4X = (
    f"{_CTK_TAG} examples/gke-a4x/gke-a4x.yaml (nvidia-gb200 x4, workload_policy accelerator_topology 1x72)"
)
_CTK_A4X_MAX = (
    f"{_CTK_TAG} examples/gke-a4x-max-bm/gke-a4x-max-bm.yaml (a4x-maxgpu-4g-metal, nvidia-gb300 x4, 1x72)"
)
_CTK_L4 = f"{_CTK_TAG} examples/science/af3-slurm/README.md (L4: 24 GB of GPU memory)"
_BW = "GCP-BW (cloud.google.com/compute/docs/gpus/gpu-network-bandwidth)"
_READ = "2026-11-23"

_SKYPILOT = (
    "https://github.com/skypilot-org/skypilot-catalog/blob/006059e0f18acb1341e22a27751e9f80df6ba92f/"
    "catalogs/v8/gcp/vms.csv"
)


def _unverified_price(usd: float, note: str = "") -> Price:
    return Price(
        usd_per_hour=usd,
        source=(
            "unverified: GCP on-demand us-central1 list figure not confirmed against a primary source "
            "(cloud.google.com/compute/gpus-pricing)" + (f"; {note}" if note else "")
        ),
        as_of=_READ,
        verified=False,
    )


def _unsourced_price(note: str) -> Price:
    """A machine with a public list price this catalog could not source offline (never a placeholder)."""
    return Price(
        usd_per_hour=None,
        source=f"unverified: price not sourced offline; {note}",
        as_of=_READ_NOW,
        verified=False,
    )


_READ_NOW = "2026-12-07"
_A4_NO_PRICE = no_public_price(
    "GCP accelerator-optimized pricing page shows N/A for a4-highgpu-8g on-demand in us-central1 "
    "(read 2026-10-06 as recorded in a public data set's SOURCES.md); sold through reservations, "
    "flex-start and spot",
    "2026-10-06",
)
_A4X_UNSOURCED = Price(
    usd_per_hour=None,
    source=(
        "unverified: price not sourced offline; A4X / A4X Max are deployed on reservations (CTK v1.95.0 "
        "gke-a4x blueprints take one) and no on-demand or reservation rate was found in an offline source"
    ),
    as_of=_READ_NOW,
    verified=False,
)

# One GB200/GB300 NVL72 rack as GCP places it: 18 A4X VMs, 72 GPUs, workload policy 1x72 (CTK v1.95.0).
NVL72_GCP = RackScale(
    name="GB200 NVL72 (A4X, workload policy 1x72)",
    hosts=18,
    accelerators=72,
    accelerator_topology="1x72",
    source=_CTK_A4X,
)
NVL72_GCP_MAX = RackScale(
    name="GB300 NVL72 (A4X Max, workload policy 1x72)",
    hosts=18,
    accelerators=72,
    accelerator_topology="1x72",
    source=_CTK_A4X_MAX,
)


def _tpu_price(chips: int, per_chip: float, label: str, region: str = "us-central1") -> Price:
    return Price(
        usd_per_hour=round(chips * per_chip, 4),
        source=f"{chips} chips x ${per_chip}/chip-hour ({label}, {region} on-demand) from {_SKYPILOT}",
        as_of=_READ,
        verified=True,
    )


# --- TPU slice rules (reference §3; CTK hardware.go) ------------------------------------------------
TPU_2D_SHAPES: tuple[str, ...] = ("1x1", "2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16")
_CUBE = 64  # chips in one 4x4x4 cube
V5E_RULE = TpuTopologyRule(dimensions=2, allowed_shapes=TPU_2D_SHAPES, max_chips=256)
V6E_RULE = TpuTopologyRule(dimensions=2, allowed_shapes=TPU_2D_SHAPES, max_chips=256)
V4_RULE = TpuTopologyRule(dimensions=3, allowed_shapes=(), max_chips=64 * _CUBE)
V5P_RULE = TpuTopologyRule(dimensions=3, allowed_shapes=(), max_chips=140 * _CUBE)
TPU7X_RULE = TpuTopologyRule(dimensions=3, allowed_shapes=(), max_chips=144 * _CUBE)


def _gpu(
    machine_type: str,
    accelerator: str,
    accelerator_type: str,
    count: int,
    mem_gib: float | None,
    vcpus: int,
    memory_gib: float,
    gbps: float,
    price: Price,
    *,
    fabric: str = "none",
    interfaces: int = 0,
    extra_vpcs: int = 0,
    mtu: int | None = None,
    local_nvme_gb: int = 0,
    placement: str = "none",
    nvlink: int | None = None,
    arch: str = "x86_64",
    rack: RackScale | None = None,
    bare_metal: bool = False,
    fraction: float | None = None,
    extra_sources: tuple[str, ...] = (),
    conflicts: tuple[str, ...] = (),
    unverified: tuple[str, ...] = (),
) -> MachineType:
    return MachineType(
        cloud="gcp",
        machine_type=machine_type,
        accelerator=accelerator,
        accelerator_count=count,
        accelerator_memory_gib=mem_gib,
        vcpus=vcpus,
        memory_gib=memory_gib,
        fabric=fabric,  # type: ignore[arg-type]
        fabric_interfaces=interfaces,
        network_gbps=gbps,
        price=price,
        sources=(_CTK, _BW, *extra_sources),
        accelerator_type=accelerator_type,
        accelerator_kind="gpu",
        extra_vpcs=extra_vpcs,
        mtu=mtu,
        local_nvme_gb=local_nvme_gb,
        image_family="nvidia",
        device_resource="nvidia.com/gpu",
        placement=placement,  # type: ignore[arg-type]
        cpu_architecture=arch,  # type: ignore[arg-type]
        nvlink_domain=nvlink,
        rack=rack,
        bare_metal=bare_metal,
        accelerator_fraction=fraction,
        conflicts=conflicts,
        unverified=unverified,
    )


def _tpu(
    machine_type: str,
    version: str,
    label: str,
    chips: int,
    hbm_gib: float | None,
    vcpus: int,
    memory_gib: float,
    rule: TpuTopologyRule,
    price: Price,
    source: str,
    *,
    placement: str = "compact",
    unverified: tuple[str, ...] = (),
) -> MachineType:
    return MachineType(
        cloud="gcp",
        machine_type=machine_type,
        accelerator=f"Google TPU {version}",
        accelerator_count=chips,
        accelerator_memory_gib=hbm_gib,
        vcpus=vcpus,
        memory_gib=memory_gib,
        fabric="none",  # TPU chips talk over ICI inside a slice; no NIC-based scale-out fabric to wire
        fabric_interfaces=0,
        network_gbps=0.0,  # host NIC bandwidth not catalogued for TPU VMs (listed as unverified)
        price=price,
        sources=(_CTK, source),
        accelerator_type=label,
        accelerator_kind="tpu",
        image_family="tpu",
        device_resource="google.com/tpu",
        tpu_version=version,
        tpu_topology=rule,
        placement=placement,  # type: ignore[arg-type]
        unverified=unverified,
    )


_A100 = "nvidia-tesla-a100"
_A100_80 = "nvidia-a100-80gb"
_L4 = "nvidia-l4"
_HOST = ("vcpus", "memory_gib")  # host shape recalled, not re-read from a primary source

_A2: tuple[MachineType, ...] = (
    _gpu(
        "a2-highgpu-1g",
        "NVIDIA A100",
        _A100,
        1,
        40.0,
        12,
        85,
        24,
        _unverified_price(3.673385),
        unverified=("network_gbps", "price"),
    ),
    _gpu(
        "a2-highgpu-2g",
        "NVIDIA A100",
        _A100,
        2,
        40.0,
        24,
        170,
        32,
        _unverified_price(7.34677),
        unverified=("network_gbps", "price"),
    ),
    _gpu(
        "a2-highgpu-4g",
        "NVIDIA A100",
        _A100,
        4,
        40.0,
        48,
        340,
        50,
        _unverified_price(14.69354),
        unverified=("network_gbps", "price"),
    ),
    _gpu(
        "a2-highgpu-8g",
        "NVIDIA A100",
        _A100,
        8,
        40.0,
        96,
        680,
        100,
        _unverified_price(29.38708),
        unverified=("price",),
    ),
    _gpu(
        "a2-megagpu-16g",
        "NVIDIA A100",
        _A100,
        16,
        40.0,
        96,
        1360,
        100,
        _unverified_price(55.739504),
        unverified=("price",),
    ),
    _gpu(
        "a2-ultragpu-1g",
        "NVIDIA A100",
        _A100_80,
        1,
        80.0,
        12,
        170,
        24,
        _unverified_price(5.06879),
        local_nvme_gb=375,
        unverified=("accelerator_type", "network_gbps", "local_nvme_gb", "price"),
    ),
    _gpu(
        "a2-ultragpu-2g",
        "NVIDIA A100",
        _A100_80,
        2,
        80.0,
        24,
        340,
        32,
        _unverified_price(10.13758),
        local_nvme_gb=750,
        unverified=("accelerator_type", "network_gbps", "local_nvme_gb", "price"),
    ),
    _gpu(
        "a2-ultragpu-4g",
        "NVIDIA A100",
        _A100_80,
        4,
        80.0,
        48,
        680,
        50,
        _unverified_price(20.27516),
        local_nvme_gb=1500,
        unverified=("accelerator_type", "network_gbps", "local_nvme_gb", "price"),
    ),
    _gpu(
        "a2-ultragpu-8g",
        "NVIDIA A100",
        _A100_80,
        8,
        80.0,
        96,
        1360,
        100,
        _unverified_price(40.55032),
        local_nvme_gb=3000,
        unverified=("accelerator_type", "local_nvme_gb", "price"),
    ),
)

_A3_A4: tuple[MachineType, ...] = (
    _gpu(
        "a3-highgpu-8g",
        "NVIDIA H100",
        "nvidia-h100-80gb",
        8,
        80.0,
        208,
        1872,
        1000,
        _unverified_price(88.253376),
        fabric="tcpx",
        interfaces=4,
        extra_vpcs=4,
        mtu=8244,
        local_nvme_gb=16 * 375,
        placement="compact",
        unverified=("price",),
    ),
    _gpu(
        "a3-megagpu-8g",
        "NVIDIA H100",
        "nvidia-h100-mega-80gb",
        8,
        80.0,
        208,
        1872,
        1800,
        _unsourced_price("a3-megagpu-8g is on GCP's accelerator-optimized pricing page; no offline copy"),
        fabric="tcpxo",
        interfaces=8,
        extra_vpcs=8,
        mtu=8244,
        local_nvme_gb=16 * 375,
        placement="compact",
        unverified=(*_HOST, "price"),
    ),
    _gpu(
        "a3-ultragpu-8g",
        "NVIDIA H200",
        "nvidia-h200-141gb",
        8,
        141.0,
        224,
        2952,
        3600,
        _unsourced_price("a3-ultragpu-8g is on GCP's accelerator-optimized pricing page; no offline copy"),
        fabric="rdma",
        interfaces=8,
        extra_vpcs=2,
        mtu=8896,
        local_nvme_gb=32 * 375,
        placement="compact",
        unverified=(*_HOST, "price"),
    ),
    _gpu(
        "a4-highgpu-8g",
        "NVIDIA B200",
        "nvidia-b200",
        8,
        180.0,
        224,
        3968,
        3600,
        _A4_NO_PRICE,
        fabric="rdma",
        interfaces=8,
        extra_vpcs=2,
        mtu=8896,
        local_nvme_gb=32 * 375,
        placement="compact",
        nvlink=8,
        conflicts=(
            "accelerator_memory_gib: GCP states 180 GB HBM3e per B200 (unverified offline); AWS "
            "DescribeInstanceTypes reports 183,359 MiB (179.06 GiB) for the same B200 on p6-b200.48xlarge",
        ),
        unverified=("accelerator_memory_gib", *_HOST),
    ),
    # GB200 NVL72 host: 4 GPUs + Grace (arm64); 18 VMs form one NVLink domain, placed by a workload
    # policy with accelerator_topology 1x72; 4 ConnectX-7 NICs carry RDMA (GCP-BW 2,000 Gbps).
    _gpu(
        "a4x-highgpu-4g",
        "NVIDIA GB200",
        "nvidia-gb200",
        4,
        None,
        140,
        884,
        2000,
        _A4X_UNSOURCED,
        fabric="rdma",
        interfaces=4,
        extra_vpcs=2,
        mtu=8896,
        local_nvme_gb=12000,
        placement="workload_policy",
        nvlink=72,
        arch="arm64",
        rack=NVL72_GCP,
        extra_sources=(_CTK_A4X,),
        unverified=("accelerator_memory_gib", *_HOST, "local_nvme_gb", "price"),
    ),
    _gpu(
        "a4x-maxgpu-4g-metal",
        "NVIDIA GB300",
        "nvidia-gb300",
        4,
        None,
        144,
        960,
        3600,
        _A4X_UNSOURCED,
        fabric="rdma",
        interfaces=4,
        extra_vpcs=2,
        mtu=8896,
        placement="workload_policy",
        nvlink=72,
        arch="arm64",
        rack=NVL72_GCP_MAX,
        bare_metal=True,
        extra_sources=(_CTK_A4X_MAX,),
        unverified=("accelerator_memory_gib", *_HOST, "price"),
    ),
    # A3 Edge: H100 80GB in edge regions; accelerator type string and GPUDirect wiring not confirmed,
    # so no fabric is wired (GCP-BW lists 600 Gbps in its table and 800 Gbps in its text).
    _gpu(
        "a3-edgegpu-8g",
        "NVIDIA H100",
        "nvidia-h100-80gb",
        8,
        80.0,
        208,
        1872,
        800,
        _unsourced_price("A3 Edge prices are regional; no offline copy"),
        local_nvme_gb=16 * 375,
        nvlink=8,
        conflicts=("network_gbps: GCP-BW lists 600 Gbps in its table and 800 Gbps in its text",),
        unverified=("accelerator_type", *_HOST, "network_gbps", "local_nvme_gb", "price"),
    ),
    *(
        _gpu(
            f"a3-highgpu-{n}g",
            "NVIDIA H100",
            "nvidia-h100-80gb",
            n,
            80.0,
            26 * n,
            234 * n,
            gbps,
            _unsourced_price(
                "a3-highgpu sizes are on GCP's accelerator-optimized pricing page; no offline copy"
            ),
            local_nvme_gb=2 * n * 375,
            nvlink=n if n > 1 else None,
            unverified=(*_HOST, "network_gbps", "local_nvme_gb", "price"),
        )
        for n, gbps in ((1, 25), (2, 50), (4, 100))
    ),
)

# G4 (NVIDIA RTX PRO 6000 Blackwell, 96 GB): whole-GPU and fractional (vGPU) shapes from CTK's shorthand
# map (rtx-6000-1/8 -> g4-standard-6 ... rtx-6000-8 -> g4-standard-384). Host shapes, bandwidth and the
# fractional memory share are recalled, not read offline (unverified); 96 GB per GPU matches AWS DIT
# for the same RTX PRO Server 6000 (98,304 MiB on g7e).
_G4_SHAPES = (
    # machine, GPUs (fraction), vCPUs, GB, Gbps
    ("g4-standard-6", 0.125, 6, 22, 10),
    ("g4-standard-12", 0.25, 12, 45, 16),
    ("g4-standard-24", 0.5, 24, 90, 25),
    ("g4-standard-48", 1, 48, 180, 50),
    ("g4-standard-96", 2, 96, 360, 100),
    ("g4-standard-192", 4, 192, 720, 200),
    ("g4-standard-384", 8, 384, 1440, 400),
)
_G4: tuple[MachineType, ...] = tuple(
    _gpu(
        name,
        "NVIDIA RTX PRO 6000",
        "nvidia-rtx-pro-6000",
        max(1, int(gpus)),
        round(96.0 * min(gpus, 1), 2),
        vcpus,
        mem,
        gbps,
        _unsourced_price("G4 is on GCP's accelerator-optimized pricing page; no offline copy"),
        fraction=gpus if gpus < 1 else None,
        unverified=(
            *(("accelerator_memory_gib",) if gpus < 1 else ()),
            *_HOST,
            *(() if gbps == 400 else ("network_gbps",)),
            "price",
        ),
    )
    for name, gpus, vcpus, mem, gbps in _G4_SHAPES
)

# G2 (NVIDIA L4): GPU count, host shape and bundled local SSD per size; per-size bandwidth figures
# are recalled from GCP-BW (the reference only confirms the 100 Gbps family maximum).
_G2_SHAPES = (
    # machine, GPUs, vCPUs, GiB, Gbps, local SSD GB, unverified price
    ("g2-standard-4", 1, 4, 16, 10, 375, 0.70683),
    ("g2-standard-8", 1, 8, 32, 16, 375, 0.85362),
    ("g2-standard-12", 1, 12, 48, 16, 375, 1.00041),
    ("g2-standard-16", 1, 16, 64, 32, 375, 1.1472),
    ("g2-standard-24", 2, 24, 96, 32, 750, 2.00082),
    ("g2-standard-32", 1, 32, 128, 32, 375, 1.73436),
    ("g2-standard-48", 4, 48, 192, 50, 1500, 4.00164),
    ("g2-standard-96", 8, 96, 384, 100, 3000, 8.00328),
)
_G2: tuple[MachineType, ...] = tuple(
    _gpu(
        name,
        "NVIDIA L4",
        _L4,
        gpus,
        24.0,
        vcpus,
        mem,
        gbps,
        _unverified_price(usd),
        local_nvme_gb=ssd,
        extra_sources=(_CTK_L4,),
        unverified=(
            *_HOST,
            "local_nvme_gb",
            "price",
            *(() if gbps == 100 else ("network_gbps",)),
        ),
    )
    for name, gpus, vcpus, mem, gbps, ssd, usd in _G2_SHAPES
)

_TPU_DOCS_V5E = "cloud.google.com/tpu/docs/v5e"
_TPU_DOCS_V5P = "cloud.google.com/tpu/docs/v5p"
_TPU_DOCS_V6E = "docs.cloud.google.com/tpu/docs/v6e"
_TPU_HOST = ("vcpus", "memory_gib", "network_gbps")
_NO_PRICE_7X = _unsourced_price("tpu7x (Ironwood) chip-hour rate not in SkyPilot catalog commit 006059e0")

_TPU: tuple[MachineType, ...] = (
    _tpu(
        "ct4p-hightpu-4t",
        "v4",
        "tpu-v4-podslice",
        4,
        None,
        240,
        407,
        V4_RULE,
        _tpu_price(4, 3.22, "tpu-v4, $1854.72 per 576-chip v4-1152", "us-central2"),
        "CTK tpu-definition",
        unverified=("accelerator_memory_gib", *_TPU_HOST),
    ),
    _tpu(
        "ct5lp-hightpu-1t",
        "v5e",
        "tpu-v5-lite-podslice",
        1,
        16.0,
        24,
        48,
        V5E_RULE,
        _tpu_price(1, 1.2, "tpu-v5litepod"),
        _TPU_DOCS_V5E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct5lp-hightpu-4t",
        "v5e",
        "tpu-v5-lite-podslice",
        4,
        16.0,
        112,
        192,
        V5E_RULE,
        _tpu_price(4, 1.2, "tpu-v5litepod"),
        _TPU_DOCS_V5E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct5lp-hightpu-8t",
        "v5e",
        "tpu-v5-lite-podslice",
        8,
        16.0,
        224,
        384,
        V5E_RULE,
        _tpu_price(8, 1.2, "tpu-v5litepod"),
        _TPU_DOCS_V5E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct5p-hightpu-1t",
        "v5p",
        "tpu-v5p-slice",
        1,
        95.0,
        52,
        112,
        V5P_RULE,
        _tpu_price(1, 4.2, "tpu-v5p, $25804.80 per 6144-chip v5p-12288"),
        _TPU_DOCS_V5P,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct5p-hightpu-2t",
        "v5p",
        "tpu-v5p-slice",
        2,
        95.0,
        104,
        224,
        V5P_RULE,
        _tpu_price(2, 4.2, "tpu-v5p, $25804.80 per 6144-chip v5p-12288"),
        _TPU_DOCS_V5P,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct5p-hightpu-4t",
        "v5p",
        "tpu-v5p-slice",
        4,
        95.0,
        208,
        448,
        V5P_RULE,
        _tpu_price(4, 4.2, "tpu-v5p, $25804.80 per 6144-chip v5p-12288"),
        _TPU_DOCS_V5P,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct6e-standard-1t",
        "v6e",
        "tpu-v6e-slice",
        1,
        32.0,
        44,
        176,
        V6E_RULE,
        _tpu_price(1, 2.7, "tpu-v6e"),
        _TPU_DOCS_V6E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct6e-standard-4t",
        "v6e",
        "tpu-v6e-slice",
        4,
        32.0,
        180,
        720,
        V6E_RULE,
        _tpu_price(4, 2.7, "tpu-v6e"),
        _TPU_DOCS_V6E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "ct6e-standard-8t",
        "v6e",
        "tpu-v6e-slice",
        8,
        32.0,
        180,
        1440,
        V6E_RULE,
        _tpu_price(8, 2.7, "tpu-v6e"),
        _TPU_DOCS_V6E,
        unverified=_TPU_HOST,
    ),
    _tpu(
        "tpu7x-standard-4t",
        "7x",
        "tpu7x",
        4,
        192.0,
        224,
        960,
        TPU7X_RULE,
        _NO_PRICE_7X,
        "CTK hardware.go",
        placement="workload_policy",
        unverified=("accelerator_memory_gib", *_TPU_HOST, "price"),
    ),
    # Single-chip Ironwood VM: no multi-host slices (tpu.py rule 4); host shape unverified.
    _tpu(
        "tpu7x-standard-1t",
        "7x",
        "tpu7x",
        1,
        192.0,
        56,
        240,
        TPU7X_RULE,
        _NO_PRICE_7X,
        "issue 29 (tpu7x-standard-1t); not in CTK v1.95.0 machine_mappings.json",
        placement="workload_policy",
        unverified=("accelerator_memory_gib", *_TPU_HOST, "price"),
    ),
)

MACHINES: tuple[MachineType, ...] = (*_A2, *_A3_A4, *_G2, *_G4, *_TPU)
