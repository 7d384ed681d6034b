"""KueueScheduling: the Kueue objects of a scheduling plan and each team's self-service bundle.

Cluster-wide: PriorityClasses and WorkloadPriorityClasses, one ResourceFlavor per pool, one
Topology per fabric domain, the platform Cohort and declared cohorts, ProvisioningRequest admission
checks for queued-provisioning pools. Per team: Namespace, ClusterQueue, LocalQueue, ResourceQuota,
LimitRange, a default-deny NetworkPolicy and the team's ServiceAccount (annotated with its cloud
identity by the blueprint). Kueue itself must serve ``kueue.x-k8s.io/v1beta2`` (see
:class:`~.install.KueueInstall`); quotas were checked by :func:`~.check.check_plan` before anything
is registered.

Children: ``{name}-priority-<pc>``, ``{name}-wpc-<pc>``, ``{name}-flavor-<pool>``,
``{name}-topology-<t>``, ``{name}-cohort-<c>``, ``{name}-prc-<pool>``, ``{name}-check-<pool>``,
``{name}-ns-<team>``, ``{name}-cq-<team>``, ``{name}-lq-<team>``, ``{name}-quota-<team>``,
``{name}-limits-<team>``, ``{name}-netpol-<team>``, ``{name}-sa-<team>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..base import Component
from .flavors import SchedulingPlan
from .kueue import (
    KUEUE,
    admission_check_spec,
    check_name,
    cluster_queue_spec,
    cohort_spec,
    flavor_spec,
    provisioning_config_spec,
    resource_quota_hard,
    root_cohort_spec,
    topology_spec,
)
from .objects import TopLevelCustomResource

QUOTA_NAME = "gpu-quota"
LIMITS_NAME = "defaults"
NETWORK_POLICY_NAME = "default-deny"
# Requests a container gets when it sets none (Kueue admits by requests; unset requests count as 0).
DEFAULT_REQUESTS = {"cpu": "500m", "memory": "1Gi"}


def meta(name: str, labels: Mapping[str, str], namespace: str | None = None, **extra: Any) -> dict[str, Any]:
    """ObjectMeta as a plain dict (engine-visible camelCase keys)."""
    out: dict[str, Any] = {"name": name, "labels": dict(labels)}
    if namespace is not None:
        out["namespace"] = namespace
    out.update(extra)
    return out


def network_policy_spec() -> dict[str, Any]:
    """Default deny for ingress: only pods of the team's own namespace reach its pods (multi-node
    jobs talk to each other); egress stays open for data tiers, registries and DNS."""
    return {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}


def limit_range_spec() -> dict[str, Any]:
    """Default container requests, so a pod without requests still counts against the queue."""
    return {"limits": [{"type": "Container", "defaultRequest": dict(DEFAULT_REQUESTS)}]}


class KueueScheduling(Component):
    """Kueue queues, flavors, cohorts and topologies of a platform, and every team's bundle.

    ``identities`` maps a team name to the annotations of its ServiceAccount (IRSA role ARN, GKE
    Workload Identity service account); teams without an entry get a plain ServiceAccount.
    """

    TOKEN = "aiinfra:scheduling:KueueScheduling"

    namespaces: list[str]
    quotas: dict[str, dict[str, str]]

    def __init__(
        self,
        name: str,
        plan: SchedulingPlan,
        *,
        labels: Mapping[str, str],
        identities: Mapping[str, Mapping[str, pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(self.TOKEN, name, opts)
        import pulumi_kubernetes as k8s

        spec = plan.spec
        identities = identities or {}
        custom = k8s.apiextensions.CustomResource
        for pc in spec.priority_classes:
            k8s.scheduling.v1.PriorityClass(
                f"{name}-priority-{pc.name}",
                metadata=meta(pc.name, labels),
                value=pc.value,
                global_default=False,
                preemption_policy="PreemptLowerPriority" if pc.preempt else "Never",
                description=pc.description or None,
                opts=self.child_opts(),
            )
            TopLevelCustomResource(
                f"{name}-wpc-{pc.name}",
                api_version=KUEUE,
                kind="WorkloadPriorityClass",
                metadata=meta(pc.name, labels),
                fields={"value": pc.value, **({"description": pc.description} if pc.description else {})},
                opts=self.child_opts(),
            )
        topologies = [
            custom(
                f"{name}-topology-{t.name}",
                api_version=KUEUE,
                kind="Topology",
                metadata=meta(t.name, labels),
                spec=topology_spec(t),
                opts=self.child_opts(),
            )
            for t in plan.topologies
        ]
        flavors = [
            custom(
                f"{name}-flavor-{f.name}",
                api_version=KUEUE,
                kind="ResourceFlavor",
                metadata=meta(f.name, labels),
                spec=flavor_spec(f),
                opts=self.child_opts(depends_on=topologies if f.topology else None),
            )
            for f in plan.flavors
        ]
        checks = []
        for f in plan.flavors:
            if not f.queued_provisioning:
                continue
            config = custom(
                f"{name}-prc-{f.name}",
                api_version=KUEUE,
                kind="ProvisioningRequestConfig",
                metadata=meta(check_name(f), labels),
                spec=provisioning_config_spec(f),
                opts=self.child_opts(),
            )
            checks.append(
                custom(
                    f"{name}-check-{f.name}",
                    api_version=KUEUE,
                    kind="AdmissionCheck",
                    metadata=meta(check_name(f), labels),
                    spec=admission_check_spec(f),
                    opts=self.child_opts(depends_on=[config]),
                )
            )
        root = custom(
            f"{name}-cohort-{plan.root_cohort}",
            api_version=KUEUE,
            kind="Cohort",
            metadata=meta(plan.root_cohort, labels),
            spec=root_cohort_spec(plan),
            opts=self.child_opts(depends_on=flavors),
        )
        cohorts = [root]
        for c in spec.cohorts:
            cohorts.append(
                custom(
                    f"{name}-cohort-{c.name}",
                    api_version=KUEUE,
                    kind="Cohort",
                    metadata=meta(c.name, labels),
                    spec=cohort_spec(plan, c.name),
                    opts=self.child_opts(depends_on=[root]),
                )
            )

        self.namespaces = []
        self.quotas = {}
        self.queues: dict[str, str] = {}
        for team in spec.teams:
            team_labels = {**labels, **team.labels, "team": team.name}
            ns = k8s.core.v1.Namespace(
                f"{name}-ns-{team.name}",
                metadata=meta(team.ns, {**team_labels, "pod-security.kubernetes.io/enforce": "baseline"}),
                opts=self.child_opts(),
            )
            queue = custom(
                f"{name}-cq-{team.name}",
                api_version=KUEUE,
                kind="ClusterQueue",
                metadata=meta(team.name, team_labels),
                spec=cluster_queue_spec(plan, team),
                opts=self.child_opts(depends_on=[*flavors, *cohorts, *checks]),
            )
            custom(
                f"{name}-lq-{team.name}",
                api_version=KUEUE,
                kind="LocalQueue",
                metadata=meta(team.name, team_labels, team.ns),
                spec={"clusterQueue": team.name},
                opts=self.child_opts(depends_on=[ns, queue]),
            )
            hard = resource_quota_hard(plan, team)
            in_ns = self.child_opts(depends_on=[ns])
            k8s.core.v1.ResourceQuota(
                f"{name}-quota-{team.name}",
                metadata=meta(QUOTA_NAME, team_labels, team.ns),
                spec={"hard": hard},
                opts=in_ns,
            )
            k8s.core.v1.LimitRange(
                f"{name}-limits-{team.name}",
                metadata=meta(LIMITS_NAME, team_labels, team.ns),
                spec=limit_range_spec(),
                opts=in_ns,
            )
            k8s.networking.v1.NetworkPolicy(
                f"{name}-netpol-{team.name}",
                metadata=meta(NETWORK_POLICY_NAME, team_labels, team.ns),
                spec=network_policy_spec(),
                opts=in_ns,
            )
            annotations = dict(identities.get(team.name, {}))
            extra = {"annotations": annotations} if annotations else {}
            k8s.core.v1.ServiceAccount(
                f"{name}-sa-{team.name}",
                metadata=meta(team.name, team_labels, team.ns, **extra),
                opts=in_ns,
            )
            self.namespaces.append(team.ns)
            self.quotas[team.name] = hard
            self.queues[team.ns] = team.name
        self.register_outputs({"namespaces": self.namespaces, "quotas": self.quotas, "queues": self.queues})
