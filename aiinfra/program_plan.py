"""``aiinfra plan --program``: the plan summary of any Pulumi project, read from what it registered.

A shipped stack knows its accelerators from its validated blueprint config; a user's program has
no such config, so the accelerator table is read off the resources themselves: EKS node groups
(instance type from the node group or its launch template, ``scalingConfig.maxSize``; pulumi_eks's
remote ``ManagedNodeGroup`` likewise, and its ``Cluster``/``NodeGroup``/``NodeGroupV2`` from their
own ``instanceType``/``maxSize`` inputs), EC2
instances, GKE node pools (``nodeConfig.machineType``, autoscaling maximum or node count) and
Compute Engine instances, each looked up in the accelerator catalog, plus SageMaker instance types
and Karpenter NodePools (:mod:`aiinfra.program_accelerators`). Machine types the catalog does not
list carry no accelerators and are left out; SageMaker and Karpenter asks the catalog cannot count
are listed under ``accelerators_not_counted`` with the reason. The result has the same shape as a stack plan
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


@dataclass(frozen=True)
class ProgramCapacity:
    """A user's program seen the way the cost estimate, the energy estimate and the envelope see a
    blueprint config: its accelerator pools at full scale and the region it runs in."""

    pools: tuple[Any, ...]
    context: Mapping[str, str]

    def capacity_at_scale(self) -> list[Any]:
        """The program's accelerator pools (``PoolCapacity``) at their maximum node counts."""
        return list(self.pools)

    def offline_context(self) -> dict[str, str]:
        """``aws_region`` / ``gcp_region`` of the program (its config or explicit providers)."""
        return dict(self.context)


def program_context(run: Any, config: Mapping[str, Any] | None) -> dict[str, str]:
    """The regions a program runs in: ``aws:region`` / ``gcp:region`` config, else the first explicit
    provider's ``region`` input."""
    config = config or {}
    out: dict[str, str] = {}
    for cloud in ("aws", "gcp"):
        region = config.get(f"{cloud}:region")
        if not isinstance(region, str):
            region = next(
                (
                    r.inputs.get("region")
                    for r in run.resources
                    if r.type == f"pulumi:providers:{cloud}" and isinstance(r.inputs.get("region"), str)
                ),
                None,
            )
        if isinstance(region, str) and region:
            out[f"{cloud}_region"] = region
    return out


def program_capacity(run: Any, config: Mapping[str, Any] | None = None) -> ProgramCapacity:
    """Every compute resource of the run whose machine type the catalog lists with accelerators, as a
    pool at full scale with the fabric its resources actually wire (``none`` when they wire none)."""
    from aiinfra.components.catalog import find
    from aiinfra.components.spec import PoolCapacity
    from aiinfra.envelope import pool_envelopes

    capacity_kinds = {"on_demand", "spot", "capacity_block", "reservation", "flex_start"}
    pools = []
    for p in _pools(run):
        machine = find(p["machine"])
        if machine is None or machine.accelerator_count <= 0:
            continue
        kind = p["capacity"] if p["capacity"] in capacity_kinds else "on_demand"
        pools.append(PoolCapacity(p["pool"], machine, p["max"], kind, machine.fabric))  # type: ignore[arg-type]
    context = program_context(run, config)
    wired = {
        e.pool: e.interfaces_enabled for e in pool_envelopes(ProgramCapacity(tuple(pools), context), run)
    }
    configured = tuple(
        PoolCapacity(p.pool, p.machine, p.max_nodes, p.capacity, p.fabric if wired.get(p.pool) else "none")
        for p in pools
    )
    return ProgramCapacity(configured, context)


def _placement(run: Any, pool: str) -> str:
    for r in run.resources:
        if r.name != pool:
            continue
        if r.type == "gcp:container/nodePool:NodePool":
            policy = r.inputs.get("placementPolicy") or {}
            if policy:
                return f"{policy.get('type', 'policy')} placement"
        if r.type == "aws:eks/nodeGroup:NodeGroup":
            template_id = _get(r.inputs, "launchTemplate", "id")
            for t in run.resources:
                if t.type == "aws:ec2/launchTemplate:LaunchTemplate" and t.id and t.id == template_id:
                    group = _get(t.inputs, "placement", "groupName")
                    if group:
                        return f"placement group {group}"
    return "none"


def accelerators(run: Any, capacity: ProgramCapacity | None = None) -> list[dict[str, Any]]:
    """The accelerator table of a plan summary, one row per pool whose machine type is in the catalog."""
    from aiinfra.cost import pool_cost
    from aiinfra.envelope import pool_envelopes

    capacity = capacity or program_capacity(run)
    region = capacity.context.get("aws_region") or capacity.context.get("gcp_region")
    envelopes = {e.pool: e for e in pool_envelopes(capacity, run)}
    rows = []
    for p in capacity.pools:
        machine = p.machine
        price = pool_cost(p, region).usd_per_hour
        zones = envelopes[p.pool].pool_zones if p.pool in envelopes else ()
        rows.append(
            {
                "pool": p.pool,
                "cloud": machine.cloud,
                "machine_type": machine.machine_type,
                "accelerator": machine.accelerator,
                "per_node": machine.accelerator_count,
                "max_nodes": p.max_nodes,
                "total": p.accelerators,
                "capacity": p.capacity,
                "fabric": p.fabric,
                "fabric_interfaces": p.fabric_interfaces,
                "zones": ", ".join(zones) if zones else (f"any zone of {region}" if region else "-"),
                "placement": _placement(run, p.pool),
                "usd_per_hour": None if price is None else round(price, 2),
                "price_verified": bool(machine.price and machine.price.verified),
            }
        )
    return rows


def _managed_row(pool: dict[str, Any], machine: Any) -> dict[str, Any]:
    """An accelerator row for capacity a managed service or autoscaler provisions (SageMaker, Karpenter):
    unpriced (SageMaker bills its own ``ml.`` prices; Karpenter picks among candidates)."""
    return {
        "pool": pool["pool"],
        "cloud": machine.cloud,
        "machine_type": pool.get("requested") or machine.machine_type,
        "accelerator": machine.accelerator,
        "per_node": machine.accelerator_count,
        "max_nodes": pool["max"],
        "total": pool.get("total", machine.accelerator_count * pool["max"]),
        "capacity": pool["capacity"],
        "fabric": machine.fabric,
        "fabric_interfaces": machine.fabric_interfaces,
        "zones": "-",
        "placement": "-",
        "usd_per_hour": None,
        "price_verified": False,
    }


def managed_accelerators(run: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows, not counted) for SageMaker instances and Karpenter NodePools with accelerator requirements;
    asks the catalog cannot count are listed with the reason."""
    from aiinfra.components.catalog import find, machines
    from aiinfra.program_accelerators import is_accelerator_family, karpenter_pools, sagemaker_pools

    rows: list[dict[str, Any]] = []
    not_counted: list[dict[str, Any]] = []
    for p in sagemaker_pools(run.resources):
        machine = find(p["machine"])
        if machine is not None and machine.accelerator_count > 0:
            rows.append(_managed_row(p, machine))
        elif machine is None and is_accelerator_family(p["machine"]):
            not_counted.append(
                {"pool": p["pool"], "machine_type": p["requested"], "reason": "not in the catalog"}
            )
    counted, skipped = karpenter_pools(run.resources, machines())
    for k in counted:
        first = k["candidates"][0]
        row = _managed_row(
            {"pool": k["pool"], "max": k["max"], "total": k["total"], "capacity": k["capacity"]}, first
        )
        row["candidates"] = [m.machine_type for m in k["candidates"]]
        row["accelerator"] = " / ".join(sorted({m.accelerator for m in k["candidates"]}))
        rows.append(row)
    return rows, not_counted + skipped


def summarize_program(run: Any, config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The plan summary (same keys as a stack's) for a user's program: accelerators, cost, energy and
    the performance envelope computed by the same code as a stack plan's."""
    from aiinfra.cost import estimate
    from aiinfra.energy import estimate as estimate_energy
    from aiinfra.envelope import pool_envelopes

    custom = [r for r in run.resources if r.custom]
    capacity = program_capacity(run, config)
    managed, not_counted = managed_accelerators(run)
    rows = accelerators(run, capacity) + managed
    cost = estimate(capacity, run.resources)
    path = critical_path(run.resources)
    by_urn = run.by_urn()
    return {
        "resource_count": len(custom),
        "component_count": len(run.resources) - len(custom),
        "resource_types": dict(sorted(Counter(r.type for r in custom).items())),
        "accelerators": rows,
        "accelerator_total": sum(a["total"] for a in rows),
        "accelerators_not_counted": not_counted,
        "estimated_usd_per_hour": cost["total_usd_per_hour"] if cost["applicable"] else None,
        "cost": cost,
        "energy": estimate_energy(capacity),
        "unpriced_pools": [a["pool"] for a in rows if a["usd_per_hour"] is None],
        "unverified_price_pools": [
            a["pool"] for a in rows if a["usd_per_hour"] is not None and not a["price_verified"]
        ],
        "critical_path": {
            "minutes": path.minutes,
            "chain": [f"{by_urn[u].type}::{by_urn[u].name}" for u in path.chain],
        },
        "envelope": [e.to_json() for e in pool_envelopes(capacity, run)],
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
        summary=summarize_program(hosted.run, project.config),
        hosted=hosted,
    )
