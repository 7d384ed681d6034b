"""Team budget alerts: each budgeted team's projected monthly cost, computed from OpenCost's metrics
in the platform's metrics backend, against its ``scheduling.teams[].budget``.

Cloud budgets cannot do this: they filter on resource tags/labels, and teams share nodes through
Kueue, so no billed resource carries a team (issue 24 point 12). OpenCost sees pods: it prices each
node and exports what every container is allocated.

Metrics (opencost/opencost ``pkg/costmodel/metrics.go``, tag v1.112.0, commit 2ea71a15367e,
2024-09-26; the chart pin opencost-2.5.17 ships app v1.120.1, a tag absent from the mirror read on
2026-12-07, so the names at v1.120.1 are ``unverified``):

- ``node_cpu_hourly_cost`` (per vCPU-hour), ``node_ram_hourly_cost`` (per GiB-hour),
  ``node_gpu_hourly_cost`` (per GPU-hour), labels ``instance``, ``node``, ``instance_type``,
  ``region``, ``provider_id``, ``arch``;
- ``container_cpu_allocation`` (vCPUs), ``container_memory_allocation_bytes`` (bytes),
  ``container_gpu_allocation`` (GPUs), labels ``namespace``, ``pod``, ``container``, ``instance``,
  ``node``.

OpenCost's own cluster query divides memory bytes by ``1024 / 1024 / 1024`` before multiplying by
``node_ram_hourly_cost`` and projects a month as ``* 730`` hours (``pkg/costmodel/cluster.go`` line 29,
same tag); this module does the same.

The team's hourly cost at an instant is, summed over its namespace's containers, allocation x the
node's hourly price, for CPU, memory and GPU. The alert projects the month from the last 24 hours:
``sum_over_time(hourly[24h:5m]) / 288`` is the 24-hour mean hourly cost (a 5-minute step, an
absent step counting as $0), ``* 730`` the month. One rule per threshold in
``budget.thresholds_percent`` (1-1000 %, default 80 and 100) fires when that projection exceeds
``monthly_usd x percent / 100`` for :data:`FOR_MINUTES` minutes.

The namespace label: the AMP ``opencost`` job and the chart's ServiceMonitor honor the exporter's
labels, so the team namespace is ``namespace``; a GKE managed Prometheus PodMonitoring cannot honor
labels and stamps the OpenCost pod's own ``namespace``, so the exporter's value is
``exported_namespace`` there (:data:`NAMESPACE_LABEL`).

Checked here: ``promtool check rules`` and ``promtool test rules`` on synthetic series (Prometheus's
evaluator). ``unverified``: that Cloud Monitoring's PromQL policies evaluate the 24-hour subquery
(their documented limits, "Create PromQL-based alerting policies", read 2026-12-07, bound the
retest window and alignment period to 24 h, not a subquery's range) and that AMP's ruler does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .alerts import AlertRule

Backend = Literal["aws", "gcp", "onprem"]

HOURS_PER_MONTH = 730
"""Hours in a month as OpenCost projects one (pkg/costmodel/cluster.go, v1.112.0)."""
WINDOW = "24h"
STEP = "5m"
STEPS = 288  # 24h / 5m
FOR_MINUTES = 30
ALERT = "TeamBudgetProjectedOverrun"

NODE_CPU_PRICE = "node_cpu_hourly_cost"
NODE_RAM_PRICE = "node_ram_hourly_cost"
NODE_GPU_PRICE = "node_gpu_hourly_cost"
CPU_ALLOCATION = "container_cpu_allocation"
RAM_ALLOCATION = "container_memory_allocation_bytes"
GPU_ALLOCATION = "container_gpu_allocation"

NAMESPACE_LABEL: dict[Backend, str] = {
    "aws": "namespace",
    "gcp": "exported_namespace",
    "onprem": "namespace",
}
"""The label holding the workload's namespace on OpenCost's series as each backend stores them."""

DELIVERY: dict[Backend, str] = {
    "aws": "AMP rule group namespace aiinfra-alerts -> workspace alert manager -> SNS topic",
    "gcp": "Cloud Monitoring alert policy (PromQL condition) -> Pub/Sub notification channel",
    "onprem": "PrometheusRule aiinfra-alerts -> Alertmanager -> webhook receiver",
}
"""How each backend evaluates and delivers the rules (the path every platform alert takes)."""


@dataclass(frozen=True)
class TeamBudget:
    """A team's budget as the alert needs it: namespaces, monthly dollars, thresholds, owners."""

    team: str
    namespaces: tuple[str, ...]
    monthly_usd: int
    thresholds_percent: tuple[int, ...]
    owners: tuple[str, ...] = ()


def team_budgets(scheduling: object | None) -> list[TeamBudget]:
    """The budgets of a ``SchedulingSpec``'s teams (none without scheduling)."""
    if scheduling is None:
        return []
    return [
        TeamBudget(
            t.name,
            (t.ns,),
            t.budget.monthly_usd,
            tuple(t.budget.thresholds_percent),
            tuple(t.budget.alert_emails),
        )
        for t in scheduling.budgeted_teams()  # type: ignore[attr-defined]
    ]


def _selector(ns_label: str, namespaces: Sequence[str]) -> str:
    if len(namespaces) == 1:
        return f'{ns_label}="{namespaces[0]}"'
    return f'{ns_label}=~"{"|".join(namespaces)}"'


def hourly_cost_expr(namespaces: Sequence[str], ns_label: str) -> str:
    """PromQL: the namespaces' cost per hour now, one series per namespace (label ``ns_label``).

    Each resource is summed per namespace and node, priced by ``max by (node)`` of the node's price
    (one price per node whatever the exporter's other labels), then the three are united with
    ``or`` under distinct ``resource`` labels so a team without GPUs still has a CPU/RAM cost."""
    sel = _selector(ns_label, namespaces)

    def term(resource: str, allocation: str, price: str, scale: str = "") -> str:
        alloc = f"sum by ({ns_label}, node) ({allocation}{{{sel}}}){scale}"
        priced = f"{alloc} * on (node) group_left () max by (node) ({price})"
        return f'label_replace({priced}, "resource", "{resource}", "node", ".*")'

    terms = [
        term("cpu", CPU_ALLOCATION, NODE_CPU_PRICE),
        term("ram", RAM_ALLOCATION, NODE_RAM_PRICE, " / 1073741824"),
        term("gpu", GPU_ALLOCATION, NODE_GPU_PRICE),
    ]
    return f"sum by ({ns_label}) ({' or '.join(terms)})"


def projected_monthly_expr(namespaces: Sequence[str], ns_label: str) -> str:
    """PromQL: the month projected from the last 24 hours' mean hourly cost (x 730)."""
    hourly = hourly_cost_expr(namespaces, ns_label)
    return f"sum_over_time(({hourly})[{WINDOW}:{STEP}]) / {STEPS} * {HOURS_PER_MONTH}"


def threshold_usd(budget: TeamBudget, percent: int) -> float:
    """The projected monthly cost at which the ``percent`` rule fires."""
    return budget.monthly_usd * percent / 100


def budget_rules(budgets: Sequence[TeamBudget], backend: Backend) -> list[AlertRule]:
    """One rule per team and threshold, for ``backend``'s namespace label."""
    ns_label = NAMESPACE_LABEL[backend]
    rules = []
    for b in budgets:
        projected = projected_monthly_expr(b.namespaces, ns_label)
        for pct in b.thresholds_percent:
            limit = threshold_usd(b, pct)
            owners = f" Budget owners: {', '.join(b.owners)}." if b.owners else ""
            rules.append(
                AlertRule(
                    ALERT,
                    f"{projected} > {limit:g}",
                    FOR_MINUTES,
                    "critical" if pct >= 100 else "warning",
                    f"Team {b.team} is projected over {pct}% of its monthly budget",
                    f"At the last {WINDOW}'s mean hourly cost (OpenCost: allocation x node hourly price, "
                    f"namespaces {', '.join(b.namespaces)}), team {b.team} would spend more than "
                    f"${limit:,.0f} in a month ({pct}% of ${b.monthly_usd:,}). Check its running "
                    f"workloads (kubectl get workloads -n {b.namespaces[0]}) and its quota.{owners}",
                    labels=(("team", b.team), ("threshold_percent", str(pct))),
                    key=f"{b.team}-{pct}",
                )
            )
    return rules


def budget_alert_text(budget_percents: Sequence[int], backend: Backend | None, *, why_not: str = "") -> str:
    """The plan's line for one team's budget: which alert, how it is computed, where it goes."""
    if backend is None:
        return f"no budget alert: {why_not}"
    ns_label = NAMESPACE_LABEL[backend]
    pcts = ", ".join(f"{p}%" for p in budget_percents)
    return (
        f"alert {ALERT} at {pcts}: OpenCost allocation x node hourly price by {ns_label}, "
        f"{WINDOW} mean x {HOURS_PER_MONTH} h; {DELIVERY[backend]}"
    )
