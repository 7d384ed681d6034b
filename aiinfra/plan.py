"""``plan_stack``: a shipped stack planned offline, with its summary.

One function serves ``aiinfra plan``, ``aiinfra check`` and the tests: read the stack file, validate
the platform config (nothing is registered when that fails), run the Pulumi program under the
offline engine and summarise accelerators, cost and the provisioning critical path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.blueprints import validate_platform
from aiinfra.cost import estimate
from aiinfra.critical_path import critical_path
from aiinfra.energy import estimate as estimate_energy
from aiinfra.envelope import network_policy_enforcement, pool_envelopes
from aiinfra.errors import InputError
from aiinfra.plan_sections import pool_placements, service_rows, storage_findings, storage_rows
from aiinfra.stacks import StackFile, load_stack

PLATFORM_KEY = "aiinfra:platform"
OFFLINE_SECRET = "offline-placeholder-secret"


@dataclass(frozen=True)
class StackPlan:
    """An offline plan of one stack."""

    stack: str
    path: Path
    blueprint: str
    config: Any  # the validated blueprint Config
    run: Any  # aiinfra.engine.ProgramRun
    summary: dict[str, Any] = field(default_factory=dict)


def split_secure_config(config: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Stack files carry ``{secure: ...}`` ciphertext; offline, each becomes a marked placeholder."""
    plain: dict[str, Any] = {}
    secret_keys = []
    for key, value in config.items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            plain[key] = OFFLINE_SECRET
            secret_keys.append(key)
        else:
            plain[key] = value
    return plain, secret_keys


def validated_config(stack: StackFile) -> Any:
    """The stack's platform config, validated; raises :class:`InputError` naming the field."""
    raw = stack.config.get(PLATFORM_KEY)
    if raw is None:
        raise InputError(f"{stack.path.name}: config key {PLATFORM_KEY!r} is required")
    return validate_platform(raw)


def plan_stack(
    ref: str,
    *,
    root: Path | None = None,
    preview: bool = True,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> StackPlan:
    """Plan stack ``ref`` (a name in ``stacks/`` or a path) offline."""
    from aiinfra.engine import run_program
    from aiinfra.program import main

    stack = load_stack(ref, root)
    config = validated_config(stack)
    plain, secret_keys = split_secure_config(stack.config)
    if stack_outputs is None and hasattr(config, "referenced_stacks"):
        stack_outputs = _referenced_outputs(config.referenced_stacks(), root)
    run = run_program(
        main,
        project=stack.project,
        stack=stack.name,
        config=plain,
        secret_keys=secret_keys,
        preview=preview,
        stack_outputs=stack_outputs,
        context=config.offline_context() if hasattr(config, "offline_context") else None,
    )
    return StackPlan(stack.name, stack.path, config.blueprint, config, run, summarize(config, run))


def _referenced_outputs(references: Mapping[str, str], root: Path | None) -> dict[str, dict[str, Any]]:
    """Answer StackReferences from the referenced stacks' own offline plans (name -> stack file)."""
    from aiinfra.engine.model import Secret

    answers: dict[str, dict[str, Any]] = {}
    for qualified, stack_ref in references.items():
        outputs = plan_stack(stack_ref, root=root).run.outputs
        answers[qualified] = {
            k: ({"__secret__": True, "value": v.value} if isinstance(v, Secret) else v)
            for k, v in outputs.items()
        }
    return answers


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarize(config: Any, run: Any) -> dict[str, Any]:
    """Counts, accelerators, cost at full scale and the critical path of a planned stack."""
    custom = [r for r in run.resources if r.custom]
    pools = config.capacity_at_scale() if hasattr(config, "capacity_at_scale") else []
    cost = estimate(config, run.resources)
    pool_costs = {c["pool"]: c for c in cost["pools"]}
    resources = list(run.resources)
    storage = storage_rows(config, resources) if hasattr(config, "blueprint") else []
    placements = pool_placements(config, resources) if hasattr(config, "blueprint") else {}
    accelerators = [
        {
            "pool": p.pool,
            "cloud": p.machine.cloud,
            "machine_type": p.machine.machine_type,
            "accelerator": p.machine.accelerator,
            "per_node": p.machine.accelerator_count,
            "max_nodes": p.max_nodes,
            "total": p.accelerators,
            "capacity": p.capacity,
            "fabric": p.fabric,
            "fabric_interfaces": p.fabric_interfaces,
            "zones": placements.get(p.pool, {}).get("zones"),
            "placement": placements.get(p.pool, {}).get("placement"),
            "usd_per_hour": _rounded(pool_costs[p.pool]["usd_per_hour"]),
            "price_basis": pool_costs[p.pool]["basis"],
            "price_verified": bool(p.machine.price and p.machine.price.verified),
            "cpu_architecture": p.machine.cpu_architecture,
            "nvlink_domain": p.machine.nvlink_domain,
            "rack": None
            if p.machine.rack is None
            else {
                "name": p.machine.rack.name,
                "racks": p.max_nodes // p.machine.rack.hosts,
                "hosts_per_rack": p.machine.rack.hosts,
                "accelerators_per_rack": p.machine.rack.accelerators,
            },
        }
        for p in pools
    ]
    path = critical_path(run.resources)
    by_name = run.by_urn()
    extra: dict[str, Any] = {}
    plan = config.scheduling_plan() if hasattr(config, "scheduling_plan") else None
    if plan is not None:
        from aiinfra.components.scheduling.summary import scheduling_summary

        budget_alerts = config.budget_alerts() if hasattr(config, "budget_alerts") else None
        extra["scheduling"] = scheduling_summary(plan, *([budget_alerts] if budget_alerts else []))
    dra = config.dra_plan() if hasattr(config, "dra_plan") else None
    if dra is not None:
        extra["dra"] = dra.summary()
    services = service_rows(config) if hasattr(config, "blueprint") else []
    if services:
        extra["services"] = services
    from aiinfra.components.observability.summary import observability_summary

    observability = observability_summary(resources)
    if observability is not None:
        extra["observability"] = observability
    if services:
        from aiinfra.components.observability.summary import service_metrics

        extra["services"] = [{**row, "metrics": service_metrics(row, observability)} for row in services]
    return {
        "resource_count": len(custom),
        "component_count": len(run.resources) - len(custom),
        "resource_types": dict(sorted(Counter(r.type for r in custom).items())),
        "accelerators": accelerators,
        "accelerator_total": sum(a["total"] for a in accelerators),
        "estimated_usd_per_hour": cost["total_usd_per_hour"] if cost["applicable"] else None,
        "cost": cost,
        "energy": estimate_energy(config),
        "storage": storage,
        "findings": storage_findings(storage, placements),
        "unpriced_pools": [a["pool"] for a in accelerators if a["usd_per_hour"] is None],
        "unverified_price_pools": [
            a["pool"] for a in accelerators if a["usd_per_hour"] is not None and not a["price_verified"]
        ],
        "critical_path": {
            "minutes": path.minutes,
            "chain": [f"{by_name[u].type}::{by_name[u].name}" for u in path.chain],
        },
        "envelope": [e.to_json() for e in pool_envelopes(config, run)],
        "network_policy": network_policy_enforcement(config, run),
        **extra,
    }
