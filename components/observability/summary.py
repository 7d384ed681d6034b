"""The plan's ``observability`` section, read from the recorded resources (what the program creates):
metrics sources, alerts and dashboards, per backend. Nothing here creates resources."""

from __future__ import annotations

import json
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
        for group in yaml.safe_load(r.inputs["data"]).get("groups", []):
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
    return {"backends": backends, "metrics": _sources(resources), "alerts": alerts, "dashboards": dashboards}
