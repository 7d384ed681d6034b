"""Rendering of plans: the JSON document of the CLI contract, the text view and dependency graphs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiinfra.engine.model import RecordedResource
from aiinfra.engine.values import to_jsonable
from aiinfra.integers import integer_tree, with_integers
from aiinfra.printable import printable
from aiinfra.render_sections import (
    accelerator_lines,
    cost_lines,
    dra_lines,
    energy_lines,
    finding_lines,
    observability_lines,
    service_lines,
    storage_lines,
)

PLAN_FORMAT = 2
"""Version of the ``aiinfra plan --format json`` document (its top-level ``plan_format``).

1 (unversioned): stacks with resources, outputs, summary, violations. 2: adds ``plan_format`` and, for
shipped stacks as for ``--program``, ``summary.coverage`` (what ``aiinfra diff`` compares); every
key of 1 is unchanged. docs/reading-the-plan.md describes the document.
"""


def resource_json(res: RecordedResource) -> dict[str, Any]:
    """One resource as the plan JSON shows it (secrets as ``"[secret]"``, integers as the SDK types them)."""
    inputs = to_jsonable(res.inputs)
    return {
        "urn": res.urn,
        "id": res.id,
        "type": res.type,
        "name": res.name,
        "parent": res.parent,
        "inputs": with_integers(inputs, integer_tree(res.type)) if res.custom else inputs,
        "protect": res.protect,
        "retain_on_delete": res.retain_on_delete,
        "dependencies": list(res.dependencies),
        # which input each dependency feeds (``aiinfra export`` rebuilds Terraform references from it)
        "property_dependencies": {k: list(v) for k, v in res.property_dependencies.items() if v},
        "provider": res.provider,
        "custom": res.custom,
    }


def plan_json(plan: Any, violations: list[dict[str, Any]]) -> dict[str, Any]:
    """One stack's entry of ``aiinfra plan --format json``."""
    return {
        "stack": plan.stack,
        "blueprint": plan.blueprint,
        "resources": [resource_json(r) for r in plan.run.resources],
        "outputs": to_jsonable(plan.run.outputs),
        "summary": plan.summary,
        "violations": violations,
    }


def _tree_lines(resources: tuple[RecordedResource, ...]) -> list[str]:
    children: dict[str | None, list[RecordedResource]] = defaultdict(list)
    for res in resources:
        children[res.parent].append(res)
    lines: list[str] = []

    def walk(parent: str | None, prefix: str) -> None:
        items = children.get(parent, [])
        for i, res in enumerate(items):
            last = i == len(items) - 1
            flags = "".join(
                [" [protected]" if res.protect else "", " [retain]" if res.retain_on_delete else ""]
            )
            lines.append(f"{prefix}{'└─ ' if last else '├─ '}{res.type}  {res.name}{flags}")
            walk(res.urn, prefix + ("   " if last else "│  "))

    walk(None, "")
    return lines


def plan_text(plan: Any, violations: list[dict[str, Any]]) -> str:
    """The human view: resource tree, accelerators and fabric, storage, keys, cost, verdicts."""
    s = plan.summary
    out = [
        f"Stack {plan.stack} (blueprint {plan.blueprint}): {s['resource_count']} resources in {s['component_count']} components",
        "",
    ]
    out += _tree_lines(plan.run.resources)
    out += ["", *accelerator_lines(s)]
    if s.get("dra"):
        out += ["", *dra_lines(s["dra"])]
    if s.get("scheduling"):
        out += ["", *scheduling_lines(s["scheduling"])]
    if s.get("observability"):
        out += ["", *observability_lines(s["observability"])]
    out += ["", *storage_lines(s)]
    if s.get("services"):
        out += ["", *service_lines(s)]
    out += ["", *cost_lines(s)]
    energy = energy_lines(s)
    if energy:
        out += ["", *energy]
    out += ["", *finding_lines(s)]
    storage = [r for r in plan.run.resources if r.custom and r.protect]
    out += ["", "Protected data and keys:"]
    out += [f"  {r.type}  {r.name}" for r in storage] or ["  none"]
    out += ["", *envelope_lines(s.get("envelope", []))]
    if s.get("network_policy"):
        out += ["", *network_policy_lines(s["network_policy"])]
    cp = s["critical_path"]
    out += ["", f"Critical path: ~{cp['minutes']} min", *[f"  {step}" for step in cp["chain"]]]
    out += ["", f"Policy verdicts: {len(violations)} finding(s)"]
    for v in violations:
        flag = " (waived)" if v.get("waived") else ""
        out.append(
            f"  [{v['enforcement']}/{v['severity']}] {v['policy_id']} {v['resource']}: {v['message']}{flag}"
        )
    return "\n".join(printable(line) for line in out)


def envelope_lines(envelope: list[dict[str, Any]]) -> list[str]:
    """The performance envelope section: fabric enabled vs the machine's, hot tier per accelerator, zones."""
    out = ["Performance envelope (fabric enabled / machine maximum; hot-tier MB/s per accelerator; zone):"]
    for e in envelope:
        if e["fabric_percent"] is None:
            fabric = "no scale-out fabric" if e["fabric"] == "none" else f"{e['fabric']}: no bandwidth figure"
        else:
            fabric = (
                f"{e['fabric']} {e['interfaces_enabled']}/{e['interfaces_max']} = "
                f"{e['fabric_gbps_enabled']:,.0f}/{e['fabric_gbps_max']:,.0f} Gbps ({e['fabric_percent']:g}%)"
            )
        hot = (
            "no hot-tier figure"
            if e["hot_mbps_per_accelerator"] is None
            else (f"{e['hot_mbps_per_accelerator']:,.1f} MB/s per accelerator")
        )
        zone = {True: "same zone", False: "CROSS-ZONE", None: "zone unknown"}[e["same_zone"]]
        flag = " [under-provisioned fabric]" if e["under_provisioned"] else ""
        out.append(f"  {e['pool']:<16} {fabric:<44} {hot:<30} {zone}{flag}")
        if e.get("scaled_by"):
            out.append(f"  {'':<16} scaled by: {e['scaled_by']}")
    return out if envelope else [*out, "  no pools"]


def network_policy_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Who enforces the NetworkPolicies of each cluster of the stack."""
    out = ["NetworkPolicy enforcement:"]
    for r in rows:
        state = {True: "enforced", False: "NOT ENFORCED", None: "not verified"}[r["enforced"]]
        out.append(
            f"  {r['cluster']:<8} {state}: {r['enforced_by']} ({r['policies']} NetworkPolicies in the plan)"
        )
    return out


def scheduling_lines(sched: dict[str, Any]) -> list[str]:
    """The per-team quota table and the per-cohort check that quotas add up."""
    lines = [f"Scheduling (Kueue, platform cohort {sched['root_cohort']}):"]
    lines.append(
        f"  {'team':<14} {'cohort':<12} {'priority':<20} {'flavor':<14} {'capacity':<15}"
        f" {'nominal':>7} {'borrow':>7} {'$/h at scale':>13}"
    )
    for team in sched["teams"]:
        first = True
        for row in team["flavors"]:
            if not row["nominal"] and row["borrowing_limit"] == 0:
                continue
            head = (team["team"], team["cohort"], team["priority_class"]) if first else ("", "", "")
            borrow = "any" if row["borrowing_limit"] is None else str(row["borrowing_limit"])
            # a borrowing-only row (no nominal quota) has no cost of its own: "-", never $0.00
            if not row["nominal"]:
                usd = "-"
            elif row["usd_per_hour"] is None:
                usd = "owned" if sched.get("cloud") == "onprem" else "unpriced"
            else:
                usd = f"${row['usd_per_hour']:,.2f}"
            lines.append(
                f"  {head[0]:<14} {head[1]:<12} {head[2]:<20} {row['flavor']:<14} {row['capacity']:<15}"
                f" {row['nominal']:>7} {borrow:>7} {usd:>13}"
            )
            first = False
        budget = f", budget ${team['monthly_budget_usd']:,}/month" if team["monthly_budget_usd"] else ""
        owned = sched.get("cloud") == "onprem"
        if team["unpriced_flavors"] and not owned:
            budget += f" (no list price for {', '.join(team['unpriced_flavors'])})"
        usd = team["nominal_usd_per_hour"]
        if not any(row["nominal"] for row in team["flavors"]):
            cost = "none (no nominal quota; borrows only)"
        else:
            cost = (
                ("owned hardware, no cloud charge" if owned else "unpriced")
                if usd is None
                else f"${usd:,.2f}/h"
            )
        lines.append(f"  {'':<14} nominal quota at scale {cost}{budget}")
        if team.get("budget_alert"):
            lines.append(f"  {'':<14} budget: {team['budget_alert']}")
    lines.append("  Quotas per cohort (nominal / pool supply at full scale):")
    for cohort in sched["cohorts"]:
        parts = [
            f"{p['flavor']} {p['nominal']}/{p['supply']}{' ok' if p['fits'] else ' OVER'}"
            + (f" (+{p['shared']} shared)" if p["shared"] else "")
            for p in cohort["pools"]
            if p["nominal"] or p["shared"]
        ]
        parent = f" (in {cohort['parent']})" if cohort["parent"] else ""
        lines.append(f"    {cohort['cohort']}{parent}: {', '.join(parts) or 'no nominal quota'}")
    return lines
