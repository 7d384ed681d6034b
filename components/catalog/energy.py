"""Energy facts: accelerator board power, host power coefficients, data-centre PUE, grid carbon intensity.

Facts only, each with its source and the date it was read; the arithmetic that turns them into a pool's
kW and kgCO2e/h lives in ``aiinfra/energy.py``. A figure this module does not hold is *unknown*, never
guessed: the plan then says "not estimated" and why.

Method (documented in docs/energy.md):

- **Accelerators** at their vendor's maximum board power (TDP), the figure a facility is provisioned for.
- **Host** (CPUs and memory) with Cloud Carbon Footprint's published coefficients: maximum watts per vCPU
  (its fleet averages per cloud, SPECpower-derived) and 0.392 W per GB of memory. NICs, local disks,
  fans and switches are not counted, so the machine figure is a full-load estimate, not a metered value.
- **Facility** = IT power x the provider's published PUE.
- **Carbon** = facility kWh x the region's location-based grid intensity (gCO2e/kWh). Google publishes
  per-region intensity and its carbon-free-energy share; AWS publishes neither, so the AWS figures are the
  public grid factors Cloud Carbon Footprint tabulates per region (EPA eGRID, carbonfootprint.com, EEA).
  Market-based accounting (renewable purchases) is out of scope and would give lower figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .model import MachineType

READ = "2026-12-07"


@dataclass(frozen=True)
class Fact:
    """One figure with its unit, where it comes from and when it was read (``verified`` False when the
    source is secondary or the figure is disputed; the note says why)."""

    value: float
    unit: str
    source: str
    as_of: str
    verified: bool = True
    note: str = ""


def _nvidia(watts: float, sheet: str, *, verified: bool = True, note: str = "") -> Fact:
    return Fact(watts, "W", sheet, READ, verified, note)


# Maximum board power (TDP) per accelerator, keyed by the catalog's ``accelerator`` name. The SXM / HGX
# variant is the one every catalog machine carries (AWS P-family, GCP A2/A3/A4, the on-prem HGX/DGX
# classes); the L-series and A10G are PCIe cards. Figures read on 2026-12-07.
BOARD_POWER: dict[str, Fact] = {
    "NVIDIA A100": _nvidia(400, "NVIDIA A100 Tensor Core GPU datasheet (SXM: 400 W TDP)"),
    "NVIDIA H100": _nvidia(
        700,
        "NVIDIA H100 Tensor Core GPU datasheet (SXM: 'Up to 700W (configurable)'), as quoted by gpu.blog/gpus/nvidia-h100-sxm",
    ),
    "NVIDIA H200": _nvidia(700, "NVIDIA H200 Tensor Core GPU datasheet (SXM: 'Up to 700W (configurable)')"),
    "NVIDIA B200": _nvidia(
        1000,
        "NVIDIA HGX B200 (configurable up to 1 kW per GPU), per NVIDIA DGX B200 docs as summarised by "
        "docs.vultr.com inference-cookbook hardware overview (TDP 1000W, 2026-03-11)",
    ),
    "NVIDIA B300": _nvidia(
        1400,
        "glennklockwood.com/garden/processors/B300 ('1400 W maximum')",
        verified=False,
        note=(
            "sources disagree: 1,400 W maximum (Blackwell Ultra, GB300 configuration) vs DGX B300 system "
            "power of 14.5 kW for eight GPUs (NVIDIA docs via thedailyscout.com); the higher figure is used "
            "as the upper bound"
        ),
    ),
    "NVIDIA GB200": _nvidia(
        1200,
        "glennklockwood.com/garden/processors/B200 (the GB200 variant of B200 'when configured to 1,200 W')",
        verified=False,
        note="secondary source; NVIDIA's GB200 NVL72 datasheet gives rack-level figures (about 120 kW per rack)",
    ),
    "NVIDIA GB300": _nvidia(
        1400,
        "glennklockwood.com/garden/processors/B300 (Blackwell Ultra '1400 W maximum', up from 1,200 W)",
        verified=False,
        note="secondary source; GB300 NVL72 racks are quoted at 120-140 kW (ai-infrastructure.net, 2026-06)",
    ),
    "NVIDIA RTX PRO 6000": _nvidia(
        600,
        "RTX PRO 6000 Blackwell: 600 W (gpu.name summarising VideoCardz, 2025-03; Server Edition configurable, "
        "pepelac.news)",
        verified=False,
        note="secondary sources; the Server Edition's power limit is configurable below 600 W",
    ),
    "NVIDIA L4": _nvidia(72, "NVIDIA L4 Tensor Core GPU datasheet (72 W max power)"),
    "NVIDIA L40S": _nvidia(350, "NVIDIA L40S GPU datasheet (350 W max power)"),
    "NVIDIA RTX PRO Server 6000": _nvidia(
        600,
        "RTX PRO 6000 Blackwell Server Edition: 600 W (gpu.name summarising VideoCardz, 2025-03; pepelac.news)",
        verified=False,
        note="secondary sources; AWS publishes no board power for the g7e's GPU",
    ),
    "NVIDIA A10G": _nvidia(
        150,
        "NVIDIA A10 Tensor Core GPU datasheet (150 W max power)",
        verified=False,
        note="A10G is AWS's variant of the A10; AWS publishes no board power for it, the A10 figure is used",
    ),
}
"""Accelerators without an entry (AWS Trainium/Inferentia, Google TPUs) have no published board power:
their machines' energy is *unknown* and the plan says so."""

UNPUBLISHED = {
    "AWS Trainium": "AWS publishes no board power for Trainium",
    "AWS Trainium2": "AWS publishes no board power for Trainium2",
    "AWS Inferentia2": "AWS publishes no board power for Inferentia2",
}

_CCF = "Cloud Carbon Footprint methodology (github.com/cloud-carbon-footprint/cloud-carbon-footprint @ release-2024-02-11)"

# Host coefficients per cloud (CCF "Average/Median Maximum Watts (100% CPU Utilization)" and "Memory
# Kilowatt Hours / Gigabyte" 0.000392 kWh per GB-hour = 0.392 W per GB). On-prem servers use the AWS
# average: CCF publishes no on-prem coefficient and the on-prem classes are x86 HGX/DGX hosts.
HOST_WATTS_PER_VCPU: dict[str, Fact] = {
    "aws": Fact(3.5, "W per vCPU at 100% CPU", f"{_CCF}: AWS average maximum watts", READ),
    "gcp": Fact(4.26, "W per vCPU at 100% CPU", f"{_CCF}: GCP median maximum watts", READ),
    "onprem": Fact(
        3.5, "W per vCPU at 100% CPU", f"{_CCF}: AWS average maximum watts (no on-prem figure)", READ
    ),
}
MEMORY_WATTS_PER_GB = Fact(0.392, "W per GB", f"{_CCF}: memory 0.000392 kWh per GB-hour", READ)

# Data-centre PUE the providers publish. AWS: "In 2025, our data centers reported an average global PUE
# of 1.14" (sustainability.aboutamazon.com, The Cloud, read 2026-12-07). Google: fleet-wide trailing
# twelve-month PUE 1.10 (google.com/about/datacenters/efficiency, the figure CCF uses; CNBC 2022-04-13
# quotes 1.1 for Q2 2021). Google's newer fleet figures were not read here: unverified for 2025.
PUE: dict[str, Fact] = {
    "aws": Fact(1.14, "ratio", "AWS sustainability report: 2025 average global PUE", READ),
    "gcp": Fact(
        1.10,
        "ratio",
        "Google data centers efficiency page (fleet-wide trailing twelve-month PUE, as used by CCF)",
        READ,
        verified=False,
        note="Google's 2025 fleet PUE was not read; the 1.10 figure dates from 2021-2023 reports",
    ),
}

# GCP TPU availability (regions offering each TPU version), from Google's "TPU regions and zones" page
# (cloud.google.com/tpu/docs/types-zones, read through a stored copy on 2026-12-07). Only the US table was
# read; other continents are absent, so alternatives outside the US are never suggested for TPUs.
# GPU machine types have no availability data here: the low-carbon rule stays silent on them.
GCP_TPU_REGIONS: dict[str, tuple[str, ...]] = {
    "v6e": ("us-central1", "us-east1", "us-east4", "us-east5", "us-west1"),
    "v5p": ("us-central1", "us-east5", "us-south1"),
    "v5e": ("us-central1", "us-east5", "us-south1", "us-west1", "us-west4"),
    "v4": ("us-central2",),
}
GCP_TPU_REGIONS_SOURCE = "Google Cloud TPU regions and zones page (US zones only; read 2026-12-07)"


@dataclass(frozen=True)
class GridIntensity:
    """A region's location-based grid carbon intensity (and Google's carbon-free-energy share)."""

    cloud: str
    region: str
    g_co2e_per_kwh: float
    cfe: float | None
    location: str
    source: str
    year: str


@dataclass(frozen=True)
class MachinePower:
    """One machine's full-load IT power (W) and how it was put together; ``watts`` None when unknown."""

    machine_type: str
    watts: float | None
    accelerator_watts: float | None
    host_watts: float
    sources: tuple[str, ...]
    verified: bool
    unknown_reason: str = ""


@cache
def _data() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "energy_data.json").read_text())  # type: ignore[no-any-return]


def grid_intensity(cloud: str, region: str | None) -> GridIntensity | None:
    """The grid intensity of ``region`` on ``cloud`` (``aws``/``gcp``), or None when not sourced."""
    row = _data()["grid"].get(cloud, {}).get(region or "")
    if row is None:
        return None
    return GridIntensity(
        cloud, str(region), row["g_co2e_per_kwh"], row["cfe"], row["location"], row["source"], row["year"]
    )


def regions_with_intensity(cloud: str) -> tuple[str, ...]:
    """Every region of ``cloud`` with a sourced grid intensity."""
    return tuple(sorted(_data()["grid"].get(cloud, {})))


def offered_regions(machine: MachineType) -> tuple[str, ...] | None:
    """Regions known to offer ``machine``; None when there is no availability data for it."""
    if machine.cloud == "aws":
        regions = _data()["aws_offerings"]["regions"].get(machine.machine_type)
        return tuple(regions) if regions is not None else None
    if machine.cloud == "gcp" and machine.tpu_version in GCP_TPU_REGIONS:
        return GCP_TPU_REGIONS[machine.tpu_version]
    return None


def availability_source(cloud: str) -> str:
    """Where the availability data of ``cloud`` comes from."""
    return str(_data()["aws_offerings"]["source"]) if cloud == "aws" else GCP_TPU_REGIONS_SOURCE


def machine_power(machine: MachineType) -> MachinePower:
    """Full-load IT power of one machine: accelerators at board power plus the host (CCF coefficients)."""
    host_fact = HOST_WATTS_PER_VCPU[machine.cloud]
    host = machine.vcpus * host_fact.value + machine.memory_gib * MEMORY_WATTS_PER_GB.value
    host_sources = (host_fact.source, MEMORY_WATTS_PER_GB.source)
    board = BOARD_POWER.get(machine.accelerator)
    if board is None:
        reason = UNPUBLISHED.get(machine.accelerator) or (
            "Google publishes no board power for its TPUs"
            if machine.accelerator_kind == "tpu"
            else f"no sourced board power for {machine.accelerator}"
        )
        return MachinePower(machine.machine_type, None, None, round(host, 1), host_sources, False, reason)
    # A fractional (vGPU) shape is charged its share of the board: 1/8 of a GPU draws 1/8 of its power.
    share = getattr(machine, "accelerator_fraction", None) or 1.0
    accelerators = board.value * machine.accelerator_count * share
    return MachinePower(
        machine.machine_type,
        round(accelerators + host, 1),
        accelerators,
        round(host, 1),
        (board.source, *host_sources),
        board.verified,
    )
