"""The overview of a plan a person reads at a glance: one box per top-level component, not per resource.

Each top-level component (and each resource registered outside any component, such as an explicit
provider) is one node; everything nested inside it counts towards it. A dependency between two
resources in different nodes becomes one arrow between the nodes, and arrows implied by a longer
chain are left out. Accelerator pools say what they yield (machines, accelerators, fabric, $/h at
full scale), storage components list their tiers, and the provisioning critical path
(:mod:`aiinfra.critical_path`) is carried over node by node.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiinfra.critical_path import critical_path, minutes_for

POOL_CLASSES = ("GpuNodePool", "TpuNodePool", "GpuOperator")
STORAGE_CLASSES = ("TieredStorage", "OnpremStorage")


@dataclass
class OverviewNode:
    """One box: a top-level component or a loose resource, with what it holds."""

    id: str
    name: str
    kind: str
    """``pool``, ``storage``, ``component`` or ``resource``."""
    type: str
    resources: int = 0
    details: list[str] = field(default_factory=list)
    critical_minutes: float = 0.0
    """Minutes of the critical path spent in this node (0 when the path does not pass through it)."""


@dataclass
class Overview:
    """Nodes, arrows (from id, to id, on the critical path) and the critical path's total minutes."""

    title: str
    nodes: list[OverviewNode]
    edges: list[tuple[str, str, bool]]
    critical_minutes: float


def _class(token: str) -> str:
    return token.rsplit(":", 1)[-1]


def _short(token: str) -> str:
    parts = token.split(":")
    return f"{parts[0]}:{parts[-1]}" if len(parts) >= 3 else token


def _pool_details(name: str, summary: dict[str, Any]) -> list[str]:
    for row in summary.get("accelerators") or []:
        if name == row["pool"] or name.endswith(f"-{row['pool']}"):
            fabric = (
                "no fabric" if row["fabric"] == "none" else f"{row['fabric']} x{row['fabric_interfaces']}"
            )
            usd = "unpriced" if row["usd_per_hour"] is None else f"${row['usd_per_hour']:,.2f}/h"
            return [
                f"{row['max_nodes']} x {row['machine_type']} = {row['total']} {row['accelerator']}",
                f"{row['capacity']}, {fabric}, {usd}",
            ]
    return []


def _storage_details(token: str, summary: dict[str, Any]) -> list[str]:
    side = "onprem" if ":onprem:" in token else "cloud"
    rows = summary.get("storage") or []
    sided = [r for r in rows if r["tier"].split()[0] in ("onprem", "cloud")]
    picked = [r for r in rows if r["tier"].startswith(side)] if sided else rows
    return [
        f"{r['tier'].split()[-1]}: {r['kind']}" + (f", {r['size']}" if r["size"][0].isdigit() else "")
        for r in picked
    ]


def overview(plan: Any) -> Overview:
    """The overview of one plan (a :class:`~aiinfra.plan.StackPlan` or a planned ``--program``)."""
    resources = list(plan.run.resources)
    by_urn = {r.urn: r for r in resources}
    top: dict[str, str] = {}  # urn -> urn of the node it belongs to

    def owner(urn: str) -> str:
        if urn not in top:
            r = by_urn[urn]
            parent = (
                r.parent
                if r.parent in by_urn and not by_urn[r.parent].type.startswith("pulumi:pulumi:Stack")
                else None
            )
            top[urn] = urn if parent is None else owner(parent)
        return top[urn]

    members: dict[str, list[Any]] = defaultdict(list)
    for r in resources:
        if r.type.startswith("pulumi:pulumi:Stack"):
            continue
        members[owner(r.urn)].append(r)
    summary = getattr(plan, "summary", {}) or {}
    nodes: dict[str, OverviewNode] = {}
    for index, urn in enumerate(members):
        head = by_urn[urn]
        cls = _class(head.type)
        kind = (
            "resource"
            if head.custom
            else "pool"
            if cls in POOL_CLASSES
            else "storage"
            if cls in STORAGE_CLASSES
            else "component"
        )
        details = _pool_details(head.name, summary) if kind == "pool" else []
        details = _storage_details(head.type, summary) if kind == "storage" else details
        nodes[urn] = OverviewNode(
            id=f"c{index}",
            name=head.name,
            kind=kind,
            type=_short(head.type),
            resources=sum(1 for m in members[urn] if m.custom),
            details=details,
        )
    path = critical_path(resources)
    chain = path.chain
    spent: Counter[str] = Counter()
    for urn in chain:
        spent[owner(urn)] += minutes_for(by_urn[urn].type)
    for urn, minutes in spent.items():
        nodes[urn].critical_minutes = round(minutes, 1)
    critical_edges = {(owner(a), owner(b)) for a, b in itertools.pairwise(chain) if owner(a) != owner(b)}
    arrows: set[tuple[str, str]] = set()
    for r in resources:
        if r.urn not in top:
            continue
        for dep in (*r.dependencies, *((r.provider,) if r.provider else ())):
            if dep in top and owner(dep) != owner(r.urn):
                arrows.add((owner(dep), owner(r.urn)))
    kept = _reduced(arrows) | critical_edges
    edges = [
        (nodes[a].id, nodes[b].id, (a, b) in critical_edges)
        for a, b in sorted(kept, key=lambda e: (nodes[e[0]].id, nodes[e[1]].id))
    ]
    title = f"{plan.stack} (blueprint {plan.blueprint})"
    return Overview(title, list(nodes.values()), edges, path.minutes)


def _reduced(arrows: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Arrows not implied by a longer chain (A -> B -> C makes A -> C redundant)."""
    succ: dict[str, set[str]] = defaultdict(set)
    for a, b in arrows:
        succ[a].add(b)

    def reachable_without(a: str, b: str) -> bool:
        seen, stack = set(), [n for n in succ[a] if n != b]
        while stack:
            n = stack.pop()
            if n == b:
                return True
            if n not in seen:
                seen.add(n)
                stack.extend(succ[n])
        return False

    return {(a, b) for a, b in arrows if not reachable_without(a, b)}
