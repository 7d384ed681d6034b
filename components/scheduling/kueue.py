"""The Kueue objects of a scheduling plan as plain specs (``kueue.x-k8s.io/v1beta2``).

- one ResourceFlavor per pool (its node labels, taints, and ``topologyName`` for fabric pools);
- one Topology per fabric domain; one Cohort for the platform (it owns the spot / flex-start
  capacity every team borrows) and one per declared cohort;
- per team a ClusterQueue: one resource group over cpu, memory and every accelerator resource,
  flavors in capacity order (reserved, Capacity Block, on-demand, spot, flex-start), nominal
  quota, borrowing and lending limits, fair-sharing weight, preemption, and the
  ProvisioningRequest admission check on queued-provisioning (GKE flex-start / DWS) flavors.
"""

from __future__ import annotations

from typing import Any

from .flavors import FlavorSource, SchedulingPlan, TopologySource
from .spec import TeamSpec

KUEUE = "kueue.x-k8s.io/v1beta2"
KUEUE_GROUP = "kueue.x-k8s.io"
PROVISIONING_CONTROLLER = "kueue.x-k8s.io/provisioning-request"
# GKE's ProvisioningRequest class for flex-start with queued provisioning, and the node label the
# admitted pods are pinned to (GKE docs, "Run a large-scale workload with flex-start with queued
# provisioning" with Kueue; read 2026-12-01; unverified against the Cluster Autoscaler source).
GKE_QUEUED_CLASS = "queued-provisioning.gke.io"
GKE_PROVISIONING_LABEL = "autoscaling.gke.io/provisioning-request"


def _tolerations(flavor: FlavorSource) -> list[dict[str, str]]:
    out = []
    for t in flavor.taints:
        tol = {"key": t.key, "operator": "Equal" if t.value else "Exists", "effect": t.effect}
        if t.value:
            tol["value"] = t.value
        if tol not in out:
            out.append(tol)
    return out


def flavor_spec(flavor: FlavorSource) -> dict[str, Any]:
    """ResourceFlavor: the pool's node labels and taints, tolerations added to admitted pods, topology."""
    spec: dict[str, Any] = {
        "nodeLabels": dict(flavor.node_labels),
        "nodeTaints": [{"key": t.key, "value": t.value, "effect": t.effect} for t in flavor.taints],
        "tolerations": _tolerations(flavor),
    }
    if flavor.topology:
        spec["topologyName"] = flavor.topology
    return spec


def topology_spec(topology: TopologySource) -> dict[str, Any]:
    """Topology: levels from the coarsest network domain to the host."""
    return {"levels": [{"nodeLabel": label} for label in topology.levels]}


def covered_resources(flavors: list[FlavorSource]) -> list[str]:
    """cpu, memory and every accelerator resource of ``flavors`` (one resource group covers them all)."""
    devices = sorted({r for f in flavors for r in f.resources})
    return ["cpu", "memory", *devices]


def _resources(
    flavor: FlavorSource, covered: list[str], nominal: int, borrow: int | None, lend: int | None
) -> list[dict[str, Any]]:
    quota = flavor.share(nominal)
    limit = flavor.share(borrow) if borrow is not None else None
    lending = flavor.share(lend) if lend is not None else None
    out = []
    for r in covered:
        entry: dict[str, Any] = {"name": r, "nominalQuota": quota.get(r, "0")}
        if limit is not None:
            entry["borrowingLimit"] = limit.get(r, "0")
        if lending is not None:
            entry["lendingLimit"] = lending.get(r, "0")
        out.append(entry)
    return out


def cluster_queue_spec(plan: SchedulingPlan, team: TeamSpec) -> dict[str, Any]:
    """A team's ClusterQueue over every pool of the platform, in capacity order.

    Pools the team has no quota on are listed with nominal 0 so it can borrow idle capacity there;
    spot and flex-start pools always have nominal 0 (the platform cohort owns them).
    """
    spec = plan.spec
    flavors = plan.ordered()
    covered = covered_resources(flavors)
    entries = []
    for flavor in flavors:
        quota = team.quotas.get(flavor.name)
        nominal = quota.accelerators if quota else 0
        borrow = quota.borrowing_limit if quota else None
        lend = quota.lending_limit if quota else None
        entries.append({"name": flavor.name, "resources": _resources(flavor, covered, nominal, borrow, lend)})
    pre = spec.preemption
    preemption: dict[str, Any] = {
        "withinClusterQueue": pre.within_cluster_queue,
        "reclaimWithinCohort": pre.reclaim_within_cohort,
    }
    if not spec.fair_sharing:  # Kueue ignores borrowWithinCohort under fair sharing
        preemption["borrowWithinCohort"] = {"policy": pre.borrow_within_cohort}
    out: dict[str, Any] = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": team.ns}},
        "cohortName": spec.cohort_of(team, plan.root_cohort),
        "queueingStrategy": "BestEffortFIFO",
        "preemption": preemption,
        # Try the next flavor before borrowing or preempting: reserved capacity fills first.
        "flavorFungibility": {"whenCanBorrow": "TryNextFlavor", "whenCanPreempt": "TryNextFlavor"},
        "resourceGroups": [{"coveredResources": covered, "flavors": entries}],
    }
    if spec.fair_sharing:
        out["fairSharing"] = {"weight": _quantity(team.weight)}
    checks = [{"name": check_name(f), "onFlavors": [f.name]} for f in flavors if f.queued_provisioning]
    if checks:
        out["admissionChecksStrategy"] = {"admissionChecks": checks}
    return out


def root_cohort_spec(plan: SchedulingPlan) -> dict[str, Any]:
    """The platform cohort: it holds the spot / flex-start capacity that every team borrows."""
    shared = [f for f in plan.ordered() if f.shared]
    if not shared:
        return {}
    covered = covered_resources(shared)
    return {
        "resourceGroups": [
            {
                "coveredResources": covered,
                "flavors": [
                    {"name": f.name, "resources": _resources(f, covered, f.accelerators, None, None)}
                    for f in shared
                ],
            }
        ]
    }


def cohort_spec(plan: SchedulingPlan, name: str) -> dict[str, Any]:
    """A declared cohort: nested under its parent (default: the platform cohort), with its weight."""
    cohort = {c.name: c for c in plan.spec.cohorts}[name]
    out: dict[str, Any] = {"parentName": cohort.parent or plan.root_cohort}
    if cohort.weight is not None and plan.spec.fair_sharing:
        out["fairSharing"] = {"weight": _quantity(cohort.weight)}
    return out


def check_name(flavor: FlavorSource) -> str:
    """The ProvisioningRequest AdmissionCheck (and its config) of a queued-provisioning flavor."""
    return f"{flavor.name}-provisioning"


def provisioning_config_spec(flavor: FlavorSource) -> dict[str, Any]:
    """ProvisioningRequestConfig: GKE queued provisioning for the flavor's accelerators; admitted
    pods are pinned to the nodes provisioned for them."""
    return {
        "provisioningClassName": GKE_QUEUED_CLASS,
        "managedResources": sorted(flavor.resources),
        "podSetUpdates": {
            "nodeSelector": [
                {"key": GKE_PROVISIONING_LABEL, "valueFromProvisioningClassDetail": "ResizeRequestName"}
            ]
        },
    }


def admission_check_spec(flavor: FlavorSource) -> dict[str, Any]:
    """AdmissionCheck handled by Kueue's ProvisioningRequest controller."""
    return {
        "controllerName": PROVISIONING_CONTROLLER,
        "parameters": {
            "apiGroup": KUEUE_GROUP,
            "kind": "ProvisioningRequestConfig",
            "name": check_name(flavor),
        },
    }


def resource_quota_hard(plan: SchedulingPlan, team: TeamSpec) -> dict[str, str]:
    """ResourceQuota ``hard``: the most a team's pods can request of each accelerator resource,
    nominal plus what it may borrow (never more than the pool), so the quota never blocks admission."""
    totals: dict[str, int] = {}
    for flavor in plan.flavors:
        quota = team.quotas.get(flavor.name)
        nominal = quota.accelerators if quota else 0
        borrow = quota.borrowing_limit if quota else None
        ceiling = flavor.accelerators if borrow is None else min(flavor.accelerators, nominal + borrow)
        for resource, per in flavor.resources.items():
            totals[resource] = totals.get(resource, 0) + ceiling * per
    return {f"requests.{r}": str(n) for r, n in sorted(totals.items())}


def _quantity(value: float) -> str:
    """A Kubernetes quantity for a weight (``1.0`` -> ``"1"``, ``0.5`` -> ``"500m"``)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{round(value * 1000)}m"
