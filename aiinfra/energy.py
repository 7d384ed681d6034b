"""Energy and carbon of a planned stack at full scale: kW, kWh per day and kgCO2e per hour per pool.

An upper-bound estimate: every node of every pool at ``max_nodes``, accelerators at board power, the
host at Cloud Carbon Footprint's full-load coefficients, times the provider's published PUE, times the
region's location-based grid intensity. Facts come from ``aiinfra.components.catalog.energy`` with their
sources; a pool whose machine has no published accelerator power, or whose region or site has no
sourced intensity, is listed as not estimated with the reason and left out of the totals (which say so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from aiinfra.components.catalog import energy as facts

LABEL = "upper-bound estimate: full load at max_nodes, location-based grid intensity (docs/energy.md)"
HOURS_PER_DAY = 24


@dataclass(frozen=True)
class PoolEnergy:
    """One pool's power and emissions at full scale (``None`` figures: not estimated, ``reason`` says why)."""

    pool: str
    machine_type: str
    nodes: int
    region: str | None
    machine_kw: float | None
    it_kw: float | None
    pue: float | None
    facility_kw: float | None
    kwh_per_day: float | None
    grid_g_co2e_per_kwh: float | None
    kg_co2e_per_hour: float | None
    sources: tuple[str, ...]
    verified: bool
    reason: str = ""


def _site_figures(config: Any) -> tuple[float | None, float | None, str]:
    site = config.site_energy() if hasattr(config, "site_energy") else None
    if site is None:
        return None, None, ""
    return site.pue, site.grid_g_co2e_per_kwh, f"site energy from the stack file: {site.source}"


def pool_energy(
    capacity: Any, region: str | None, site: tuple[float | None, float | None, str]
) -> PoolEnergy:
    """Power and emissions of one resolved pool (``PoolCapacity``) at ``max_nodes``."""
    machine, nodes = capacity.machine, capacity.max_nodes
    power = facts.machine_power(machine)
    base = {"pool": capacity.pool, "machine_type": machine.machine_type, "nodes": nodes}
    if power.watts is None:
        return PoolEnergy(
            **base,
            region=region,
            machine_kw=None,
            it_kw=None,
            pue=None,
            facility_kw=None,
            kwh_per_day=None,
            grid_g_co2e_per_kwh=None,
            kg_co2e_per_hour=None,
            sources=power.sources,
            verified=False,
            reason=f"not estimated: {power.unknown_reason}",
        )
    machine_kw = power.watts / 1000
    it_kw = machine_kw * nodes
    sources = list(power.sources)
    verified = power.verified
    reason = ""
    if machine.cloud == "onprem":
        pue, grid, site_source = site
        region = None
        if site_source:
            sources.append(site_source)
        else:
            reason = "carbon not estimated: the stack gives no energy.pue and energy.grid_g_co2e_per_kwh"
    else:
        pue_fact = facts.PUE[machine.cloud]
        pue = pue_fact.value
        verified = verified and pue_fact.verified
        sources.append(pue_fact.source)
        intensity = facts.grid_intensity(machine.cloud, region)
        grid = intensity.g_co2e_per_kwh if intensity else None
        if intensity:
            sources.append(intensity.source)
        else:
            reason = f"carbon not estimated: no sourced grid intensity for {machine.cloud} region {region}"
    facility_kw = it_kw * pue if pue is not None else None
    return PoolEnergy(
        **base,
        region=region,
        machine_kw=round(machine_kw, 2),
        it_kw=round(it_kw, 2),
        pue=pue,
        facility_kw=round(facility_kw, 2) if facility_kw is not None else None,
        kwh_per_day=round(facility_kw * HOURS_PER_DAY, 1) if facility_kw is not None else None,
        grid_g_co2e_per_kwh=grid,
        kg_co2e_per_hour=(
            round(facility_kw * grid / 1000, 2) if facility_kw is not None and grid is not None else None
        ),
        sources=tuple(dict.fromkeys(sources)),
        verified=verified,
        reason=reason,
    )


def estimate(config: Any) -> dict[str, Any]:
    """The ``energy`` section of a plan summary (JSON-able)."""
    context = config.offline_context() if hasattr(config, "offline_context") else {}
    region = context.get("aws_region") or context.get("gcp_region")
    capacities = config.capacity_at_scale() if hasattr(config, "capacity_at_scale") else []
    site = _site_figures(config)
    pools = [pool_energy(c, region, site) for c in capacities]
    powered = [p for p in pools if p.facility_kw is not None]
    carbon = [p for p in pools if p.kg_co2e_per_hour is not None]
    return {
        "label": LABEL,
        "pools": [asdict(p) for p in pools],
        "total_kw": round(sum(p.facility_kw for p in powered), 2),  # type: ignore[misc]
        "total_kwh_per_day": round(sum(p.kwh_per_day for p in powered), 1),  # type: ignore[misc]
        "total_kg_co2e_per_hour": round(sum(p.kg_co2e_per_hour for p in carbon), 2),  # type: ignore[misc]
        "excluded_power": [p.pool for p in pools if p.facility_kw is None],
        "excluded_carbon": [p.pool for p in pools if p.kg_co2e_per_hour is None],
    }
