"""AWS accelerated instance types: facts from ``ec2:DescribeInstanceTypes`` (DIT).

Every hardware figure below is the DIT value as recorded in moto 5.2.5's copy of the data
(``moto/ec2/resources/instance_types.json.gz``; moto 5.2.6, the newest on PyPI on 2026-12-07, has the
same 1,395 types and differs only in fields the catalog does not use: GpuInfo partition keys, usage classes);
``tests/test_catalog.py`` checks each entry against that file field by field. Conventions:

- ``accelerator_memory_gib`` = DIT ``MemoryInfo.SizeInMiB`` per accelerator / 1024. Trainium2 is
  ``None``: DIT reports 524,288 MiB per device, which contradicts AWS's published 96 GiB per chip.
- ``fabric_interfaces`` = ``EfaInfo.MaximumEfaInterfaces`` (0 when ``EfaSupported`` is false), never
  ``MaximumNetworkCards`` (the two differ on p6-b300: 16 vs 17, card 0 is ENA-only).
- ``network_gbps`` = the instance ``NetworkPerformance`` string ("4x 100 Gigabit" -> 400,
  "Up to 20 Gigabit" -> 20, the burst ceiling), never the sum of per-card baselines.
- ``local_nvme_gb`` = ``InstanceStorageInfo.TotalSizeInGB`` (0 for EBS-only types).
- ``cpu_architecture`` = DIT ``ProcessorInfo.SupportedArchitectures``.
- Types DIT does not carry offline (p6e-gb200.36xlarge: not in moto 5.2.5 or 5.2.6) name their sources and list
  every DIT-derived field as ``unverified``; the test holds them to that.
- Prices: Linux on-demand, us-east-1, from the AWS Pricing API snapshot that Karpenter generates into
  ``pkg/providers/pricing/zz_generated.pricing_aws.go`` (aws/karpenter-provider-aws tag v1.14.1, commit
  bde00654cd31, 2026-08-20: "generated at 2026-07-06T14:20:29Z for us-east-1"). Types absent from it
  (sold only through Capacity Blocks / UltraServers: p6e-gb200, trn2, trn2u) carry "no public price".
"""

from __future__ import annotations

from .model import MachineType, Price, RackScale, no_public_price

_DIT = "DIT (ec2:DescribeInstanceTypes)"
_MOTO = "moto 5.2.5 instance_types.json.gz"
_SOURCES = (_DIT, _MOTO)

_KARPENTER = (
    "AWS Pricing API via aws/karpenter-provider-aws v1.14.1 (bde00654cd31, 2026-08-20) "
    "pkg/providers/pricing/zz_generated.pricing_aws.go (generated 2026-07-06, us-east-1 Linux on-demand)"
)
_KARPENTER_AS_OF = "2026-07-06"
_NOT_IN_KARPENTER = (
    "absent from the AWS Pricing API on-demand snapshot in aws/karpenter-provider-aws v1.14.1 "
    "(generated 2026-07-06, us-east-1); sold through EC2 Capacity Blocks for ML"
)


def _price(usd: float) -> Price:
    return Price(usd_per_hour=usd, source=_KARPENTER, as_of=_KARPENTER_AS_OF, verified=True)


_NO_PRICE = no_public_price(_NOT_IN_KARPENTER, _KARPENTER_AS_OF)

# GB200 NVL72 as AWS sells it: the u-p6e-gb200x72 UltraServer is 18 p6e-gb200.36xlarge instances,
# 72 GPUs in one NVLink domain (u-p6e-gb200x36: 9 instances, 36 GPUs). unverified: AWS announcement
# "New Amazon EC2 P6e-GB200 UltraServers" (2025-07-09) as quoted by third parties; not in DIT.
GB200_ULTRASERVER = RackScale(
    name="GB200 NVL72 (EC2 UltraServer u-p6e-gb200x72)",
    hosts=18,
    accelerators=72,
    ultraserver_type="u-p6e-gb200x72",
    source="unverified: AWS P6e-GB200 UltraServer announcement 2025-07-09 (u-p6e-gb200x72 = 18 x "
    "p6e-gb200.36xlarge, 72 GPUs; u-p6e-gb200x36 = 9 instances); not in DescribeInstanceTypes offline",
)
# Trn2 UltraServer: 4 trn2u.48xlarge, 64 Trainium2 chips over NeuronLink. unverified (AWS Trn2 page).
TRN2_ULTRASERVER = RackScale(
    name="Trn2 UltraServer (u-trn2x64)",
    hosts=4,
    accelerators=64,
    ultraserver_type="u-trn2x64",
    source="unverified: AWS Trn2 UltraServer product page (4 x trn2u.48xlarge, 64 Trainium2)",
    interconnect="NeuronLink",
)


def _gpu(
    machine_type: str,
    accelerator: str,
    count: int,
    mem_mib: int,
    vcpus: int,
    memory_mib: int,
    gbps: float,
    cards: int,
    efa: int,
    nvme_gb: int,
    price: Price,
    *,
    efa_on_card0: bool = True,
    nvlink: int | None = None,
    arch: str = "x86_64",
    rack: RackScale | None = None,
    sources: tuple[str, ...] = _SOURCES,
    conflicts: tuple[str, ...] = (),
    unverified: tuple[str, ...] = (),
) -> MachineType:
    return MachineType(
        cloud="aws",
        machine_type=machine_type,
        accelerator=accelerator,
        accelerator_count=count,
        accelerator_memory_gib=round(mem_mib / 1024, 2),
        vcpus=vcpus,
        memory_gib=memory_mib / 1024,
        fabric="efa" if efa > 0 else "none",
        fabric_interfaces=efa,
        network_gbps=gbps,
        price=price,
        sources=sources,
        accelerator_kind="gpu",
        network_cards=cards,
        efa_on_card0=efa_on_card0,
        local_nvme_gb=nvme_gb,
        image_family="nvidia",
        device_resource="nvidia.com/gpu",
        placement="cluster" if efa > 0 else "none",
        cpu_architecture=arch,  # type: ignore[arg-type]
        nvlink_domain=nvlink,
        rack=rack,
        conflicts=conflicts,
        unverified=unverified,
    )


def _neuron(
    machine_type: str,
    accelerator: str,
    kind: str,
    count: int,
    mem_mib: int | None,
    vcpus: int,
    memory_mib: int,
    gbps: float,
    cards: int,
    efa: int,
    nvme_gb: int,
    price: Price,
    *,
    rack: RackScale | None = None,
    unverified: tuple[str, ...] = (),
) -> MachineType:
    return MachineType(
        cloud="aws",
        machine_type=machine_type,
        accelerator=accelerator,
        accelerator_count=count,
        accelerator_memory_gib=None if mem_mib is None else round(mem_mib / 1024, 2),
        vcpus=vcpus,
        memory_gib=memory_mib / 1024,
        fabric="efa" if efa > 0 else "none",
        fabric_interfaces=efa,
        network_gbps=gbps,
        price=price,
        sources=_SOURCES,
        accelerator_kind=kind,  # type: ignore[arg-type]
        network_cards=cards,
        local_nvme_gb=nvme_gb,
        image_family="neuron",
        device_resource="aws.amazon.com/neuron",
        placement="cluster" if efa > 0 else "none",
        rack=rack,
        unverified=unverified,
    )


_GIB = 1024  # MiB per GiB, for readability of the memory column below
_HGX = 8  # GPUs in one NVLink (NVSwitch) domain of an 8-GPU HGX board

_P6E_SOURCES = (
    "aws/karpenter-provider-aws v1.14.1 pkg/providers/instancetype/zz_generated.bandwidth.go "
    "(p6e-gb200.36xlarge 3,200,000 Mbps)",
    "AWS P6e-GB200 UltraServer announcement 2025-07-09 via instances.vantage.sh data (4 GPUs, 740 GB HBM3e, "
    "144 vCPU, 960 GiB, 22.5 TB NVMe)",
    "awslabs/ai-on-eks efa-networkinterfaces-generator README (17 network cards x 3 device indices)",
)

MACHINES: tuple[MachineType, ...] = (
    # --- P family: training GPUs -------------------------------------------------------------
    _gpu(
        "p4d.24xlarge",
        "NVIDIA A100",
        8,
        40960,
        96,
        1152 * _GIB,
        400,
        4,
        4,
        8000,
        _price(21.957642),
        nvlink=_HGX,
    ),
    _gpu(
        "p4de.24xlarge",
        "NVIDIA A100",
        8,
        81920,
        96,
        1152 * _GIB,
        400,
        4,
        4,
        8000,
        _price(27.44705),
        nvlink=_HGX,
    ),
    _gpu("p5.4xlarge", "NVIDIA H100", 1, 81920, 16, 256 * _GIB, 100, 1, 1, 3800, _price(6.88)),
    _gpu(
        "p5.48xlarge",
        "NVIDIA H100",
        8,
        81920,
        192,
        2048 * _GIB,
        3200,
        32,
        32,
        30400,
        _price(55.04),
        nvlink=_HGX,
    ),
    _gpu(
        "p5e.48xlarge",
        "NVIDIA H200",
        8,
        144384,
        192,
        2048 * _GIB,
        3200,
        32,
        32,
        30400,
        no_public_price(
            "p5e.48xlarge has no us-east-1 on-demand entry in the AWS Pricing API snapshot of "
            "aws/karpenter-provider-aws v1.14.1 (generated 2026-07-06); sold through Capacity Blocks",
            _KARPENTER_AS_OF,
        ),
        nvlink=_HGX,
    ),
    _gpu(
        "p5en.48xlarge",
        "NVIDIA H200",
        8,
        144384,
        192,
        2048 * _GIB,
        3200,
        16,
        16,
        30400,
        _price(63.296),
        nvlink=_HGX,
    ),
    _gpu(
        "p6-b200.48xlarge",
        "NVIDIA B200",
        8,
        183359,
        192,
        2048 * _GIB,
        3200,
        8,
        8,
        30400,
        _price(113.9328),
        nvlink=_HGX,
    ),
    _gpu(
        "p6-b300.48xlarge",
        "NVIDIA B300",
        8,
        275040,
        192,
        4096 * _GIB,
        6400,
        17,
        16,
        30400,
        _price(142.416),
        efa_on_card0=False,
        nvlink=_HGX,
        conflicts=(
            "price: the catalog used $112.32/h before (a Capacity Block quote of $2,695.68 per 24 h in "
            "aarora79/agentic-coding-harness-benchmarks#165, 2026-09-04); the AWS Pricing API on-demand "
            "figure is $142.416/h (Karpenter v1.14.1). Different products: on-demand is listed here",
        ),
    ),
    # GB200 NVL72 host: 2 Grace CPUs (arm64) + 4 Blackwell GPUs per instance; 18 instances = one
    # NVLink domain. Not in DIT offline: every DIT field is marked unverified.
    _gpu(
        "p6e-gb200.36xlarge",
        "NVIDIA GB200",
        4,
        round(185e9 / 2**20),  # 740 GB HBM3e / 4 GPUs = 185 GB per GPU (decimal GB, as AWS states it)
        144,
        960 * _GIB,
        3200,
        17,
        17,
        22500,
        _NO_PRICE,
        nvlink=72,
        arch="arm64",
        rack=GB200_ULTRASERVER,
        sources=_P6E_SOURCES,
        conflicts=(
            "network_gbps: 3,200 Gbps in Karpenter v1.14.1's DIT-generated bandwidth table and in AWS's "
            "P6 family table; instances.vantage.sh lists 1,600 Gbps EFAv4 (u-p6e-gb200x72: 28,800 Gbps / 18)",
            "fabric_interfaces: ai-on-eks lays out 17 network cards with EFA; another write-up lists EFA on "
            "the 8 odd network-card indices (1..15) at 400 Gbps each; DIT MaximumEfaInterfaces not available "
            "offline",
        ),
        unverified=(
            "accelerator_memory_gib",
            "vcpus",
            "memory_gib",
            "network_gbps",
            "network_cards",
            "fabric_interfaces",
            "local_nvme_gb",
            "rack",
        ),
    ),
    # --- G family: inference / fine-tuning GPUs ------------------------------------------------
    _gpu("g5.xlarge", "NVIDIA A10G", 1, 22888, 4, 16 * _GIB, 10, 1, 0, 250, _price(1.006)),
    _gpu("g5.2xlarge", "NVIDIA A10G", 1, 22888, 8, 32 * _GIB, 10, 1, 0, 450, _price(1.212)),
    _gpu("g5.4xlarge", "NVIDIA A10G", 1, 22888, 16, 64 * _GIB, 25, 1, 0, 600, _price(1.624)),
    _gpu("g5.8xlarge", "NVIDIA A10G", 1, 22888, 32, 128 * _GIB, 25, 1, 1, 900, _price(2.448)),
    _gpu("g5.12xlarge", "NVIDIA A10G", 4, 22888, 48, 192 * _GIB, 40, 1, 1, 3800, _price(5.672)),
    _gpu("g5.16xlarge", "NVIDIA A10G", 1, 22888, 64, 256 * _GIB, 25, 1, 1, 1900, _price(4.096)),
    _gpu("g5.24xlarge", "NVIDIA A10G", 4, 22888, 96, 384 * _GIB, 50, 1, 1, 3800, _price(8.144)),
    _gpu("g5.48xlarge", "NVIDIA A10G", 8, 22888, 192, 768 * _GIB, 100, 1, 1, 7600, _price(16.288)),
    _gpu("g6.xlarge", "NVIDIA L4", 1, 22888, 4, 16 * _GIB, 10, 1, 0, 250, _price(0.8048)),
    _gpu("g6.2xlarge", "NVIDIA L4", 1, 22888, 8, 32 * _GIB, 10, 1, 0, 450, _price(0.9776)),
    _gpu("g6.4xlarge", "NVIDIA L4", 1, 22888, 16, 64 * _GIB, 25, 1, 0, 600, _price(1.3232)),
    _gpu("g6.8xlarge", "NVIDIA L4", 1, 22888, 32, 128 * _GIB, 25, 1, 1, 900, _price(2.0144)),
    _gpu("g6.12xlarge", "NVIDIA L4", 4, 22888, 48, 192 * _GIB, 40, 1, 1, 3760, _price(4.6016)),
    _gpu("g6.16xlarge", "NVIDIA L4", 1, 22888, 64, 256 * _GIB, 25, 1, 1, 1880, _price(3.3968)),
    _gpu("g6.24xlarge", "NVIDIA L4", 4, 22888, 96, 384 * _GIB, 50, 1, 1, 3760, _price(6.6752)),
    _gpu("g6.48xlarge", "NVIDIA L4", 8, 22888, 192, 768 * _GIB, 100, 1, 1, 7520, _price(13.3504)),
    _gpu("g6e.xlarge", "NVIDIA L40S", 1, 45776, 4, 32 * _GIB, 20, 1, 0, 250, _price(1.861)),
    _gpu("g6e.2xlarge", "NVIDIA L40S", 1, 45776, 8, 64 * _GIB, 20, 1, 0, 450, _price(2.24208)),
    _gpu("g6e.4xlarge", "NVIDIA L40S", 1, 45776, 16, 128 * _GIB, 20, 1, 0, 600, _price(3.00424)),
    _gpu("g6e.8xlarge", "NVIDIA L40S", 1, 45776, 32, 256 * _GIB, 25, 1, 1, 900, _price(4.52856)),
    _gpu("g6e.12xlarge", "NVIDIA L40S", 4, 45776, 48, 384 * _GIB, 100, 1, 1, 3800, _price(10.49264)),
    _gpu("g6e.16xlarge", "NVIDIA L40S", 1, 45776, 64, 512 * _GIB, 35, 1, 1, 1900, _price(7.57719)),
    _gpu("g6e.24xlarge", "NVIDIA L40S", 4, 45776, 96, 768 * _GIB, 200, 2, 2, 3800, _price(15.06559)),
    _gpu("g6e.48xlarge", "NVIDIA L40S", 8, 45776, 192, 1536 * _GIB, 400, 4, 4, 7600, _price(30.13118)),
    _gpu(
        "g7e.2xlarge", "NVIDIA RTX PRO Server 6000", 1, 98304, 8, 64 * _GIB, 50, 1, 0, 1900, _price(3.36312)
    ),
    _gpu(
        "g7e.4xlarge", "NVIDIA RTX PRO Server 6000", 1, 98304, 16, 128 * _GIB, 50, 1, 0, 1900, _price(3.99816)
    ),
    _gpu(
        "g7e.8xlarge",
        "NVIDIA RTX PRO Server 6000",
        1,
        98304,
        32,
        256 * _GIB,
        100,
        1,
        1,
        1900,
        _price(5.26824),
    ),
    _gpu(
        "g7e.12xlarge",
        "NVIDIA RTX PRO Server 6000",
        2,
        98304,
        48,
        512 * _GIB,
        400,
        1,
        1,
        3800,
        _price(8.28608),
    ),
    _gpu(
        "g7e.24xlarge",
        "NVIDIA RTX PRO Server 6000",
        4,
        98304,
        96,
        1024 * _GIB,
        800,
        2,
        2,
        7600,
        _price(16.57216),
    ),
    _gpu(
        "g7e.48xlarge",
        "NVIDIA RTX PRO Server 6000",
        8,
        98304,
        192,
        2048 * _GIB,
        1600,
        4,
        4,
        15200,
        _price(33.14432),
    ),
    # --- Neuron: Trainium / Inferentia ---------------------------------------------------------
    _neuron(
        "trn1.32xlarge", "AWS Trainium", "trainium", 16, 32768, 128, 512 * _GIB, 800, 8, 8, 7600, _price(21.5)
    ),
    _neuron(
        "trn1n.32xlarge",
        "AWS Trainium",
        "trainium",
        16,
        32768,
        128,
        512 * _GIB,
        1600,
        16,
        16,
        7600,
        _price(24.78),
    ),
    _neuron(
        "trn2.3xlarge",
        "AWS Trainium2",
        "trainium",
        1,
        None,
        12,
        128 * _GIB,
        200,
        1,
        1,
        470,
        _NO_PRICE,
        unverified=("accelerator_memory_gib",),
    ),
    _neuron(
        "trn2.48xlarge",
        "AWS Trainium2",
        "trainium",
        16,
        None,
        192,
        2048 * _GIB,
        3200,
        16,
        16,
        7600,
        _NO_PRICE,
        unverified=("accelerator_memory_gib",),
    ),
    # UltraServer member: DIT (moto 5.2.5/5.2.6) has no NeuronInfo for trn2u.48xlarge, so the 16 chips
    # per instance come from AWS's Trn2 page (unverified offline).
    _neuron(
        "trn2u.48xlarge",
        "AWS Trainium2",
        "trainium",
        16,
        None,
        192,
        2048 * _GIB,
        3200,
        16,
        16,
        7600,
        _NO_PRICE,
        rack=TRN2_ULTRASERVER,
        unverified=("accelerator_count", "accelerator_memory_gib", "rack"),
    ),
    _neuron(
        "inf2.xlarge", "AWS Inferentia2", "inferentia", 1, 32768, 4, 16 * _GIB, 15, 1, 0, 0, _price(0.7582)
    ),
    _neuron(
        "inf2.8xlarge",
        "AWS Inferentia2",
        "inferentia",
        1,
        32768,
        32,
        128 * _GIB,
        25,
        1,
        0,
        0,
        _price(1.96786),
    ),
    _neuron(
        "inf2.24xlarge",
        "AWS Inferentia2",
        "inferentia",
        6,
        32768,
        96,
        384 * _GIB,
        50,
        1,
        0,
        0,
        _price(6.49063),
    ),
    _neuron(
        "inf2.48xlarge",
        "AWS Inferentia2",
        "inferentia",
        12,
        32768,
        192,
        768 * _GIB,
        100,
        1,
        0,
        0,
        _price(12.98127),
    ),
)
