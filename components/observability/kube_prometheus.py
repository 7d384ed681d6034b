"""On-prem metrics backend: kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager,
Grafana, kube-state-metrics, node-exporter), pinned, Prometheus on the warm tier with retention set.

Pin: prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (commit ea930baeebeb,
2026-08-21; Prometheus Operator v0.93.1), the newest release of the chart on 2026-12-01. The
selectors' ``*NilUsesHelmValues: false`` make Prometheus pick up every PrometheusRule/ServiceMonitor
in the cluster (ours and the GPU Operator's DCGM ServiceMonitor), not only the release's own.

Grafana reads its admin credentials from the Secret ``aiinfra-grafana-admin`` (keys
``admin-user``/``admin-password``) the cluster operator creates; the chart's built-in default
password is never used. Dashboards are ConfigMaps labelled ``grafana_dashboard: "1"``, which the
chart's Grafana sidecar loads from every namespace (values.yaml ``grafana.sidecar.dashboards``).

Children: ``{name}-ns``, ``{name}-stack``, ``{name}-rules``, ``{name}-kueue-monitor``,
``{name}-dashboard-<uid>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .alerts import AlertRule, rule_groups
from .dashboards import dashboard_json, dashboards
from .exporters import POOL_LABELS_ALLOWLIST
from .receivers import webhook_alertmanager_config
from .spec import ObservabilitySpec

KUBE_PROMETHEUS_STACK = PinnedChart(
    "kube-prometheus-stack", "88.5.3", "https://prometheus-community.github.io/helm-charts"
)
NAMESPACE = "monitoring"
GRAFANA_ADMIN_SECRET = "aiinfra-grafana-admin"
# Kueue's metrics Service as its chart labels it (charts/kueue templates/manager/auth_proxy_service.yaml
# and _helpers.tpl ``kueue.metricsService.labels``, v0.19.2): HTTPS with authn/authz. The component
# label tells it from the webhook and visibility Services, which carry the same controller labels.
KUEUE_NAMESPACE = "kueue-system"
KUEUE_METRICS_SELECTOR = {"app.kubernetes.io/name": "kueue", "app.kubernetes.io/component": "metrics-service"}
SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"


def stack_values(spec: ObservabilitySpec, *, storage_class: str) -> dict[str, Any]:
    """kube-prometheus-stack values: retention, warm-tier volume, webhook receiver, Grafana."""
    return {
        "prometheus": {
            "prometheusSpec": {
                "retention": f"{spec.retention_days}d",
                "storageSpec": {
                    "volumeClaimTemplate": {
                        "spec": {
                            "storageClassName": storage_class,
                            "accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": f"{spec.storage_gib}Gi"}},
                        }
                    }
                },
                "ruleSelectorNilUsesHelmValues": False,
                "serviceMonitorSelectorNilUsesHelmValues": False,
                "podMonitorSelectorNilUsesHelmValues": False,
            }
        },
        "alertmanager": {"config": webhook_alertmanager_config(spec.receiver)},
        # the pool label on kube_node_labels, for the per-pool dashboards (subchart value)
        "kube-state-metrics": {"metricLabelsAllowlist": list(POOL_LABELS_ALLOWLIST)},
        "grafana": {
            "enabled": spec.dashboards,
            "admin": {
                "existingSecret": GRAFANA_ADMIN_SECRET,
                "userKey": "admin-user",
                "passwordKey": "admin-password",
            },
        },
    }


def kueue_service_monitor() -> dict[str, Any]:
    """ServiceMonitor ``spec`` for Kueue's HTTPS metrics endpoint, authenticated with Prometheus's token."""
    return {
        "namespaceSelector": {"matchNames": [KUEUE_NAMESPACE]},
        "selector": {"matchLabels": dict(KUEUE_METRICS_SELECTOR)},
        "endpoints": [
            {
                "port": "https",
                "scheme": "https",
                "path": "/metrics",
                "bearerTokenFile": SA_TOKEN,
                "tlsConfig": {"insecureSkipVerify": True},  # Kueue's self-signed serving cert (unverified CA)
            }
        ],
    }


class KubePrometheusStack(Component):
    """kube-prometheus-stack with the platform's alert rules, Kueue scraping and dashboards."""

    def __init__(
        self,
        name: str,
        spec: ObservabilitySpec,
        rules: Sequence[AlertRule],
        *,
        storage_class: str,
        kueue: bool,
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:observability:KubePrometheusStack", name, opts)
        import pulumi_kubernetes as k8s

        def meta(obj: str, extra: Mapping[str, str] | None = None) -> dict[str, Any]:
            return {"name": obj, "namespace": NAMESPACE, "labels": {**labels, **(extra or {})}}

        ns = k8s.core.v1.Namespace(
            f"{name}-ns",
            # node-exporter needs hostNetwork/hostPID/hostPath
            metadata={
                "name": NAMESPACE,
                "labels": {**labels, "pod-security.kubernetes.io/enforce": "privileged"},
            },
            opts=self.child_opts(),
        )
        self.release = k8s.helm.v3.Release(
            f"{name}-stack",
            name="kube-prometheus-stack",
            **KUBE_PROMETHEUS_STACK.release_args(),
            namespace=NAMESPACE,
            values=stack_values(spec, storage_class=storage_class),
            opts=self.child_opts(depends_on=[ns]),
        )
        after = self.child_opts(depends_on=[self.release])
        self.rules = k8s.apiextensions.CustomResource(
            f"{name}-rules",
            api_version="monitoring.coreos.com/v1",
            kind="PrometheusRule",
            metadata=meta("aiinfra-alerts"),
            spec={"groups": rule_groups(rules)},
            opts=after,
        )
        self.monitors = []
        if kueue:
            self.monitors.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-kueue-monitor",
                    api_version="monitoring.coreos.com/v1",
                    kind="ServiceMonitor",
                    metadata=meta("aiinfra-kueue"),
                    spec=kueue_service_monitor(),
                    opts=after,
                )
            )
        self.dashboards = []
        if spec.dashboards:
            for file, board in dashboards().items():
                self.dashboards.append(
                    k8s.core.v1.ConfigMap(
                        f"{name}-dashboard-{board['uid']}",
                        metadata=meta(board["uid"], {"grafana_dashboard": "1"}),
                        data={file: dashboard_json(board)},
                        opts=self.child_opts(depends_on=[ns]),
                    )
                )
        self.namespace = NAMESPACE
        self.register_outputs({"namespace": NAMESPACE, "grafana_admin_secret": GRAFANA_ADMIN_SECRET})
