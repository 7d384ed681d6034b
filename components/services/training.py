"""TrainingOperators: Kubeflow Trainer v2 as a pinned Helm release, and TrainJobs shaped from the pools.

Why Trainer v2 and not the training-operator (v1): kubeflow/trainer v2.3.0 (tag commit 658725bdae5c,
2026-08-06) is the current line; its README says the Training Operator V1 source is only maintained
on the ``release-1.9`` branch (v1.9.4, 2026-08-18, patch releases only) and docs/operator-guides/
migration.md maps PyTorchJob/TFJob/MPIJob onto TrainJob + (Cluster)TrainingRuntime. MPI: Trainer v2
has its own MPI runtime (``mlPolicy.mpi``, OpenMPI launcher + nodes with SSH, the
``deepspeed-distributed`` ClusterTrainingRuntime) "featuring MPI-Operator v2 features" (same
migration guide), so no separate mpi-operator (MPIJob) is installed; Kueue admits TrainJobs through
its ``trainer.kubeflow.org/trainjob`` integration (on in components/scheduling/install.py).

Chart: ``oci://ghcr.io/kubeflow/charts/kubeflow-trainer`` 2.3.0 (charts/kubeflow-trainer/Chart.yaml
at v2.3.0). It can install JobSet 0.12.0 as a subchart; where the platform's KueueInstall already
installs JobSet 0.12.0 that subchart is switched off. Webhook certificates: the manager's own
certificate management (``manager.config.certManagement.enable``, the chart default).

Children: ``{name}-ns`` (the controller namespace), ``{name}-trainer`` (Helm release).
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .pod_requests import PoolPlacement
from .training_spec import RuntimeName, TrainingSpec

TRAINER_CHART = PinnedChart("oci://ghcr.io/kubeflow/charts/kubeflow-trainer", "2.3.0")
NAMESPACE = "kubeflow-system"
API_VERSION = "trainer.kubeflow.org/v1alpha1"
QUEUE_LABEL = "kueue.x-k8s.io/queue-name"
PRIORITY_LABEL = "kueue.x-k8s.io/priority-class"
PATCH_MANAGER = "aiinfra.io/platform"
# Chart values key and ClusterTrainingRuntime name of each runtime (charts/kubeflow-trainer/values.yaml
# and manifests/base/runtimes/ at v2.3.0).
RUNTIMES: dict[str, tuple[str, str]] = {
    "torch": ("torchDistributed", "torch-distributed"),
    "mpi": ("deepspeedDistributed", "deepspeed-distributed"),
    "jax": ("jaxDistributed", "jax-distributed"),
}
NODE_JOB = "node"  # the replicated job every runtime above runs its training pods in


def trainer_values(spec: TrainingSpec, *, jobset_installed: bool) -> dict[str, Any]:
    """Chart values: the runtimes asked for, JobSet only where the platform does not install it."""
    return {
        "jobset": {"install": not jobset_installed},
        "runtimes": {RUNTIMES[r][0]: {"enabled": True} for r in spec.runtimes},
    }


def example_trainjob(
    placement: PoolPlacement,
    *,
    team: str,
    namespace: str,
    priority_class: str | None,
    runtime: RuntimeName,
    num_nodes: int,
) -> dict[str, Any]:
    """A TrainJob on ``placement``'s pool through the team's LocalQueue: every accelerator and fabric
    device of each node, the pool's selectors/tolerations and the fabric annotations."""
    labels = {QUEUE_LABEL: team}
    if priority_class is not None:
        labels[PRIORITY_LABEL] = priority_class
    pod: dict[str, Any] = {}
    if placement.annotations:
        pod["metadata"] = {"annotations": dict(placement.annotations)}
    pod["spec"] = {
        "serviceAccountName": team,
        "nodeSelector": dict(placement.node_selector),
        "tolerations": [dict(t) for t in placement.tolerations],
    }
    return {
        "apiVersion": API_VERSION,
        "kind": "TrainJob",
        "metadata": {"name": f"{placement.pool}-example", "namespace": namespace, "labels": labels},
        "spec": {
            "runtimeRef": {
                "apiGroup": "trainer.kubeflow.org",
                "kind": "ClusterTrainingRuntime",
                "name": RUNTIMES[runtime][1],
            },
            "trainer": {
                "numNodes": num_nodes,
                "resourcesPerNode": placement.resources(placement.accelerators_per_node, fabric=True),
            },
            "runtimePatches": [
                {
                    "manager": PATCH_MANAGER,
                    "trainingRuntimeSpec": {
                        "template": {
                            "spec": {
                                "replicatedJobs": [
                                    {"name": NODE_JOB, "template": {"spec": {"template": pod}}}
                                ]
                            }
                        }
                    },
                }
            ],
        },
    }


def training_rows(spec: TrainingSpec) -> list[dict[str, Any]]:
    """Plan rows (the services section's shape): the Trainer controller, its runtimes, admission."""
    runtimes = ", ".join(RUNTIMES[r][1] for r in spec.runtimes)
    return [
        {
            "service": "training",
            "what": "kubeflow-trainer",
            "endpoint": f"kubeflow-trainer-controller-manager.{NAMESPACE}.svc.cluster.local",
            "stores": [f"TrainJob CRs (runtimes: {runtimes}); admitted by the team LocalQueues"],
            "identity": "each team's ServiceAccount (its cloud identity, its data-tier prefix)",
        }
    ]


class TrainingOperators(Component):
    """Kubeflow Trainer v2 (controller, CRDs, ClusterTrainingRuntimes) as one pinned Helm release."""

    def __init__(
        self,
        name: str,
        spec: TrainingSpec,
        *,
        jobset_installed: bool,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:services:TrainingOperators", name, opts)
        import pulumi_kubernetes as k8s

        self.spec = spec
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={"name": NAMESPACE, "labels": {"pod-security.kubernetes.io/enforce": "baseline"}},
            opts=self.child_opts(),
        )
        self.release = k8s.helm.v3.Release(
            f"{name}-trainer",
            name="kubeflow-trainer",
            **TRAINER_CHART.release_args(),
            namespace=NAMESPACE,
            values=trainer_values(spec, jobset_installed=jobset_installed),
            opts=self.child_opts(depends_on=[namespace]),
        )
        self.register_outputs({"namespace": NAMESPACE})

    def summary(self) -> list[dict[str, str]]:
        """Plain plan rows (name, endpoint as an internal DNS name, backing store, identity)."""
        return training_rows(self.spec)
