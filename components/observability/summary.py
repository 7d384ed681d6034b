"""The plan's ``observability`` section, read from the recorded resources (what the program creates):
metrics sources, alerts and dashboards, per backend. Nothing here creates resources."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import yaml

HELM = "kubernetes:helm.sh/v3:Release"
PROM_RULE = (
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    "monitoring.coreos.com/v1",
    "PrometheusRule",
)
AMP_RULES = "aws:amp/ruleGroupNamespace:RuleGroupNamespace"
GCP_POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
GRAFANA_DASHBOARD = "grafana:oss/dashboard:Dashboard"
BACKENDS = {
    "aws:grafana/workspace:Workspace": "Amazon Managed Grafana",
    "aws:amp/workspace:Workspace": "Amazon Managed Service for Prometheus",
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule": "kube-prometheus-stack",
    GCP_POLICY: "Google Cloud Managed Service for Prometheus + Cloud Monitoring",
}
# Helm charts that bring metrics, by chart name.
CHART_SOURCES = {
    "dcgm-exporter": "DCGM exporter",
    "kube-state-metrics": "kube-state-metrics",
    "kube-prometheus-stack": "kube-prometheus-stack (Prometheus, kube-state-metrics, node-exporter)",
}
NEURON_MONITOR = "kubernetes:apps/v1:DaemonSet"


def _rules(r: Any) -> Iterable[dict[str, Any]]:
    if r.type == PROM_RULE[0]:
        for group in (r.inputs.get("spec") or {}).get("groups", []):
            yield from group.get("rules", [])
    elif r.type == AMP_RULES and isinstance(r.inputs.get("data"), str):
        # libyaml's C loader when PyYAML has it (the rule groups of a stack are ~0.25 s in pure Python)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for group in yaml.load(r.inputs["data"], Loader=loader).get("groups", []):
            yield from group.get("rules", [])


def _sources(resources: list[Any]) -> list[dict[str, str]]:
    out = []
    for r in resources:
        if r.type == HELM:
            chart = str(r.inputs.get("chart", "")).rsplit("/", 1)[-1]
            if chart in CHART_SOURCES:
                out.append(
                    {
                        "source": CHART_SOURCES[chart],
                        "via": f"{chart} {r.inputs.get('version')}",
                        "resource": r.name,
                    }
                )
            values = r.inputs.get("values") or {}
            if chart == "gpu-operator" and (values.get("dcgmExporter") or {}).get("serviceMonitor", {}).get(
                "enabled"
            ):
                out.append(
                    {
                        "source": "DCGM exporter",
                        "via": "GPU Operator dcgmExporter + ServiceMonitor",
                        "resource": r.name,
                    }
                )
        elif r.type == GKE_CLUSTER and r.inputs.get("monitoringConfig"):
            components = r.inputs["monitoringConfig"].get("enableComponents") or []
            out.append(
                {
                    "source": "GKE system metrics",
                    "via": "monitoring_config " + ", ".join(components),
                    "resource": r.name,
                }
            )
        elif r.type.endswith(("ServiceMonitor", "PodMonitoring")):
            name = (r.inputs.get("metadata") or {}).get("name", r.name)
            out.append({"source": str(name), "via": r.type.rsplit(":", 1)[-1], "resource": r.name})
        elif r.type == NEURON_MONITOR and (r.inputs.get("metadata") or {}).get("name") == "neuron-monitor":
            out.append({"source": "Neuron monitor", "via": "neuron-monitor DaemonSet", "resource": r.name})
        elif r.type == "aws:amp/scraper:Scraper":
            out.append({"source": "AMP managed collector", "via": "aws.amp.Scraper", "resource": r.name})
    return out


AMP_BACKEND = "Amazon Managed Service for Prometheus"
GMP_BACKEND = "Google Cloud Managed Service for Prometheus"
KPS_BACKEND = "kube-prometheus-stack Prometheus"


def _keep(relabel: list[dict[str, Any]], label: str) -> str | None:
    return next(
        (
            str(r.get("regex"))
            for r in relabel
            if r.get("action") == "keep" and r.get("source_labels") == [label]
        ),
        None,
    )


def _amp_jobs(r: Any) -> list[dict[str, Any]]:
    out = []
    config = r.inputs.get("scrapeConfiguration")
    for job in (yaml.safe_load(config) if isinstance(config, str) else {}).get("scrape_configs", []):
        sd = (job.get("kubernetes_sd_configs") or [{}])[0]
        relabel = job.get("relabel_configs") or []
        namespaces = ",".join((sd.get("namespaces") or {}).get("names") or ["*"])
        if sd.get("role") == "endpoints":
            what = f"Service {namespaces}/{_keep(relabel, '__meta_kubernetes_service_name')}"
            port = _keep(relabel, "__meta_kubernetes_endpoint_port_name")
        else:
            what = f"pods {namespaces}/{_keep(relabel, '__meta_kubernetes_pod_label_app_kubernetes_io_name')}"
            port = _keep(relabel, "__meta_kubernetes_pod_container_port_name")
        out.append(
            {
                "exporter": job["job_name"],
                "backend": AMP_BACKEND,
                "job": f"scrape job {job['job_name']}",
                "target": f"{what} port {port}",
                "credentials": "bearer token" if job.get("authorization") else "none",
                "resource": r.name,
            }
        )
    return out


def _monitor(r: Any) -> list[dict[str, Any]]:
    md = r.inputs.get("metadata") or {}
    spec = r.inputs.get("spec") or {}
    kind = r.type.rsplit(":", 1)[-1]
    out = []
    for ep in spec.get("endpoints") or []:
        auth = ep.get("authorization") or ep.get("bearerTokenFile")
        out.append(
            {
                "exporter": str(md.get("name", r.name)).removeprefix("aiinfra-"),
                "backend": GMP_BACKEND if kind == "PodMonitoring" else KPS_BACKEND,
                "job": f"{kind} {md.get('namespace')}/{md.get('name')}",
                "target": f"port {ep.get('port')}",
                "credentials": "bearer token" if auth else "none",
                "resource": r.name,
            }
        )
    return out


def _chart_monitors(r: Any) -> list[dict[str, Any]]:
    """ServiceMonitors a chart creates from its values (OpenCost, the GPU Operator's DCGM exporter)."""
    chart = str(r.inputs.get("chart", "")).rsplit("/", 1)[-1]
    values = r.inputs.get("values") or {}
    if chart == "opencost":
        sm = (values.get("opencost") or {}).get("metrics", {}).get("serviceMonitor") or {}
        exporter, port = "opencost", "http"
    elif chart == "gpu-operator":
        sm = (values.get("dcgmExporter") or {}).get("serviceMonitor") or {}
        exporter, port = "dcgm-exporter (GPU Operator)", "gpu-metrics"
    elif chart == "kube-prometheus-stack":
        return [
            {
                "exporter": "kube-state-metrics, node-exporter (bundled)",
                "backend": KPS_BACKEND,
                "job": "the chart's ServiceMonitors",
                "target": "the chart's own ports",
                "credentials": "none",
                "resource": r.name,
            }
        ]
    else:
        return []
    if not sm.get("enabled"):
        return []
    return [
        {
            "exporter": exporter,
            "backend": KPS_BACKEND,
            "job": f"chart ServiceMonitor of {chart} ({r.inputs.get('namespace')})",
            "target": f"port {port}" + (", honorLabels" if sm.get("honorLabels") else ""),
            "credentials": "none",
            "resource": r.name,
        }
    ]


def scrape_summary(resources: list[Any]) -> list[dict[str, Any]]:
    """Where each exporter's metrics go: backend, scrape job or monitor, target port, credentials."""
    out: list[dict[str, Any]] = []
    for r in resources:
        if r.type == "aws:amp/scraper:Scraper":
            out += _amp_jobs(r)
        elif r.type.endswith((":PodMonitoring", ":ServiceMonitor")):
            out += _monitor(r)
        elif r.type == HELM:
            out += _chart_monitors(r)
        elif r.type == GKE_CLUSTER and r.inputs.get("monitoringConfig"):
            components = r.inputs["monitoringConfig"].get("enableComponents") or []
            if "DCGM" in components:
                out.append(
                    {
                        "exporter": "dcgm (GKE managed)",
                        "backend": GMP_BACKEND,
                        "job": "GKE managed collection (monitoring_config DCGM)",
                        "target": "GKE-managed",
                        "credentials": "none",
                        "resource": r.name,
                    }
                )
    return out


def service_metrics(row: dict[str, Any], observability: dict[str, Any] | None) -> str:
    """Where a platform service's own metrics go: the scrape jobs whose target lies in the service's
    namespace (read from its endpoint's ``<name>.<namespace>.svc``), or that none collects them."""
    match = re.search(r"\.([a-z0-9-]+)\.svc\b", str(row.get("endpoint", "")))
    namespace = match.group(1) if match else None
    scrape = (observability or {}).get("scrape") or []
    jobs = [
        f"{s['backend']}: {s['job']}"
        for s in scrape
        if namespace and (f" {namespace}/" in f" {s['job']}" or f" {namespace}/" in f" {s['target']}")
    ]
    if jobs:
        return "; ".join(jobs)
    backends = ", ".join((observability or {}).get("backends") or []) or "no metrics backend"
    return f"not scraped: no scrape job targets namespace {namespace or '(unknown)'} ({backends})"


def _grafana_file(r: Any) -> str:
    """A Managed Grafana dashboard named like the on-prem ConfigMap key (``<uid>.json``)."""
    config = r.inputs.get("configJson")
    uid = json.loads(config).get("uid") if isinstance(config, str) else None
    return f"{uid}.json" if uid else r.name


def observability_summary(resources: list[Any]) -> dict[str, Any] | None:
    """Metrics sources, alerts and dashboards the program creates (None when it creates none)."""
    backends = sorted({BACKENDS[r.type] for r in resources if r.type in BACKENDS})
    alerts: list[dict[str, Any]] = []
    for r in resources:
        for rule in _rules(r):
            alerts.append(
                {
                    "alert": rule["alert"],
                    "for": rule.get("for"),
                    "severity": rule.get("labels", {}).get("severity"),
                    "resource": r.name,
                }
            )
        if r.type == GCP_POLICY:
            for cond in r.inputs.get("conditions") or []:
                promql = cond.get("conditionPrometheusQueryLanguage") or {}
                alerts.append(
                    {
                        "alert": promql.get("alertRule"),
                        "for": promql.get("duration"),
                        "severity": str(r.inputs.get("severity", "")).lower(),
                        "resource": r.name,
                    }
                )
    dashboards = [
        key
        for r in resources
        if r.type == CONFIG_MAP
        and ((r.inputs.get("metadata") or {}).get("labels") or {}).get("grafana_dashboard") == "1"
        for key in (r.inputs.get("data") or {})
    ] + [_grafana_file(r) for r in resources if r.type == GRAFANA_DASHBOARD]
    if not (backends or alerts or dashboards):
        return None
    return {
        "backends": backends,
        "metrics": _sources(resources),
        "scrape": scrape_summary(resources),
        "alerts": alerts,
        "dashboards": dashboards,
    }
