"""Scheduling objects: PriorityClasses, team namespaces with GPU ResourceQuotas, and Kueue
ResourceFlavors (one per pool), ClusterQueues (one per team) and LocalQueues (v1beta2).

Kueue itself is assumed installed. Quotas were checked against the pools' physical inventory
(:func:`..spec.check_scheduling`) before anything is registered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from .common import meta, tolerations_for
from .spec import NodePoolSpec, PriorityClassSpec, TeamSpec, quota_totals

KUEUE = "kueue.x-k8s.io/v1beta2"


def flavor_spec(pool: NodePoolSpec) -> dict[str, Any]:
    """ResourceFlavor: the pool's node labels, its taints, and tolerations injected into admitted pods."""
    return {
        "nodeLabels": pool.label,
        "nodeTaints": [{"key": t.key, "value": t.value, "effect": t.effect} for t in pool.taints],
        "tolerations": tolerations_for(pool.taints),
    }


def cluster_queue_spec(team: TeamSpec, pools: Mapping[str, NodePoolSpec], cohort: str) -> dict[str, Any]:
    """ClusterQueue of one team: one resource group over cpu, memory and every GPU resource it uses.

    A team's share of a pool's CPUs and memory follows its GPU share (catalog host figures), so jobs
    can be admitted; GPU quotas are the team's GPUs times the resources one GPU yields (MIG devices,
    time-slicing replicas).
    """
    used = [pools[name] for name, gpus in team.quotas.items() if gpus > 0]
    gpu_resources = sorted({r for p in used for r in p.resources_per_gpu()})
    covered = ["cpu", "memory", *gpu_resources]
    flavors = []
    for pool in used:
        gpus = team.quotas[pool.name]
        machine = pool.machine()
        share = gpus / machine.accelerator_count
        per_gpu = pool.resources_per_gpu()
        quotas = {
            "cpu": str(int(machine.vcpus * share)),
            "memory": f"{int(machine.memory_gib * share)}Gi",
            **{r: str(gpus * per_gpu.get(r, 0)) for r in gpu_resources},
        }
        flavors.append(
            {"name": pool.name, "resources": [{"name": r, "nominalQuota": quotas[r]} for r in covered]}
        )
    return {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": team.ns}},
        "cohortName": cohort,
        "queueingStrategy": "BestEffortFIFO",
        "preemption": {"withinClusterQueue": "LowerPriority", "reclaimWithinCohort": "Any"},
        "resourceGroups": [{"coveredResources": covered, "flavors": flavors}] if flavors else [],
    }


def resource_quota_hard(team: TeamSpec, pools: Mapping[str, NodePoolSpec]) -> dict[str, str]:
    """ResourceQuota ``hard``: ``requests.<resource>`` for every GPU resource the team may use."""
    return {f"requests.{r}": str(n) for r, n in sorted(quota_totals(team, pools).items())}


class GpuScheduling(Component):
    """PriorityClasses, per-team namespaces/ResourceQuotas/LocalQueues/ClusterQueues, per-pool flavors."""

    def __init__(
        self,
        name: str,
        pools: Sequence[NodePoolSpec],
        teams: Sequence[TeamSpec],
        priorities: Sequence[PriorityClassSpec],
        *,
        cohort: str,
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:onprem:GpuScheduling", name, opts)
        import pulumi_kubernetes as k8s

        by_name = {p.name: p for p in pools}
        for pc in priorities:
            k8s.scheduling.v1.PriorityClass(
                f"{name}-priority-{pc.name}",
                metadata=meta(pc.name, labels),
                value=pc.value,
                global_default=False,
                preemption_policy="PreemptLowerPriority" if pc.preempt else "Never",
                description=pc.description or None,
                opts=self.child_opts(),
            )
        flavors = [
            k8s.apiextensions.CustomResource(
                f"{name}-flavor-{pool.name}",
                api_version=KUEUE,
                kind="ResourceFlavor",
                metadata=meta(pool.name, labels),
                spec=flavor_spec(pool),
                opts=self.child_opts(),
            )
            for pool in pools
        ]
        self.namespaces: list[str] = []
        self.quotas: dict[str, dict[str, str]] = {}
        for team in teams:
            team_labels = {**labels, **team.labels, "team": team.name}
            ns = k8s.core.v1.Namespace(
                f"{name}-ns-{team.name}",
                metadata=meta(team.ns, {**team_labels, "pod-security.kubernetes.io/enforce": "baseline"}),
                opts=self.child_opts(),
            )
            queue = k8s.apiextensions.CustomResource(
                f"{name}-cq-{team.name}",
                api_version=KUEUE,
                kind="ClusterQueue",
                metadata=meta(team.name, team_labels),
                spec=cluster_queue_spec(team, by_name, cohort),
                opts=self.child_opts(depends_on=flavors),
            )
            k8s.apiextensions.CustomResource(
                f"{name}-lq-{team.name}",
                api_version=KUEUE,
                kind="LocalQueue",
                metadata=meta(team.name, team_labels, team.ns),
                spec={"clusterQueue": team.name},
                opts=self.child_opts(depends_on=[ns, queue]),
            )
            hard = resource_quota_hard(team, by_name)
            k8s.core.v1.ResourceQuota(
                f"{name}-quota-{team.name}",
                metadata=meta("gpu-quota", team_labels, team.ns),
                spec={"hard": hard},
                opts=self.child_opts(depends_on=[ns]),
            )
            self.namespaces.append(team.ns)
            self.quotas[team.name] = hard
        self.register_outputs({"namespaces": self.namespaces, "quotas": self.quotas})
