"""The ``observability`` section of every blueprint."""

from __future__ import annotations

from pydantic import Field

from ..spec.base import Spec
from .cost_spec import CostSpec


class ObservabilitySpec(Spec):
    """What the platform measures about itself."""

    cost: CostSpec = Field(default_factory=CostSpec)
    """cost per team: OpenCost with the cloud's list prices, namespaces attributed to teams."""
