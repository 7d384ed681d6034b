"""Shared helpers of the scheduling tests: shipped stacks' raw platform objects and small plans."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aiinfra.components.scheduling.flavors import FlavorSource, plan_of
from aiinfra.components.scheduling.spec import SchedulingSpec
from aiinfra.components.spec.base import Taint

REPO = Path(__file__).resolve().parents[2]


@cache
def _raw(stack: str) -> dict[str, Any]:
    return yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())


def stack_file(stack: str) -> dict[str, Any]:
    """A deep copy of a shipped stack file (``config`` and all)."""
    return copy.deepcopy(_raw(stack))


def flavor(
    name: str, *, nodes: int = 2, per_node: int = 8, capacity: str = "on_demand", **extra: Any
) -> FlavorSource:
    """A GPU pool flavor with round host figures (96 vCPU, 1024 GiB per node, $80/node-hour)."""
    return FlavorSource(
        name=name,
        machine_type=extra.pop("machine_type", "test-8g"),
        accelerator="NVIDIA H100",
        accelerator_kind=extra.pop("kind", "gpu"),
        device_resource=extra.pop("device", "nvidia.com/gpu"),
        accelerators_per_node=per_node,
        vcpus=96,
        memory_gib=1024,
        nodes=nodes,
        capacity=capacity,
        node_labels={"aiinfra.io/pool": name},
        taints=(Taint(key="nvidia.com/gpu", value="present"),),
        usd_per_node_hour=80.0,
        **extra,
    )


def plan(teams: list[dict[str, Any]], flavors: list[FlavorSource], **spec: Any):
    """A scheduling plan of ``teams`` over ``flavors`` (platform cohort ``plat``)."""
    return plan_of(SchedulingSpec(teams=teams, **spec), flavors, root_cohort="plat", cloud="aws")
