"""What the charts the platform installs put in their pods, read from each chart's templates at the
pinned tag: the pod-security-relevant fields a chart's values produce (privileged, host namespaces,
hostPath, capabilities, users) and the ports and authentication of its metrics endpoint.

Recorded by reading the templates (no chart file is copied); each entry names its source, tag,
commit and template. ``when`` lists the values a pod depends on with the chart's default at the tag,
so a check applies Helm's merge (:mod:`.helm_merge`) to the release's values before deciding whether
the pod exists. Pod labels are those of the release name the platform installs the chart under.
Charts not listed here have no recorded pods: a check that needs them must say so, not assume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .helm_merge import lookup


@dataclass(frozen=True)
class Source:
    """Where a fact was read: repository, tag, commit and the commit's date."""

    repo: str
    ref: str
    commit: str
    date: str


@dataclass(frozen=True)
class When:
    """A pod exists (or has a part) only when the value at ``path`` equals ``equals``; ``default`` is
    the chart's value at the tag, used where the release does not set it."""

    path: str
    equals: Any
    default: Any

    def holds(self, values: Mapping[str, Any]) -> bool:
        """Whether the condition holds for a release's ``values`` (the chart default where unset)."""
        return lookup(values, self.path, self.default) == self.equals


@dataclass(frozen=True)
class ChartPod:
    """One pod a chart creates: its spec's security-relevant fields as a Kubernetes PodSpec subset."""

    chart: str
    version: str
    source: Source
    template: str
    workload: str
    pod_spec: Mapping[str, Any]
    when: tuple[When, ...] = ()

    def applies(self, values: Mapping[str, Any]) -> bool:
        """Whether a release with ``values`` creates this pod."""
        return all(w.holds(values) for w in self.when)


@dataclass(frozen=True)
class MetricsEndpoint:
    """Where an exporter serves metrics: the pod's labels, its container port name, the Service
    port name in front of it (None: no Service), scheme, and the authentication it demands
    (``kubernetes``: a bearer token that passes TokenReview and a SubjectAccessReview for
    ``get`` on the non-resource URL ``/metrics``)."""

    chart: str
    version: str
    source: Source
    template: str
    pod_labels: Mapping[str, str]
    container_port: str
    service: str | None
    service_port: str | None
    scheme: Literal["http", "https"] = "http"
    path: str = "/metrics"
    auth: Literal["none", "kubernetes"] = "none"
    namespace: str | None = None
    service_labels: Mapping[str, str] = field(default_factory=dict)
    other_services: tuple[Mapping[str, str], ...] = ()
    """Labels of the chart's other Services with a port of the same name as ``service_port`` (a
    selector matching one of them scrapes something that is not the metrics endpoint)."""


JUPYTERHUB = Source(
    "github.com/jupyterhub/zero-to-jupyterhub-k8s",
    "4.4.0",
    "5c5f5df751588a68a7781ead01d0f62e88e2e72f",
    "2026-06-10",
)
DCGM_EXPORTER = Source(
    "github.com/NVIDIA/dcgm-exporter", "4.5.3-4.8.2", "691c92762eb551313c825f6efe4ceeee20982801", "2026-05-06"
)
KUBE_STATE_METRICS = Source(
    "github.com/prometheus-community/helm-charts",
    "kube-state-metrics-8.4.0",
    "1982f1c5828920f5d4ea5d04956169e81f8c5129",
    "2026-08-18",
)
KUEUE = Source(
    "github.com/kubernetes-sigs/kueue", "v0.19.2", "8eab68778fc1b52affe165fdf5af29d1e9b4f3cb", "2026-08-20"
)
OPENCOST = Source(
    "github.com/opencost/opencost-helm-chart",
    "opencost-2.5.17",
    "725bb939d6a631a7b679cef38fe42a3d872efe64",
    "2026-04-28",
)
GPU_OPERATOR = Source(
    "github.com/NVIDIA/gpu-operator", "v26.7.0", "10ee5b3638b89e11e949412aafa5ba99279c3721", "2026-08-20"
)

RESTRICTED_CONTAINER = {
    "readOnlyRootFilesystem": True,
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
}

POD_FACTS: tuple[ChartPod, ...] = (
    # KubeSpawner's user server: jupyterhub_config.py appends this init container when
    # singleuser.cloudMetadata.blockWithIptables is true (values.yaml default: true).
    ChartPod(
        "jupyterhub",
        "4.4.0",
        JUPYTERHUB,
        "jupyterhub/files/hub/jupyterhub_config.py (cloud_metadata block)",
        "user server pod (KubeSpawner), init container block-cloud-metadata",
        {
            "initContainers": [
                {
                    "name": "block-cloud-metadata",
                    "securityContext": {
                        "privileged": True,
                        "runAsUser": 0,
                        "capabilities": {"add": ["NET_ADMIN"]},
                    },
                }
            ],
            "containers": [{"name": "notebook"}],
        },
        when=(When("singleuser.cloudMetadata.blockWithIptables", True, True),),
    ),
    ChartPod(
        "dcgm-exporter",
        "4.8.2",
        DCGM_EXPORTER,
        "deployment/templates/daemonset.yaml, deployment/values.yaml securityContext",
        "DaemonSet dcgm-exporter",
        {
            "hostPID": False,
            "volumes": [
                {"name": "pod-gpu-resources", "hostPath": {"path": "/var/lib/kubelet/pod-resources"}}
            ],
            "containers": [
                {
                    "name": "exporter",
                    "ports": [{"name": "metrics", "containerPort": 9400}],
                    "securityContext": {
                        "runAsNonRoot": False,
                        "runAsUser": 0,
                        "capabilities": {"add": ["SYS_ADMIN"], "drop": ["ALL"]},
                        "allowPrivilegeEscalation": False,
                    },
                }
            ],
        },
    ),
    ChartPod(
        "kube-state-metrics",
        "8.4.0",
        KUBE_STATE_METRICS,
        "charts/kube-state-metrics/templates/deployment.yaml, values.yaml securityContext",
        "Deployment kube-state-metrics",
        {
            "securityContext": {
                "runAsUser": 65534,
                "runAsGroup": 65534,
                "runAsNonRoot": True,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "containers": [
                {
                    "name": "kube-state-metrics",
                    "ports": [
                        {"name": "http", "containerPort": 8080},
                        {"name": "metrics", "containerPort": 8081},
                    ],
                    "securityContext": dict(RESTRICTED_CONTAINER),
                }
            ],
        },
    ),
    ChartPod(
        "kueue",
        "0.19.2",
        KUEUE,
        "charts/kueue/templates/manager/manager.yaml, values.yaml controllerManager.manager",
        "Deployment kueue-controller-manager",
        {
            "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [
                {
                    "name": "manager",
                    "ports": [
                        {"name": "visibility", "containerPort": 8082},
                        {"name": "webhook-server", "containerPort": 9443},
                        {"name": "metrics", "containerPort": 8443},
                    ],
                    "securityContext": dict(RESTRICTED_CONTAINER),
                }
            ],
        },
    ),
    ChartPod(
        "opencost",
        "2.5.17",
        OPENCOST,
        "charts/opencost/templates/deployment.yaml, values.yaml (exporter/ui securityContext: {})",
        "Deployment opencost",
        {
            "containers": [
                {
                    "name": "opencost",
                    "ports": [{"name": "http", "containerPort": 9003}],
                    "securityContext": {},
                },
                {
                    "name": "opencost-ui",
                    "ports": [{"name": "http-ui", "containerPort": 9090}],
                    "securityContext": {},
                },
            ]
        },
    ),
)
"""Pods of the charts, as their templates render them at the pinned tag."""

REVIEWED: dict[tuple[str, str], str] = {
    (
        "jupyterhub",
        "4.4.0",
    ): "jupyterhub/templates and values.yaml at 4.4.0 (commit 5c5f5df75158): hub, proxy, "
    "user-scheduler and image-puller containers drop ALL capabilities, none is privileged or uses a host "
    "namespace, hostPath or hostPort; the one privileged container is the recorded block-cloud-metadata",
    ("label-studio", "2.0.5"): "HumanSignal/charts heartex/label-studio/templates at commit 7a1b01caeeda: no "
    "privileged, host namespace, hostPath, hostPort or added capability in any template",
    (
        "kubeflow-trainer",
        "2.3.0",
    ): "kubeflow/trainer charts/kubeflow-trainer/templates (outside crd/) at v2.3.0, "
    "commit 658725bdae5c: no privileged, host namespace, hostPath, hostPort or added capability",
    ("opencost", "2.5.17"): "the recorded Deployment is the chart's only pod (templates/deployment.yaml; "
    "scc.yaml is OpenShift-only and allows nothing privileged)",
    (
        "kueue",
        "0.19.2",
    ): "the recorded manager Deployment; kueueviz (off by default) sets the same restricted "
    "contexts (values.yaml kueueViz.*.containerSecurityContext)",
}
"""Chart versions whose templates were read for pod-security-relevant fields, with what was found
beyond :data:`POD_FACTS` (so a check can tell "read, nothing more" from "never read")."""

METRICS_ENDPOINTS: tuple[MetricsEndpoint, ...] = (
    MetricsEndpoint(
        "kube-state-metrics",
        "8.4.0",
        KUBE_STATE_METRICS,
        "templates/deployment.yaml (port http), templates/service.yaml",
        {"app.kubernetes.io/name": "kube-state-metrics", "app.kubernetes.io/instance": "kube-state-metrics"},
        container_port="http",
        service="kube-state-metrics",
        service_port="http",
    ),
    MetricsEndpoint(
        "dcgm-exporter",
        "4.8.2",
        DCGM_EXPORTER,
        "deployment/templates/daemonset.yaml (port metrics), templates/service.yaml",
        {"app.kubernetes.io/name": "dcgm-exporter", "app.kubernetes.io/instance": "dcgm-exporter"},
        container_port="metrics",
        service="dcgm-exporter",
        service_port="metrics",
    ),
    # Kueue: controller-runtime's authn/authz filter on the metrics server (cmd/kueue/main.go
    # FilterProvider: filters.WithAuthenticationAndAuthorization), not switchable by configuration.
    MetricsEndpoint(
        "kueue",
        "0.19.2",
        KUEUE,
        "charts/kueue/templates/manager/manager.yaml, templates/manager/auth_proxy_service.yaml, cmd/kueue/main.go",
        {
            "app.kubernetes.io/name": "kueue",
            "app.kubernetes.io/instance": "kueue",
            "control-plane": "controller-manager",
        },
        container_port="metrics",
        service="kueue-controller-manager-metrics-service",
        service_port="https",
        scheme="https",
        auth="kubernetes",
        namespace="kueue-system",
        service_labels={
            "app.kubernetes.io/name": "kueue",
            "app.kubernetes.io/instance": "kueue",
            "control-plane": "controller-manager",
            "app.kubernetes.io/component": "metrics-service",
        },
        # templates/visibility/service.yaml: kueue-visibility-server, port "https" -> 8082 (visibility API)
        other_services=(
            {
                "app.kubernetes.io/name": "kueue",
                "app.kubernetes.io/instance": "kueue",
                "control-plane": "controller-manager",
                "app.kubernetes.io/component": "visibility-service",
            },
        ),
    ),
    MetricsEndpoint(
        "opencost",
        "2.5.17",
        OPENCOST,
        "charts/opencost/templates/deployment.yaml (port http), templates/service.yaml",
        {"app.kubernetes.io/name": "opencost", "app.kubernetes.io/instance": "opencost"},
        container_port="http",
        service="opencost",
        service_port="http",
    ),
    # The operator's DCGM exporter Service and ServiceMonitor (assets/state-dcgm-exporter/0400_service.yaml,
    # 0500_service_monitor.yaml). Re-read at v26.7.0: between v26.3.3 and v26.7.0 assets/state-dcgm-exporter/
    # changed only 0200_role.yaml (the Role no longer lists pods); Service, ports and ServiceMonitor are the same.
    MetricsEndpoint(
        "gpu-operator",
        "v26.7.0",
        GPU_OPERATOR,
        "assets/state-dcgm-exporter/0400_service.yaml, 0800_daemonset.yaml",
        {"app": "nvidia-dcgm-exporter"},
        container_port="metrics",
        service="nvidia-dcgm-exporter",
        service_port="gpu-metrics",
    ),
)
"""Metrics endpoints of the exporters the platform scrapes."""


def pods_for(chart: str, version: str, values: Mapping[str, Any]) -> list[ChartPod] | None:
    """The recorded pods a release of ``chart`` ``version`` with ``values`` creates (each pod's
    conditions read with the chart's defaults where the release is silent); None when the chart
    version's templates were never read (neither recorded pods nor a :data:`REVIEWED` note)."""
    recorded = [p for p in POD_FACTS if p.chart == chart and p.version == version]
    if not recorded and (chart, version) not in REVIEWED:
        return None
    return [p for p in recorded if p.applies(values)]


def endpoint(chart: str) -> MetricsEndpoint:
    """The recorded metrics endpoint of ``chart`` (KeyError when none is recorded)."""
    for e in METRICS_ENDPOINTS:
        if e.chart == chart:
            return e
    raise KeyError(chart)
