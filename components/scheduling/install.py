"""KueueInstall: Kueue, JobSet and LeaderWorkerSet as pinned Helm releases, each in its own namespace.

The charts bring their own CRDs, webhooks and RBAC (the upstream manifests); nothing here grants
more. Values are kept to what the platform needs: Kueue's manager configuration with fair sharing
switched on (when the scheduling spec asks for it); JobSet and LWS take their chart defaults.

Pins (OCI charts on registry.k8s.io, chart version = release without the ``v``):
- Kueue 0.19.2: kubernetes-sigs/kueue tag v0.19.2 (commit 8eab68778fc1, 2026-08-20); the chart's
  ``managerConfig.controllerManagerConfigYaml`` (charts/kueue/values.yaml) holds the Configuration.
  TopologyAwareScheduling is beta and on by default since v0.14 (site/.../topology_aware_scheduling.md).
- JobSet 0.12.0: kubernetes-sigs/jobset tag v0.12.0 (commit f22e565ac3cc, 2026-05-08).
- LeaderWorkerSet 0.10.0: kubernetes-sigs/lws tag v0.10.0 (commit 2161f38ff333, 2026-08-11);
  the chart is pushed with the release as its version (hack/push-chart.sh).

Children: ``{name}-jobset``, ``{name}-lws``, ``{name}-kueue``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import yaml

from ..base import Component
from ..charts import PinnedChart

KUEUE_CHART = PinnedChart("oci://registry.k8s.io/kueue/charts/kueue", "0.19.2")
JOBSET_CHART = PinnedChart("oci://registry.k8s.io/jobset/charts/jobset", "0.12.0")
LWS_CHART = PinnedChart("oci://registry.k8s.io/lws/charts/lws", "0.10.0")
NAMESPACES = {"kueue": "kueue-system", "jobset": "jobset-system", "lws": "lws-system"}

# The chart's default Configuration at v0.19.2 (charts/kueue/values.yaml), restated as data so the
# one change (fairSharing) is visible; frameworks whose CRDs are absent are skipped by Kueue.
KUEUE_FRAMEWORKS = (
    "batch/job",
    "kubeflow.org/mpijob",
    "ray.io/rayjob",
    "ray.io/rayservice",
    "ray.io/raycluster",
    "jobset.x-k8s.io/jobset",
    "workload.codeflare.dev/appwrapper",
    "trainer.kubeflow.org/trainjob",
    "pod",
    "deployment",
    "statefulset",
    "leaderworkerset.x-k8s.io/leaderworkerset",
)
FAIR_SHARING = {"preemptionStrategies": ["LessThanOrEqualToFinalShare", "LessThanInitialShare"]}


def kueue_configuration(
    *, fair_sharing: bool, device_class_mappings: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Kueue's ``config.kueue.x-k8s.io/v1beta2`` Configuration: the chart default, plus fair sharing and
    (with DRA pools) ``resources.deviceClassMappings`` so DRA claims count against quotas."""
    config: dict[str, Any] = {
        "apiVersion": "config.kueue.x-k8s.io/v1beta2",
        "kind": "Configuration",
        "health": {"healthProbeBindAddress": ":8081"},
        "metrics": {"bindAddress": ":8443"},
        "webhook": {"port": 9443},
        "leaderElection": {"leaderElect": True, "resourceName": "c1f6bfd2.kueue.x-k8s.io"},
        "controller": {
            "groupKindConcurrency": {
                "Job.batch": 5,
                "Pod": 5,
                "Workload.kueue.x-k8s.io": 10,
                "LocalQueue.kueue.x-k8s.io": 5,
                "ClusterQueue.kueue.x-k8s.io": 5,
                "ResourceFlavor.kueue.x-k8s.io": 1,
            }
        },
        "clientConnection": {"qps": 300, "burst": 500},
        "integrations": {"frameworks": list(KUEUE_FRAMEWORKS)},
    }
    if fair_sharing:
        config["fairSharing"] = FAIR_SHARING
    if device_class_mappings:
        config["resources"] = {"deviceClassMappings": [dict(m) for m in device_class_mappings]}
    return config


def kueue_values(
    *, fair_sharing: bool, device_class_mappings: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Kueue chart values: only ``managerConfig.controllerManagerConfigYaml``."""
    text = yaml.safe_dump(
        kueue_configuration(fair_sharing=fair_sharing, device_class_mappings=device_class_mappings),
        sort_keys=False,
    )
    return {"managerConfig": {"controllerManagerConfigYaml": text}}


class KueueInstall(Component):
    """JobSet and LeaderWorkerSet, then Kueue (its integrations need their CRDs), pinned Helm releases."""

    def __init__(
        self,
        name: str,
        *,
        fair_sharing: bool,
        device_class_mappings: Sequence[Mapping[str, Any]] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:scheduling:KueueInstall", name, opts)
        import pulumi_kubernetes as k8s

        jobset = k8s.helm.v3.Release(
            f"{name}-jobset",
            name="jobset",
            **JOBSET_CHART.release_args(),
            namespace=NAMESPACES["jobset"],
            create_namespace=True,
            opts=self.child_opts(),
        )
        lws = k8s.helm.v3.Release(
            f"{name}-lws",
            name="lws",
            **LWS_CHART.release_args(),
            namespace=NAMESPACES["lws"],
            create_namespace=True,
            opts=self.child_opts(),
        )
        self.kueue = k8s.helm.v3.Release(
            f"{name}-kueue",
            name="kueue",
            **KUEUE_CHART.release_args(),
            namespace=NAMESPACES["kueue"],
            create_namespace=True,
            values=kueue_values(fair_sharing=fair_sharing, device_class_mappings=device_class_mappings),
            opts=self.child_opts(depends_on=[jobset, lws]),
        )
        self.releases = [jobset, lws, self.kueue]
        self.register_outputs({"kueue_namespace": NAMESPACES["kueue"]})
