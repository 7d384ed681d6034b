"""``energy``: the on-prem site's own PUE and grid carbon intensity (clouds publish theirs; sites do not)."""

from __future__ import annotations

from pydantic import Field

from .base import Spec


class SiteEnergySpec(Spec):
    """What the plan needs to estimate an on-prem site's energy and emissions (docs/energy.md)."""

    pue: float = Field(ge=1.0, le=3.0)
    """the site's power usage effectiveness: facility power / IT power (1.0-3.0; typical 1.2-1.6)."""
    grid_g_co2e_per_kwh: float = Field(ge=0.0, le=1500.0)
    """location-based grid carbon intensity of the site's electricity, gCO2e per kWh (0-1500)."""
    source: str = Field(min_length=1, max_length=200)
    """where the two figures come from (e.g. 'facility meter 2025; utility disclosure 2025')."""
