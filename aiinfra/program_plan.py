"""``aiinfra plan --program``: the plan summary of any Pulumi project, read from what it registered.

A shipped stack knows its accelerators from its validated blueprint config; a user's program has
no such config, so the accelerator table is read off the resources themselves: EKS node groups
(instance type from the node group or its launch template, ``scalingConfig.maxSize``; pulumi_eks's
remote ``ManagedNodeGroup`` likewise, and its ``Cluster``/``NodeGroup``/``NodeGroupV2`` from their
own ``instanceType``/``maxSize`` inputs), EC2
instances, GKE node pools (``nodeConfig.machineType``, autoscaling maximum or node count) and
Compute Engine instances, each looked up in the accelerator catalog. Machine types the catalog
does not list carry no accelerators and are left out. The result has the same shape as a stack plan
so :func:`aiinfra.render.plan_text` and ``plan_json`` render it unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.critical_path import critical_path

EKS_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup"
"""pulumi_eks's managed node group: a remote component whose inputs are aws.eks.NodeGroup's."""
EKS_SELF_MANAGED = ("eks:index:Cluster", "eks:index:NodeGroup", "eks:index:NodeGroupV2")
"""pulumi_eks components that create self-managed nodes (the cluster's default node group unless skipped)."""
PROGRAM_BLUEPRINT = "program"
"""What ``blueprint`` reads for a user's program (it picks no aiinfra blueprint)."""


@dataclass(frozen=True)
class ProgramPlan:
    """An offline plan of a user's project, shaped like :class:`aiinfra.plan.StackPlan`."""

    stack: str
    path: Path
    blueprint: str
    config: Any
    run: Any
    summary: dict[str, Any] = field(default_factory=dict)
    hosted: Any = None
    """The :class:`aiinfra.engine.host.HostedRun` (captured output, notes)."""


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def _number(value: Any, default: int = 1) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _pools(run: Any) -> list[dict[str, Any]]:
    """(pool name, machine type, max nodes, capacity) for every compute resource in the run."""
    templates = {r.id: r for r in run.resources if r.type == "aws:ec2/launchTemplate:LaunchTemplate" and r.id}
    found: list[dict[str, Any]] = []
    for r in run.resources:
        i = r.inputs
        if r.type in ("aws:eks/nodeGroup:NodeGroup", EKS_MANAGED_NODE_GROUP):
            types = i.get("instanceTypes") or []
            machine = types[0] if types and isinstance(types[0], str) else None
            if machine is None:
                lt = templates.get(_get(i, "launchTemplate", "id"))
                machine = lt.inputs.get("instanceType") if lt is not None else None
            capacity = str(i.get("capacityType") or "ON_DEMAND").lower()
            found.append(
                {
                    "pool": r.name,
                    "machine": machine,
                    "max": _number(_get(i, "scalingConfig", "maxSize")),
                    "capacity": capacity,
                }
            )
        elif r.type in EKS_SELF_MANAGED and not (
            r.type == "eks:index:Cluster"
            and (i.get("skipDefaultNodeGroup") or i.get("fargate") or _get(i, "autoMode", "enabled"))
        ):
            # pulumi-eks 4.4.0 defaults (its Python SDK docstrings): instanceType t3.medium, maxSize 2
            found.append(
                {
                    "pool": r.name,
                    "machine": i.get("instanceType") or "t3.medium",
                    "max": _number(i.get("maxSize"), 2),
                    "capacity": "spot" if i.get("spotPrice") else "on_demand",
                }
            )
        elif r.type == "aws:ec2/instance:Instance":
            found.append(
                {"pool": r.name, "machine": i.get("instanceType"), "max": 1, "capacity": "on_demand"}
            )
        elif r.type == "gcp:container/nodePool:NodePool":
            auto = i.get("autoscaling") or {}
            top = (
                auto.get("maxNodeCount")
                or auto.get("totalMaxNodeCount")
                or i.get("nodeCount")
                or i.get("initialNodeCount")
            )
            spot = _get(i, "nodeConfig", "spot") or _get(i, "nodeConfig", "preemptible")
            reserved = _get(i, "nodeConfig", "reservationAffinity", "consumeReservationType")
            capacity = (
                "spot"
                if spot
                else ("reservation" if reserved and "SPECIFIC" in str(reserved) else "on_demand")
            )
            found.append(
                {
                    "pool": r.name,
                    "machine": _get(i, "nodeConfig", "machineType"),
                    "max": _number(top),
                    "capacity": capacity,
                }
            )
        elif r.type == "gcp:compute/instance:Instance":
            found.append({"pool": r.name, "machine": i.get("machineType"), "max": 1, "capacity": "on_demand"})
    return [p for p in found if isinstance(p["machine"], str)]


def accelerators(run: Any) -> list[dict[str, Any]]:
    """The accelerator table of a plan summary, one row per pool whose machine type is in the catalog."""
    from aiinfra.components.catalog import find
    from aiinfra.components.spec import PoolCapacity
    from aiinfra.cost import pool_cost

    rows = []
    for p in _pools(run):
        machine = find(p["machine"])
        if machine is None or machine.accelerator_count <= 0:
            continue
        # A program states no region the price tables could use: list prices by capacity kind.
        price = pool_cost(PoolCapacity(p["pool"], machine, p["max"], p["capacity"]), None).usd_per_hour
        rows.append(
            {
                "pool": p["pool"],
                "cloud": machine.cloud,
                "machine_type": machine.machine_type,
                "accelerator": machine.accelerator,
                "per_node": machine.accelerator_count,
                "max_nodes": p["max"],
                "total": machine.accelerator_count * p["max"],
                "capacity": p["capacity"],
                "fabric": machine.fabric,
                "fabric_interfaces": machine.fabric_interfaces,
                "usd_per_hour": None if price is None else round(price, 2),
                "price_verified": bool(machine.price and machine.price.verified),
            }
        )
    return rows


def summarize_program(run: Any) -> dict[str, Any]:
    """The plan summary (same keys as a stack's) for a user's program."""
    custom = [r for r in run.resources if r.custom]
    rows = accelerators(run)
    priced = [a["usd_per_hour"] for a in rows if a["usd_per_hour"] is not None]
    path = critical_path(run.resources)
    by_urn = run.by_urn()
    return {
        "resource_count": len(custom),
        "component_count": len(run.resources) - len(custom),
        "resource_types": dict(sorted(Counter(r.type for r in custom).items())),
        "accelerators": rows,
        "accelerator_total": sum(a["total"] for a in rows),
        "estimated_usd_per_hour": round(sum(priced), 2),
        "unpriced_pools": [a["pool"] for a in rows if a["usd_per_hour"] is None],
        "unverified_price_pools": [
            a["pool"] for a in rows if a["usd_per_hour"] is not None and not a["price_verified"]
        ],
        "critical_path": {
            "minutes": path.minutes,
            "chain": [f"{by_urn[u].type}::{by_urn[u].name}" for u in path.chain],
        },
    }


def plan_program(hosted: Any) -> ProgramPlan:
    """Wrap a hosted run of a user's project as a plan."""
    project = hosted.project
    return ProgramPlan(
        stack=project.stack,
        path=project.entry,
        blueprint=PROGRAM_BLUEPRINT,
        config=None,
        run=hosted.run,
        summary=summarize_program(hosted.run),
        hosted=hosted,
    )
