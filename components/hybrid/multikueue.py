"""Kueue MultiKueue burst: the on-prem cluster dispatches admitted workloads to the cloud cluster.

Manager (on-prem, Kueue ``v1beta2``): a Secret with the worker kubeconfig, a MultiKueueCluster
(``clusterSource.kubeConfig`` with ``locationType: Secret``), a MultiKueueConfig, an AdmissionCheck
(``controllerName: kueue.x-k8s.io/multikueue``), a quota-only ResourceFlavor and per team a
ClusterQueue using the admission check plus its LocalQueue. Worker (cloud): the same namespaces and
LocalQueues (MultiKueue requires them to exist under the same names), ClusterQueues over one
ResourceFlavor per cloud pool, and the service account the manager acts as.

The worker kubeconfig carries a service-account token, not the cloud's exec plugin: the Kueue
controller runs in a container without the ``aws``/``gke-gcloud-auth-plugin`` binaries.
Kueue (serving ``v1beta2``) is assumed installed on the on-prem manager; the hybrid blueprint installs
it on the cloud worker (:class:`~aiinfra.components.scheduling.install.KueueInstall`).

A MultiKueue ClusterQueue that references a topology-aware (TAS) flavor is inactive (Kueue TAS docs);
the manager flavor here never sets ``topologyName`` and :class:`~.spec.BurstSpec` refuses one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from ..base import Component
from .spec import MULTIKUEUE_CONTROLLER, BurstSpec, BurstTeamSpec

KUEUE = "kueue.x-k8s.io/v1beta2"
KUEUE_GROUP = "kueue.x-k8s.io"
WORKER_ACCOUNT = "multikueue-manager"
KUBECONFIG_SECRET_KEY = "kubeconfig"
_MIRROR_VERBS = ["create", "delete", "get", "list", "watch", "patch", "update"]

DISPATCHED_KINDS: tuple[tuple[str, str], ...] = (
    # (API group, resource) of every job kind the manager may mirror onto the worker. Source: Kueue's
    # site/static/examples/multikueue/create-multikueue-kubeconfig.sh (kubernetes-sigs/kueue, stored
    # version at commit 183ce22): batch Jobs, Pods, JobSets, Kubeflow TF/Paddle/PyTorch/XGBoost/MPI jobs,
    # KubeRay RayJobs/RayClusters, AppWrappers. StatefulSets and LeaderWorkerSets are MultiKueue
    # integrations of newer Kueue releases not in that stored script (unverified there), granted the same way.
    ("batch", "jobs"),
    ("", "pods"),
    ("apps", "statefulsets"),
    ("jobset.x-k8s.io", "jobsets"),
    ("leaderworkerset.x-k8s.io", "leaderworkersets"),
    ("kubeflow.org", "tfjobs"),
    ("kubeflow.org", "paddlejobs"),
    ("kubeflow.org", "pytorchjobs"),
    ("kubeflow.org", "xgboostjobs"),
    ("kubeflow.org", "mpijobs"),
    ("ray.io", "rayjobs"),
    ("ray.io", "rayclusters"),
    ("workload.codeflare.dev", "appwrappers"),
)
"""The job kinds that burst: the worker role lets the manager create, watch and delete each of them
and read its status. A kind missing here cannot be dispatched to the cloud."""


def worker_rules() -> list[dict[str, Any]]:
    """The worker ClusterRole's rules: every dispatched kind and its status, plus Kueue workloads."""
    rules: list[dict[str, Any]] = []
    for group, resource in DISPATCHED_KINDS:
        rules.append({"apiGroups": [group], "resources": [resource], "verbs": list(_MIRROR_VERBS)})
        if resource != "pods":
            rules.append({"apiGroups": [group], "resources": [f"{resource}/status"], "verbs": ["get"]})
    rules.append({"apiGroups": [KUEUE_GROUP], "resources": ["workloads"], "verbs": list(_MIRROR_VERBS)})
    rules.append(
        {"apiGroups": [KUEUE_GROUP], "resources": ["workloads/status"], "verbs": ["get", "patch", "update"]}
    )
    return rules


# What the manager does on the worker: create/observe the mirrored jobs and workloads (Kueue MultiKueue setup docs).
WORKER_RULES = worker_rules()


@dataclass(frozen=True)
class WorkerFlavor:
    """A cloud pool as a Kueue flavor: how to select its nodes and the size of one node."""

    name: str
    node_labels: Mapping[str, str]
    tolerations: Sequence[Mapping[str, str]]
    device_resource: str
    accelerators_per_node: int
    vcpus: int
    memory_gib: float


def team_quotas(team: BurstTeamSpec, flavors: Mapping[str, WorkerFlavor]) -> dict[str, dict[str, str]]:
    """Per flavor: the team's accelerators there, with cpu/memory in proportion (catalog host figures)."""
    out: dict[str, dict[str, str]] = {}
    for pool, gpus in team.gpus.items():
        flavor = flavors[pool]
        share = gpus / flavor.accelerators_per_node
        out[pool] = {
            "cpu": str(int(flavor.vcpus * share)),
            "memory": f"{int(flavor.memory_gib * share)}Gi",
            flavor.device_resource: str(gpus),
        }
    return out


def _covered(quotas: Mapping[str, Mapping[str, str]]) -> list[str]:
    devices = sorted({r for q in quotas.values() for r in q if r not in ("cpu", "memory")})
    return ["cpu", "memory", *devices]


def worker_queue_spec(team: BurstTeamSpec, flavors: Mapping[str, WorkerFlavor]) -> dict[str, Any]:
    """Worker ClusterQueue: one resource group over the team's cloud pools."""
    quotas = team_quotas(team, flavors)
    covered = _covered(quotas)
    return {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": team.ns}},
        "queueingStrategy": "BestEffortFIFO",
        "resourceGroups": [
            {
                "coveredResources": covered,
                "flavors": [
                    {"name": pool, "resources": [{"name": r, "nominalQuota": q.get(r, "0")} for r in covered]}
                    for pool, q in quotas.items()
                ],
            }
        ],
    }


def manager_queue_spec(
    team: BurstTeamSpec, flavors: Mapping[str, WorkerFlavor], flavor: str, check: str
) -> dict[str, Any]:
    """Manager ClusterQueue: the team's whole burst quota on the quota-only flavor, gated by MultiKueue."""
    quotas = team_quotas(team, flavors)
    covered = _covered(quotas)
    totals: dict[str, str] = {}
    for r in covered:
        if r == "memory":
            totals[r] = f"{sum(int(q.get(r, '0Gi')[:-2]) for q in quotas.values())}Gi"
        else:
            totals[r] = str(sum(int(q.get(r, "0")) for q in quotas.values()))
    return {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": team.ns}},
        "queueingStrategy": "BestEffortFIFO",
        "resourceGroups": [
            {
                "coveredResources": covered,
                "flavors": [
                    {"name": flavor, "resources": [{"name": r, "nominalQuota": totals[r]} for r in covered]}
                ],
            }
        ],
        "admissionChecksStrategy": {"admissionChecks": [{"name": check}]},
    }


def worker_kubeconfig(cluster: str, endpoint: str, ca_data: str, token: str) -> str:
    """A kubeconfig for the Kueue controller: the worker endpoint, its CA and a service-account token."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": cluster, "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}
            ],
            "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": WORKER_ACCOUNT}}],
            "current-context": cluster,
            "users": [{"name": WORKER_ACCOUNT, "user": {"token": token}}],
        }
    )


def _meta(name: str, labels: Mapping[str, str], namespace: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "labels": dict(labels)}
    if namespace is not None:
        out["namespace"] = namespace
    out.update(extra)
    return out


class MultiKueueBurst(Component):
    """MultiKueue wiring between the on-prem manager and the cloud worker (see module docstring).

    Children (manager provider): ``{name}-kubeconfig`` (Secret), ``{name}-cluster``
    (MultiKueueCluster), ``{name}-config`` (MultiKueueConfig), ``{name}-check`` (AdmissionCheck),
    ``{name}-flavor`` (ResourceFlavor), ``{name}-cq-<team>``, ``{name}-lq-<team>``.
    Children (worker provider): ``{name}-worker-sa``, ``{name}-worker-role``, ``{name}-worker-binding``,
    ``{name}-worker-token``, ``{name}-worker-ns-<team>``, ``{name}-worker-flavor-<pool>``,
    ``{name}-worker-cq-<team>``, ``{name}-worker-lq-<team>``.
    """

    admission_check: str
    queues: dict[str, str]

    def __init__(
        self,
        name: str,
        spec: BurstSpec,
        flavors: Sequence[WorkerFlavor],
        *,
        manager_provider: pulumi.ProviderResource,
        worker_provider: pulumi.ProviderResource,
        worker_endpoint: pulumi.Input[str],
        worker_ca_data: pulumi.Input[str],
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:hybrid:MultiKueueBurst", name, opts)
        import pulumi_kubernetes as k8s

        by_pool = {f.name: f for f in flavors}
        kueue_ns = spec.kueue_namespace
        on_worker = {"provider": worker_provider}
        on_manager = {"provider": manager_provider}

        # --- worker: the identity the manager uses, then the mirrored queues ---
        account = k8s.core.v1.ServiceAccount(
            f"{name}-worker-sa",
            metadata=_meta(WORKER_ACCOUNT, labels, kueue_ns),
            opts=self.child_opts(**on_worker),
        )
        role = k8s.rbac.v1.ClusterRole(
            f"{name}-worker-role",
            metadata=_meta(f"{WORKER_ACCOUNT}-role", labels),
            rules=WORKER_RULES,
            opts=self.child_opts(**on_worker),
        )
        k8s.rbac.v1.ClusterRoleBinding(
            f"{name}-worker-binding",
            metadata=_meta(f"{WORKER_ACCOUNT}-binding", labels),
            role_ref={
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "ClusterRole",
                "name": f"{WORKER_ACCOUNT}-role",
            },
            subjects=[{"kind": "ServiceAccount", "name": WORKER_ACCOUNT, "namespace": kueue_ns}],
            opts=self.child_opts(depends_on=[account, role], **on_worker),
        )
        token_secret = k8s.core.v1.Secret(
            f"{name}-worker-token",
            metadata=_meta(
                f"{WORKER_ACCOUNT}-token",
                labels,
                kueue_ns,
                annotations={"kubernetes.io/service-account.name": WORKER_ACCOUNT},
            ),
            type="kubernetes.io/service-account-token",
            opts=self.child_opts(depends_on=[account], **on_worker),
        )
        worker_flavors = [
            k8s.apiextensions.CustomResource(
                f"{name}-worker-flavor-{f.name}",
                api_version=KUEUE,
                kind="ResourceFlavor",
                metadata=_meta(f.name, labels),
                spec={"nodeLabels": dict(f.node_labels), "tolerations": [dict(t) for t in f.tolerations]},
                opts=self.child_opts(**on_worker),
            )
            for f in flavors
        ]
        worker_queues = []
        for team in spec.teams:
            team_labels = {**labels, "team": team.name}
            ns = k8s.core.v1.Namespace(
                f"{name}-worker-ns-{team.name}",
                metadata=_meta(team.ns, {**team_labels, "pod-security.kubernetes.io/enforce": "baseline"}),
                opts=self.child_opts(**on_worker),
            )
            cq = k8s.apiextensions.CustomResource(
                f"{name}-worker-cq-{team.name}",
                api_version=KUEUE,
                kind="ClusterQueue",
                metadata=_meta(spec.queue(team), team_labels),
                spec=worker_queue_spec(team, by_pool),
                opts=self.child_opts(depends_on=worker_flavors, **on_worker),
            )
            worker_queues.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-worker-lq-{team.name}",
                    api_version=KUEUE,
                    kind="LocalQueue",
                    metadata=_meta(spec.queue(team), team_labels, team.ns),
                    spec={"clusterQueue": spec.queue(team)},
                    opts=self.child_opts(depends_on=[ns, cq], **on_worker),
                )
            )

        # --- manager: the kubeconfig Secret and the MultiKueue objects ---
        token = token_secret.data.apply(lambda d: base64.b64decode((d or {}).get("token", "")).decode())
        kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(worker_endpoint, worker_ca_data, token).apply(
                lambda a: worker_kubeconfig(spec.worker, a[0], a[1], a[2])
            )
        )
        secret_name = f"{spec.worker}-kubeconfig"
        secret = k8s.core.v1.Secret(
            f"{name}-kubeconfig",
            metadata=_meta(secret_name, labels, kueue_ns),
            type="Opaque",
            string_data={KUBECONFIG_SECRET_KEY: kubeconfig},
            opts=self.child_opts(**on_manager),
        )
        cluster = k8s.apiextensions.CustomResource(
            f"{name}-cluster",
            api_version=KUEUE,
            kind="MultiKueueCluster",
            metadata=_meta(spec.worker, labels),
            spec={"clusterSource": {"kubeConfig": {"locationType": "Secret", "location": secret_name}}},
            opts=self.child_opts(depends_on=[secret, *worker_queues], **on_manager),
        )
        config = k8s.apiextensions.CustomResource(
            f"{name}-config",
            api_version=KUEUE,
            kind="MultiKueueConfig",
            metadata=_meta(spec.worker, labels),
            spec={"clusters": [spec.worker]},
            opts=self.child_opts(depends_on=[cluster], **on_manager),
        )
        check = k8s.apiextensions.CustomResource(
            f"{name}-check",
            api_version=KUEUE,
            kind="AdmissionCheck",
            metadata=_meta(spec.worker, labels),
            spec={
                "controllerName": MULTIKUEUE_CONTROLLER,
                "parameters": {"apiGroup": KUEUE_GROUP, "kind": "MultiKueueConfig", "name": spec.worker},
            },
            opts=self.child_opts(depends_on=[config], **on_manager),
        )
        flavor = k8s.apiextensions.CustomResource(
            f"{name}-flavor",
            api_version=KUEUE,
            kind="ResourceFlavor",
            metadata=_meta(spec.manager_flavor, labels),
            spec={},  # quota only: no node labels and no topologyName (TAS + MultiKueue = inactive queue)
            opts=self.child_opts(**on_manager),
        )
        self.queues: dict[str, str] = {}
        for team in spec.teams:
            team_labels = {**labels, "team": team.name}
            cq = k8s.apiextensions.CustomResource(
                f"{name}-cq-{team.name}",
                api_version=KUEUE,
                kind="ClusterQueue",
                metadata=_meta(spec.queue(team), team_labels),
                spec=manager_queue_spec(team, by_pool, spec.manager_flavor, spec.worker),
                opts=self.child_opts(depends_on=[flavor, check], **on_manager),
            )
            k8s.apiextensions.CustomResource(
                f"{name}-lq-{team.name}",
                api_version=KUEUE,
                kind="LocalQueue",
                metadata=_meta(spec.queue(team), team_labels, team.ns),
                spec={"clusterQueue": spec.queue(team)},
                opts=self.child_opts(depends_on=[cq], **on_manager),
            )
            self.queues[team.ns] = spec.queue(team)
        self.admission_check = spec.worker
        self.worker_kubeconfig = kubeconfig
        self.register_outputs({"admission_check": self.admission_check, "queues": self.queues})
