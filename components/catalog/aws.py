"""AWS accelerated instance types: facts from ``ec2:DescribeInstanceTypes`` (DIT).

Every hardware figure below is the DIT value as recorded in moto 5.2.5's copy of the data
(``moto/ec2/resources/instance_types.json.gz``); ``tests/test_catalog.py`` checks each entry
against that file field by field. Conventions:

- ``accelerator_memory_gib`` = DIT ``MemoryInfo.SizeInMiB`` per accelerator / 1024. Trainium2 is
  ``None``: DIT reports 524,288 MiB per device, which contradicts AWS's published 96 GiB per chip.
- ``fabric_interfaces`` = ``EfaInfo.MaximumEfaInterfaces`` (0 when ``EfaSupported`` is false), never
  ``MaximumNetworkCards`` (the two differ on p6-b300: 16 vs 17, card 0 is ENA-only).
- ``network_gbps`` = the instance ``NetworkPerformance`` string ("4x 100 Gigabit" -> 400,
  "Up to 20 Gigabit" -> 20, the burst ceiling), never the sum of per-card baselines.
- ``local_nvme_gb`` = ``InstanceStorageInfo.TotalSizeInGB`` (0 for EBS-only types).
- Prices: Linux on-demand, us-east-1. The main source is the AWS Pricing API snapshot that
  Karpenter generates into ``pkg/providers/pricing/zz_generated.pricing_aws.go``
  (aws/karpenter-provider-aws, "generated at 2026-01-19T13:23:24Z for us-east-1"), which already
  reflects AWS's June 2025 P4/P5 price cut (p5.48xlarge 55.04). Types absent from that snapshot
  carry ``verified=False`` and say why in the source string.
"""

from __future__ import annotations

from .model import MachineType, Price

_DIT = "DIT (ec2:DescribeInstanceTypes)"
_MOTO = "moto 5.2.5 instance_types.json.gz"
_SOURCES = (_DIT, _MOTO)

_KARPENTER = (
    "AWS Pricing API via https://github.com/aws/karpenter-provider-aws/blob/main/"
    "pkg/providers/pricing/zz_generated.pricing_aws.go (generated 2026-01-19, us-east-1 Linux on-demand)"
)
_KARPENTER_AS_OF = "2026-01-19"


def _price(usd: float) -> Price:
    return Price(usd_per_hour=usd, source=_KARPENTER, as_of=_KARPENTER_AS_OF, verified=True)


_KARPENTER_1141 = (
    "AWS Pricing API via aws/karpenter-provider-aws v1.14.1 (commit bde00654, "
    "pkg/providers/pricing/zz_generated.pricing_aws.go generated 2026-07-06, us-east-1 Linux on-demand)"
)


def _price_1141(usd: float) -> Price:
    """A price from Karpenter v1.14.1's snapshot (the small G5 sizes SageMaker programs ask for)."""
    return Price(usd_per_hour=usd, source=_KARPENTER_1141, as_of="2026-07-06", verified=True)


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
        sources=_SOURCES,
        accelerator_kind="gpu",
        network_cards=cards,
        efa_on_card0=efa_on_card0,
        local_nvme_gb=nvme_gb,
        image_family="nvidia",
        device_resource="nvidia.com/gpu",
        placement="cluster" if efa > 0 else "none",
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
        unverified=unverified,
    )


_GIB = 1024  # MiB per GiB, for readability of the memory column below

MACHINES: tuple[MachineType, ...] = (
    # --- P family: training GPUs -------------------------------------------------------------
    _gpu("p4d.24xlarge", "NVIDIA A100", 8, 40960, 96, 1152 * _GIB, 400, 4, 4, 8000, _price(21.957642)),
    _gpu("p4de.24xlarge", "NVIDIA A100", 8, 81920, 96, 1152 * _GIB, 400, 4, 4, 8000, _price(27.44705)),
    _gpu("p5.48xlarge", "NVIDIA H100", 8, 81920, 192, 2048 * _GIB, 3200, 32, 32, 30400, _price(55.04)),
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
        Price(
            usd_per_hour=63.296,
            source=(
                "unverified: p5e.48xlarge has no us-east-1 on-demand entry in the Karpenter AWS Pricing "
                "API snapshot (2026-01-19); figure is the p5en.48xlarge on-demand rate (same 8x H200) "
                "used as a proxy, not a published p5e price"
            ),
            as_of=_KARPENTER_AS_OF,
            verified=False,
        ),
        unverified=("price",),
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
        Price(
            usd_per_hour=63.296,
            source=(
                _KARPENTER + "; same figure in `dstack offer` output, "
                "https://github.com/dstackai/dstack/pull/4110 (2026-08-06)"
            ),
            as_of="2026-08-06",
        ),
    ),
    _gpu("p6-b200.48xlarge", "NVIDIA B200", 8, 183359, 192, 2048 * _GIB, 3200, 8, 8, 30400, _price(113.9328)),
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
        Price(
            usd_per_hour=112.32,
            source=(
                "unverified: no on-demand price; EC2 Capacity Block rate $2,695.68 per 24 h as quoted in "
                "https://github.com/aarora79/agentic-coding-harness-benchmarks/pull/165 (2026-09-04)"
            ),
            as_of="2026-09-04",
            verified=False,
        ),
        efa_on_card0=False,
        unverified=("price",),
    ),
    # --- G family: inference / fine-tuning GPUs ------------------------------------------------
    _gpu("g5.xlarge", "NVIDIA A10G", 1, 22888, 4, 16 * _GIB, 10, 1, 0, 250, _price_1141(1.006)),
    _gpu("g5.2xlarge", "NVIDIA A10G", 1, 22888, 8, 32 * _GIB, 10, 1, 0, 450, _price_1141(1.212)),
    _gpu("g5.4xlarge", "NVIDIA A10G", 1, 22888, 16, 64 * _GIB, 25, 1, 0, 600, _price_1141(1.624)),
    _gpu("g5.8xlarge", "NVIDIA A10G", 1, 22888, 32, 128 * _GIB, 25, 1, 1, 900, _price_1141(2.448)),
    _gpu("g5.16xlarge", "NVIDIA A10G", 1, 22888, 64, 256 * _GIB, 25, 1, 1, 1900, _price_1141(4.096)),
    _gpu("g5.24xlarge", "NVIDIA A10G", 4, 22888, 96, 384 * _GIB, 50, 1, 1, 3800, _price_1141(8.144)),
    _gpu("g5.12xlarge", "NVIDIA A10G", 4, 22888, 48, 192 * _GIB, 40, 1, 1, 3800, _price(5.672)),
    _gpu("g5.48xlarge", "NVIDIA A10G", 8, 22888, 192, 768 * _GIB, 100, 1, 1, 7600, _price(16.288)),
    _gpu("g6.12xlarge", "NVIDIA L4", 4, 22888, 48, 192 * _GIB, 40, 1, 1, 3760, _price(4.6016)),
    _gpu("g6.48xlarge", "NVIDIA L4", 8, 22888, 192, 768 * _GIB, 100, 1, 1, 7520, _price(13.3504)),
    _gpu("g6e.xlarge", "NVIDIA L40S", 1, 45776, 4, 32 * _GIB, 20, 1, 0, 250, _price(1.861)),
    _gpu("g6e.8xlarge", "NVIDIA L40S", 1, 45776, 32, 256 * _GIB, 25, 1, 1, 900, _price(4.52856)),
    _gpu("g6e.12xlarge", "NVIDIA L40S", 4, 45776, 48, 384 * _GIB, 100, 1, 1, 3800, _price(10.49264)),
    _gpu("g6e.24xlarge", "NVIDIA L40S", 4, 45776, 96, 768 * _GIB, 200, 2, 2, 3800, _price(15.06559)),
    _gpu("g6e.48xlarge", "NVIDIA L40S", 8, 45776, 192, 1536 * _GIB, 400, 4, 4, 7600, _price(30.13118)),
    # --- Neuron: Trainium / Inferentia ---------------------------------------------------------
    _neuron(
        "trn1.32xlarge",
        "AWS Trainium",
        "trainium",
        16,
        32768,
        128,
        512 * _GIB,
        800,
        8,
        8,
        7600,
        _price(21.5),
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
        Price(
            usd_per_hour=0.0,
            source=(
                "unverified: no sourced on-demand price (absent from the Karpenter AWS Pricing API "
                "snapshot 2026-01-19; trn2 is sold mainly through Capacity Blocks); 0.0 is a placeholder, "
                "not a price"
            ),
            as_of=_KARPENTER_AS_OF,
            verified=False,
        ),
        unverified=("accelerator_memory_gib", "price"),
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
