"""The scrape targets a plan configures, per metrics backend, reduced to what a wiring contract checks:
which cluster, namespace, pods or Service they select, the port they name, scheme, credentials,
honor_labels and the target labels they attach.

Backends: the AMP managed collector's scrape configuration (``aws.amp.Scraper``), GKE managed
Prometheus ``PodMonitoring`` (monitoring.googleapis.com/v1), Prometheus Operator ``ServiceMonitor``
objects the program creates, and the ServiceMonitors charts create from their values (OpenCost's
``opencost.metrics.serviceMonitor.enabled``, the GPU Operator's ``dcgmExporter.serviceMonitor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from aiinfra.components.payloads.chart_pods import endpoint

from .plans import chart, custom_resources, metadata, of_type, releases, resources

SCRAPER = "aws:amp/scraper:Scraper"
ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry"
CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
SECRET = "kubernetes:core/v1:Secret"
# Target labels each backend attaches to every scraped series (before honor_labels):
# Prometheus kubernetes_sd with our relabelling (only what relabel_configs set, plus job/instance);
# GMP PodMonitoring: project_id, location, cluster, namespace, job, instance, plus
# targetLabels.metadata default [pod, container] (prometheus-engine v0.17.2 CRD docs);
# Prometheus Operator ServiceMonitor: namespace, service, pod, container, endpoint, job, instance.
GMP_LABELS = ("project_id", "location", "cluster", "namespace", "job", "instance", "pod", "container")
OPERATOR_LABELS = ("namespace", "service", "pod", "container", "endpoint", "job", "instance")


@dataclass
class Target:
    """One scrape target definition, normalised across backends."""

    backend: str
    name: str
    cluster: str | None
    namespaces: tuple[str, ...]
    service: str | None = None
    pod_labels: dict[str, str] = field(default_factory=dict)
    service_labels: dict[str, str] = field(default_factory=dict)
    port: str | None = None  # the port name it keeps (service port for Service targets, else container port)
    port_kind: str = "container"  # "container" or "service"
    scheme: str = "http"
    credentials: bool = False
    honor_labels: bool = False
    target_labels: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)


def cluster_of(r: Any) -> str | None:
    """The Kubernetes provider a resource is registered with (a cluster's identity in the plan)."""
    return r.provider or None


def _keep(relabel: list[dict[str, Any]], label: str) -> str | None:
    for rule in relabel:
        if rule.get("action") == "keep" and rule.get("source_labels") == [label]:
            return str(rule.get("regex"))
    return None


def _siblings(stack: str, r: Any) -> list[Any]:
    return [o for o in resources(stack) if o.parent == r.parent]


def amp_targets(stack: str) -> list[Target]:
    """The jobs of every AMP managed collector in the stack."""
    out = []
    for scraper in of_type(stack, SCRAPER):
        k8s = [o for o in _siblings(stack, scraper) if o.type == CLUSTER_ROLE]
        cluster = cluster_of(k8s[0]) if k8s else None
        for job in yaml.safe_load(scraper.inputs["scrapeConfiguration"])["scrape_configs"]:
            sd = job["kubernetes_sd_configs"][0]
            relabel = job.get("relabel_configs") or []
            t = Target(
                "AMP",
                f"{scraper.name} job {job['job_name']}",
                cluster,
                tuple((sd.get("namespaces") or {}).get("names") or ()),
                scheme=job.get("scheme", "http"),
                credentials=bool(
                    job.get("authorization") or job.get("bearer_token_file") or job.get("bearer_token")
                ),
                honor_labels=bool(job.get("honor_labels")),
                target_labels=(
                    "job",
                    "instance",
                    *(r["target_label"] for r in relabel if r.get("target_label")),
                ),
            )
            if sd["role"] == "endpoints":
                t.service = _keep(relabel, "__meta_kubernetes_service_name")
                t.port, t.port_kind = _keep(relabel, "__meta_kubernetes_endpoint_port_name"), "service"
            elif sd["role"] == "pod":
                app = _keep(relabel, "__meta_kubernetes_pod_label_app_kubernetes_io_name")
                t.pod_labels = {"app.kubernetes.io/name": app} if app else {}
                t.port = _keep(relabel, "__meta_kubernetes_pod_container_port_name")
            out.append(t)
    return out


def gmp_targets(stack: str) -> list[Target]:
    """Every PodMonitoring the program creates."""
    out = []
    for r in custom_resources(stack, "PodMonitoring"):
        spec = r.inputs.get("spec") or {}
        for ep in spec.get("endpoints") or []:
            out.append(
                Target(
                    "GMP",
                    f"PodMonitoring {r.name}",
                    cluster_of(r),
                    (metadata(r).get("namespace", "default"),),
                    pod_labels=dict((spec.get("selector") or {}).get("matchLabels") or {}),
                    port=ep.get("port"),
                    scheme=ep.get("scheme", "http"),
                    credentials=bool(ep.get("authorization") or ep.get("basicAuth") or ep.get("oauth2")),
                    target_labels=GMP_LABELS,
                )
            )
    return out


def operator_targets(stack: str) -> list[Target]:
    """Every ServiceMonitor the program creates, and those charts create from their values."""
    out = []
    for r in custom_resources(stack, "ServiceMonitor"):
        spec = r.inputs.get("spec") or {}
        for ep in spec.get("endpoints") or []:
            out.append(
                Target(
                    "ServiceMonitor",
                    f"ServiceMonitor {r.name}",
                    cluster_of(r),
                    tuple(
                        (spec.get("namespaceSelector") or {}).get("matchNames")
                        or (metadata(r).get("namespace"),)
                    ),
                    service_labels=dict((spec.get("selector") or {}).get("matchLabels") or {}),
                    port=ep.get("port"),
                    port_kind="service",
                    scheme=ep.get("scheme", "http"),
                    credentials=bool(
                        ep.get("bearerTokenFile") or ep.get("authorization") or ep.get("bearerTokenSecret")
                    ),
                    honor_labels=bool(ep.get("honorLabels")),
                    target_labels=OPERATOR_LABELS,
                )
            )
    # chart-made ServiceMonitors: their selector and port are the chart's own (correct by construction)
    for r in releases(stack, "opencost"):
        sm = ((r.inputs.get("values") or {}).get("opencost") or {}).get("metrics", {}).get(
            "serviceMonitor"
        ) or {}
        if sm.get("enabled"):
            e = endpoint("opencost")
            out.append(
                Target(
                    "ServiceMonitor",
                    f"chart ServiceMonitor of {r.name}",
                    cluster_of(r),
                    (r.inputs.get("namespace"),),
                    service_labels=dict(e.pod_labels),
                    port=e.service_port,
                    port_kind="service",
                    honor_labels=sm.get("honorLabels", True),  # chart default true (values.yaml)
                    target_labels=OPERATOR_LABELS,
                )
            )
    for r in releases(stack, "gpu-operator"):
        sm = ((r.inputs.get("values") or {}).get("dcgmExporter") or {}).get("serviceMonitor") or {}
        if sm.get("enabled"):
            e = endpoint("gpu-operator")
            out.append(
                Target(
                    "ServiceMonitor",
                    f"GPU Operator ServiceMonitor of {r.name}",
                    cluster_of(r),
                    (r.inputs.get("namespace"),),
                    service_labels=dict(e.pod_labels),
                    port=e.service_port,
                    port_kind="service",
                    honor_labels=bool(sm.get("honorLabels", False)),  # chart default false (values.yaml)
                    target_labels=OPERATOR_LABELS,
                )
            )
    return out


def all_targets(stack: str) -> list[Target]:
    """Every scrape target of the stack, on every backend."""
    return [*amp_targets(stack), *gmp_targets(stack), *operator_targets(stack)]


def exporter_releases(stack: str) -> list[Any]:
    """The stack's Helm releases of charts with a recorded metrics endpoint (the exporters)."""
    from aiinfra.components.payloads.chart_pods import METRICS_ENDPOINTS

    charts = {e.chart for e in METRICS_ENDPOINTS} - {"gpu-operator"}
    return [r for r in releases(stack) if chart(r) in charts]
