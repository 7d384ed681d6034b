"""The scheduling section of a plan summary: a row per team and a quota check per cohort and pool."""

from __future__ import annotations

from typing import Any

from .flavors import SchedulingPlan

NO_BACKEND = "the platform names no budget alert backend"


def _usd(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def scheduling_summary(
    plan: SchedulingPlan, budget_alerts: tuple[str | None, str] = (None, NO_BACKEND)
) -> dict[str, Any]:
    """Per team: quota per flavor, borrowing limit, priority, cohort, at-scale cost of the nominal
    quota and its budget alert; per cohort and pool: nominal quotas against what the pool supplies
    (``fits``). ``budget_alerts``: the backend evaluating budget alerts (``aws``, ``gcp``,
    ``onprem``) or None and why not (the blueprint's ``budget_alerts()``)."""
    from aiinfra.components.observability.budgets import budget_alert_text

    backend, why_not = budget_alerts
    spec = plan.spec
    teams = []
    for team in spec.teams:
        rows = []
        cost = 0.0
        unpriced = []
        for flavor in plan.ordered():
            quota = team.quotas.get(flavor.name)
            nominal = quota.accelerators if quota else 0
            price = flavor.usd_per_accelerator_hour
            usd = None if price is None else nominal * price
            if nominal and usd is None:
                unpriced.append(flavor.name)
            cost += usd or 0.0
            rows.append(
                {
                    "flavor": flavor.name,
                    "capacity": flavor.capacity,
                    "nominal": nominal,
                    "borrowing_limit": None if quota is None else quota.borrowing_limit,
                    "lending_limit": None if quota is None else quota.lending_limit,
                    "usd_per_hour": _usd(usd),
                }
            )
        priced_any = any(r["usd_per_hour"] is not None and r["nominal"] for r in rows)
        teams.append(
            {
                "team": team.name,
                "namespace": team.ns,
                "cohort": spec.cohort_of(team, plan.root_cohort),
                "priority_class": team.priority_class,
                "weight": team.weight,
                "flavors": rows,
                # None, not $0.00, when every flavor holding the team's quota is unpriced (on-prem)
                "nominal_usd_per_hour": round(cost, 2) if priced_any or not unpriced else None,
                "unpriced_flavors": unpriced,
                "monthly_budget_usd": team.budget.monthly_usd if team.budget else None,
                "budget_alert": None
                if team.budget is None
                else budget_alert_text(team.budget.thresholds_percent, backend, why_not=why_not),  # type: ignore[arg-type]
            }
        )
    cohorts = []
    names = [plan.root_cohort, *(c.name for c in spec.cohorts)]
    parents = {c.name: c.parent or plan.root_cohort for c in spec.cohorts}
    for cohort in names:
        members = [t for t in spec.teams if spec.cohort_of(t, plan.root_cohort) == cohort]
        pools = []
        for flavor in plan.ordered():
            nominal = sum(t.quotas[flavor.name].accelerators for t in members if flavor.name in t.quotas)
            shared = flavor.accelerators if flavor.shared and cohort == plan.root_cohort else 0
            pools.append(
                {
                    "flavor": flavor.name,
                    "supply": flavor.accelerators,
                    "nominal": nominal,
                    "shared": shared,
                    "fits": nominal <= flavor.accelerators,
                }
            )
        cohorts.append(
            {
                "cohort": cohort,
                "parent": parents.get(cohort),
                "teams": [t.name for t in members],
                "pools": pools,
            }
        )
    return {
        "root_cohort": plan.root_cohort,
        "cloud": plan.cloud,
        "fair_sharing": spec.fair_sharing,
        "topologies": [{"name": t.name, "levels": list(t.levels)} for t in plan.topologies],
        "flavors": [
            {
                "flavor": f.name,
                "capacity": f.capacity,
                "kind": f.kind,
                "accelerators": f.accelerators,
                "topology": f.topology,
                "queued_provisioning": f.queued_provisioning,
            }
            for f in plan.ordered()
        ],
        "teams": teams,
        "cohorts": cohorts,
    }
