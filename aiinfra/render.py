"""Rendering of plans: the JSON document of the CLI contract, the text view and dependency graphs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiinfra.engine.model import RecordedResource
from aiinfra.engine.values import to_jsonable
from aiinfra.integers import integer_tree, with_integers
from aiinfra.render_sections import accelerator_lines, cost_lines, finding_lines, storage_lines


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
    out += ["", *accelerator_lines(s), "", *storage_lines(s), "", *cost_lines(s), "", *finding_lines(s)]
    storage = [r for r in plan.run.resources if r.custom and r.protect]
    out += ["", "Protected data and keys:"]
    out += [f"  {r.type}  {r.name}" for r in storage] or ["  none"]
    cp = s["critical_path"]
    out += ["", f"Critical path: ~{cp['minutes']} min", *[f"  {step}" for step in cp["chain"]]]
    out += ["", f"Policy verdicts: {len(violations)} finding(s)"]
    for v in violations:
        flag = " (waived)" if v.get("waived") else ""
        out.append(
            f"  [{v['enforcement']}/{v['severity']}] {v['policy_id']} {v['resource']}: {v['message']}{flag}"
        )
    return "\n".join(out)


def graph_dot(plan: Any) -> str:
    """Graphviz DOT of a plan (components as clusters, critical path highlighted; see aiinfra/graph.py)."""
    from aiinfra.graph import graph_dot as render

    return render(plan)


def graph_mermaid(plan: Any) -> str:
    """Mermaid flowchart of a plan (components as subgraphs; see aiinfra/graph.py)."""
    from aiinfra.graph import graph_mermaid as render

    return render(plan)
