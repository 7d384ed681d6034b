"""AIP-SUS: sustainability (the carbon intensity of where accelerator pools run).

AIP-SUS-001 compares the location-based grid intensity of a movable accelerator pool's region with the
other regions of the same cloud (by default in the same geography) that offer its machine type, using
the sourced facts of the accelerator catalog (``catalog/energy.py``: Google's per-region figures, the
public grid factors Cloud Carbon Footprint tabulates for AWS, EC2 instance-type offerings, Google's TPU
zones). Pools bound to capacity (a Capacity Block, an ODCR or a specific GCP reservation) or to a hybrid
site are not movable and are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..access import get, strings
from ..registry import Res, RuleContext, StackView, rule
from .common import (
    EKS_NODE_GROUP,
    GKE_NODE_POOL,
    LAUNCH_TEMPLATE,
    SUBNET,
    catalog_entry,
    catalog_module,
    is_accelerator_node_group,
    node_group_types,
)


def geography(region: str) -> str:
    """The continent-level prefix of a region name (``us``, ``eu``, ``europe``, ``asia``, ``ap``...)."""
    return region.split("-", 1)[0]


def _aws_region(zone: str) -> str | None:
    """Region of an AZ name (``us-west-2a``) or AZ id (``usw2-az2``)."""
    if zone[-1:].isalpha() and zone[:-1][-1:].isdigit():
        return zone[:-1]
    zones = catalog_module("aws_zones")
    prefix = zone.split("-az", 1)[0]
    if zones is not None:
        for region, known in zones.AZ_ID_PREFIX.items():
            if known == prefix:
                return str(region)
    return None


def _gcp_region(location: str) -> str:
    parts = location.split("-")
    return "-".join(parts[:2]) if len(parts) > 2 else location


def _aws_pool(ng: Res, stack: StackView) -> tuple[Any, str | None, str] | None:
    """(machine, region, why-not-movable) of an accelerator EKS node group, None when not one."""
    if not is_accelerator_node_group(ng):
        return None
    templates = stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
    types = node_group_types(ng) or [t for lt in templates for t in strings(get(lt.props, "instanceType"))]
    machine = next((m for m in map(catalog_entry, types) if m is not None), None)
    if machine is None:
        return None
    pinned = ""
    if str(get(ng.props, "capacityType") or "").upper() == "CAPACITY_BLOCK":
        pinned = "a Capacity Block"
    elif any(get(lt.props, "capacityReservationSpecification") for lt in templates):
        pinned = "a capacity reservation"
    elif "aiinfra:hybrid" in (get(ng.props, "tags") or {}):
        pinned = "a hybrid site link"
    zones = [
        str(get(s.props, "availabilityZoneId") or get(s.props, "availabilityZone"))
        for s in stack.resolve(ng.deps_of("subnetIds"), SUBNET)
    ]
    regions = {r for r in map(_aws_region, zones) if r}
    return machine, (regions.pop() if len(regions) == 1 else None), pinned


def _gcp_pool(pool: Res) -> tuple[Any, str | None, str] | None:
    machine = catalog_entry(str(get(pool.props, "nodeConfig", "machineType") or ""))
    if machine is None or machine.accelerator_count < 1:
        return None
    pinned = ""
    affinity = get(pool.props, "nodeConfig", "reservationAffinity", "consumeReservationType")
    if str(affinity or "").upper() == "SPECIFIC_RESERVATION":
        pinned = "a specific reservation"
    elif "aiinfra-hybrid" in (get(pool.props, "nodeConfig", "resourceLabels") or {}):
        pinned = "a hybrid site link"
    locations = strings(get(pool.props, "nodeLocations")) or strings(get(pool.props, "location"))
    regions = {_gcp_region(loc) for loc in locations if loc}
    return machine, (regions.pop() if len(regions) == 1 else None), pinned


def _alternatives(machine: Any, region: str, ctx: RuleContext) -> tuple[Any, list[Any]]:
    energy = catalog_module("energy")
    if energy is None:
        return None, []
    here = energy.grid_intensity(machine.cloud, region)
    offered = energy.offered_regions(machine)
    if here is None or offered is None:
        return here, []
    ratio = float(ctx.config["carbonRatio"])
    delta = float(ctx.config["carbonMinDeltaGrams"])
    same_geo = str(ctx.config["carbonScope"]) == "geography"
    better = []
    for other in offered:
        if other == region or (same_geo and geography(other) != geography(region)):
            continue
        there = energy.grid_intensity(machine.cloud, other)
        if there is None:
            continue
        lower_enough = here.g_co2e_per_kwh >= ratio * there.g_co2e_per_kwh
        if lower_enough and here.g_co2e_per_kwh - there.g_co2e_per_kwh >= delta:
            better.append(there)
    return here, sorted(better, key=lambda g: g.g_co2e_per_kwh)


@rule(
    "AIP-SUS-001",
    "low-carbon-region",
    title="Movable accelerator pools run where the grid is not far dirtier than an equivalent region",
    severity="low",
    enforcement="advisory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL, LAUNCH_TEMPLATE, SUBNET),
    stack=True,
    description=(
        "An accelerator pool that is not bound to capacity (no Capacity Block, capacity reservation or "
        "specific GCP reservation) or to a hybrid site runs in a region whose location-based grid carbon "
        "intensity is at least `carbonRatio` times, and `carbonMinDeltaGrams` gCO2e/kWh above, another "
        "region of the same cloud (same geography unless `carbonScope` is `cloud`) that offers the same "
        "machine type. The finding names the alternatives with their figures."
    ),
    rationale=(
        "Accelerator pools draw tens of kW each; the same work in a region on a cleaner grid emits a "
        "fraction of the CO2e. Availability: EC2 instance-type offerings (moto's snapshot) for AWS, "
        "Google's TPU zones page (US only) for GCP TPUs; GCP GPU pools have no availability data and are "
        "never flagged. Figures are location-based (grid mix), not market-based (renewable purchases)."
    ),
    remediation=(
        "Where data residency, latency to data and capacity allow, move the pool to a named lower-carbon "
        "region (or add it there as a second Kueue flavor and set scheduling.prefer_low_carbon); otherwise "
        "accept the advisory or raise `carbonRatio`."
    ),
    unknown=(
        "Unknown machine types or zones (subnets, node locations) give an unknown verdict; a region "
        "without sourced intensity or a machine type without availability data is not judged."
    ),
    references=(
        "Google Cloud region carbon data (cloud.google.com/sustainability/region-carbon)",
        "AWS Well-Architected Sustainability Pillar SUS01-BP01 (choose Region based on business and "
        "sustainability goals)",
    ),
    equivalents=(
        "a subnet's AZ name (`eu-central-1a`) and its AZ id (`euc1-az2`) place an EKS node group in the same region",
        "a GKE node pool's regional `location`, a zonal `location` and zonal `nodeLocations` of that region",
        "bound capacity: `capacityType: CAPACITY_BLOCK`, a launch template `capacityReservationSpecification`, "
        "a `SPECIFIC_RESERVATION` affinity and the hybrid tag/label (`aiinfra:hybrid`, `aiinfra-hybrid`) all "
        "keep a pool where it is",
    ),
    config={
        "carbonRatio": {"type": "number", "minimum": 1.0, "default": 2.0},
        "carbonMinDeltaGrams": {"type": "number", "minimum": 0, "default": 100},
        "carbonScope": {"type": "string", "enum": ["geography", "cloud"], "default": "geography"},
    },
)
def sus_001(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    pools: list[tuple[Res, tuple[Any, str | None, str] | None]] = [
        (ng, _aws_pool(ng, stack)) for ng in stack.of(EKS_NODE_GROUP)
    ]
    pools += [(p, _gcp_pool(p)) for p in stack.of(GKE_NODE_POOL)]
    for res, found in pools:
        if found is None:
            continue
        machine, region, pinned = found
        if pinned or region is None:
            continue
        here, better = _alternatives(machine, region, ctx)
        if not better:
            continue
        names = ", ".join(f"{g.region} ({g.g_co2e_per_kwh:,.0f} g/kWh)" for g in better[:4])
        more = f" and {len(better) - 4} more" if len(better) > 4 else ""
        factor = here.g_co2e_per_kwh / max(better[0].g_co2e_per_kwh, 0.01)
        yield (
            res.urn,
            f"pool '{res.name}' runs {machine.machine_type} in {region} at {here.g_co2e_per_kwh:,.0f} gCO2e/kWh "
            f"({here.year}); {machine.machine_type} is also offered in {names}{more}: up to {factor:,.1f}x "
            "lower location-based emissions for the same work.",
        )
