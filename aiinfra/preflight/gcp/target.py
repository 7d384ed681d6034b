"""What the GCP checks look at, adapted from a ``gcp`` blueprint Config (or a hybrid stack's GCP side)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiinfra.components.catalog import MachineType


@dataclass(frozen=True)
class GcpPoolTarget:
    """One GPU pool or TPU slice as preflight needs it."""

    name: str
    machine: MachineType
    max_nodes: int
    capacity: str  # on_demand | spot | reservation | flex_start
    reservation_id: str | None
    zone: str | None

    @property
    def accelerators(self) -> int:
        """Accelerators of the pool at ``max_nodes``."""
        return self.machine.accelerator_count * self.max_nodes


@dataclass(frozen=True)
class GcpTarget:
    """A GCP deployment to check: project, region, pools."""

    platform: str
    project: str
    region: str
    pools: tuple[GcpPoolTarget, ...]


def from_gcp_config(config: Any) -> GcpTarget:
    """Adapt a validated ``gcp`` blueprint Config."""
    pools = tuple(
        GcpPoolTarget(p.name, p.machine("gcp"), p.max_nodes, p.capacity, p.reservation_id, p.zone)
        for p in (*config.pools, *config.tpu_slices)
    )
    return GcpTarget(config.name, config.project, config.region, pools)


def from_hybrid_config(config: Any) -> GcpTarget:
    """The GCP burst side of a ``hybrid`` stack."""
    return from_gcp_config(config.cloud)
