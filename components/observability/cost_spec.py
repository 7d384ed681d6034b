"""Cost per team: the OpenCost settings and the price source OpenCost and the plan share.

OpenCost prices each node from its cloud's public on-demand list (AWS: the Price List API's public
offer files; GCP: the Cloud Billing Catalog API, which needs an API key) or, on-prem, from the
custom pricing given here (OpenCost docs "AWS", "GCP" and "On-Premises" configuration pages, recalled
2026-12-01, unverified). The plan's per-team nominal cost (scheduling section) prices the same accelerators from
the catalog's on-demand list prices, so both read one list; the catalog holds one region's figures
(:data:`CATALOG_PRICE_REGION`), and :func:`price_source` says when the stack's region differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..spec.base import ResourceName, Spec

Cloud = Literal["aws", "gcp", "onprem"]

CATALOG_PRICE_REGION: dict[str, str] = {"aws": "us-east-1", "gcp": "us-central1"}
"""The region whose on-demand list prices the catalog holds (named in every catalog price source)."""

OPENCOST_PRICING: dict[str, str] = {
    "aws": "AWS Price List API on-demand list price",
    "gcp": "Cloud Billing Catalog API on-demand list price",
    "onprem": "OpenCost custom pricing (observability.cost.onprem_*_usd_per_hour)",
}
"""Where OpenCost reads node prices from, per cloud (spot feeds and billing integrations are off)."""


class CostSpec(Spec):
    """OpenCost on the cluster, attributing accelerator cost to teams through their namespaces."""

    enabled: bool = True
    """install OpenCost (and, on AWS, activate the cost-allocation tags)."""
    namespace: ResourceName = "opencost"
    """namespace of the OpenCost release."""
    team_label: str = Field(default="team", pattern=r"^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$")
    """namespace label OpenCost aggregates by (the scheduling model sets it on every team namespace)."""
    gcp_pricing_key: str = Field(default="opencostPricingApiKey", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    """GCP: secret config key (namespace aiinfra) holding the Cloud Billing Catalog API key."""
    onprem_gpu_usd_per_hour: float = Field(default=0.0, ge=0, le=1000)
    """on-prem: internal rate per GPU-hour (0 reports GPU-hours with no dollar figure)."""
    onprem_cpu_usd_per_hour: float = Field(default=0.0, ge=0, le=100)
    """on-prem: internal rate per vCPU-hour."""
    onprem_ram_gib_usd_per_hour: float = Field(default=0.0, ge=0, le=100)
    """on-prem: internal rate per GiB-hour of memory."""
    retention_days: int = Field(default=15, ge=1, le=90)
    """days of daily cost data OpenCost keeps (collector data source, no Prometheus needed)."""


@dataclass(frozen=True)
class PriceSource:
    """Which list OpenCost and the plan price a platform's accelerators from, and where they differ."""

    cloud: str
    opencost: str
    plan: str
    same_list: bool
    notes: tuple[str, ...] = ()


def off_list(cloud: str, machines: Sequence[Any]) -> list[str]:
    """Machines whose catalog price is not the on-demand list price of the catalog's region."""
    region = CATALOG_PRICE_REGION[cloud]
    out = []
    for m in machines:
        price = m.price
        if price is None or not price.published:
            continue
        if region not in price.source or "on-demand" not in price.source.lower():
            out.append(f"{m.machine_type}: {price.source}")
    return out


def price_source(
    cloud: str, region: str | None, machines: Sequence[Any] = (), *, pricing_key: bool = True
) -> PriceSource:
    """The price source OpenCost uses on ``cloud`` against the plan's per-team nominal cost.

    ``machines``: the catalog entries of the platform's pools; one priced from anything but the
    catalog region's on-demand list breaks the match and is named. ``pricing_key`` False (GCP without
    a Cloud Billing Catalog API key): OpenCost falls back to its built-in default prices.
    """
    if cloud == "onprem":
        return PriceSource(
            cloud,
            OPENCOST_PRICING[cloud],
            "owned hardware: no cloud charge (nominal cost not priced)",
            same_list=False,
            notes=(
                "the plan prices no owned hardware; OpenCost applies the internal rates of the cost spec",
            ),
        )
    catalog_region = CATALOG_PRICE_REGION[cloud]
    plan = f"catalog on-demand list price ({catalog_region})"
    if cloud == "gcp" and not pricing_key:
        return PriceSource(
            cloud,
            "OpenCost built-in default prices (no Cloud Billing Catalog API key)",
            plan,
            same_list=False,
            notes=("set the secret config key observability.cost.gcp_pricing_key names",),
        )
    notes = [f"not the {catalog_region} on-demand list: {m}" for m in off_list(cloud, machines)]
    same = not notes
    if region is not None and region != catalog_region:
        notes.append(
            f"the plan's nominal cost uses {catalog_region} list prices; OpenCost uses {region}'s list"
        )
    return PriceSource(cloud, OPENCOST_PRICING[cloud], plan, same_list=same, notes=tuple(notes))
