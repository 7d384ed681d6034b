"""GCP metrics backend: Google Cloud Managed Service for Prometheus, Cloud Monitoring alert policies
with PromQL conditions, and a Pub/Sub receiver encrypted with the platform's logs key.

- The GKE cluster's ``monitoring_config`` turns managed collection on and enables the system
  components, including ``DCGM`` where the platform has GPU pools (pulumi_gcp 10.2.0
  ``ClusterMonitoringConfigArgs.enable_components``: SYSTEM_COMPONENTS, …, DCGM; DCGM needs GKE-installed drivers) — see
  :func:`monitoring_config`; TPU duty cycle is a GKE system metric.
- Alerts: GMP has no Alertmanager of ours to route; each rule becomes a Cloud Monitoring
  ``AlertPolicy`` whose condition is the same PromQL (``condition_prometheus_query_language``, with
  the rule's ``for`` as ``duration``), notifying a ``pubsub`` notification channel.
- The topic's CMK grant goes to the Pub/Sub service agent (``service-<N>@gcp-sa-pubsub``), the
  publish grant to the Cloud Monitoring notification agent (``service-<N>@gcp-sa-monitoring-notification``;
  Cloud Monitoring "Create and manage notification channels", Pub/Sub section, read 2026-12-01).
- kube-state-metrics and Kueue are scraped through ``PodMonitoring`` (monitoring.googleapis.com/v1,
  GoogleCloudPlatform/prometheus-engine v0.17.2). Unverified: Kueue's HTTPS metrics endpoint
  authorizing GMP's collector without a bearer token.

Children: ``{name}-alerts`` (topic), ``{name}-alerts-key``, ``{name}-alerts-publisher``,
``{name}-channel``, ``{name}-alert-<rule>``, ``{name}-ksm-monitoring``, ``{name}-kueue-monitoring``,
plus the exporter releases of :mod:`.exporters`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from .alerts import GROUP, AlertRule
from .exporters import NAMESPACE, exporter_releases
from .spec import ObservabilitySpec

ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
SEVERITY = {"critical": "CRITICAL", "warning": "WARNING"}


def monitoring_config(*, gpus: bool) -> dict[str, Any]:
    """GKE ``monitoring_config``: managed Prometheus on, system components, DCGM on GPU platforms."""
    components = ["SYSTEM_COMPONENTS", "DAEMONSET", "POD"] + (["DCGM"] if gpus else [])
    return {"enable_components": components, "managed_prometheus": {"enabled": True}}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def alert_policy_args(rule: AlertRule) -> dict[str, Any]:
    """The Cloud Monitoring alert policy for one rule (without its notification channels)."""
    return {
        "display_name": f"aiinfra: {rule.summary}",
        "combiner": "OR",
        "severity": SEVERITY[rule.severity],
        "conditions": [
            {
                "display_name": rule.name,
                "condition_prometheus_query_language": {
                    "query": rule.expr,
                    "duration": f"{rule.for_minutes * 60}s",
                    "evaluation_interval": "60s",
                    "alert_rule": rule.name,
                    "rule_group": GROUP,
                    "labels": {"severity": rule.severity},
                },
            }
        ],
        "documentation": {"content": rule.meaning, "mime_type": "text/markdown"},
        "user_labels": {"source": "aiinfra", "alert": _kebab(rule.name)},
    }


def pod_monitoring(selector: Mapping[str, str], port: str, **endpoint: Any) -> dict[str, Any]:
    """PodMonitoring ``spec``: pods matching ``selector``, one endpoint every 30 s."""
    return {
        "selector": {"matchLabels": dict(selector)},
        "endpoints": [{"port": port, "interval": "30s", **endpoint}],
    }


class GmpObservability(Component):
    """Alert policies, the Pub/Sub receiver and the scraping a GKE platform adds to managed Prometheus."""

    def __init__(
        self,
        name: str,
        spec: ObservabilitySpec,
        rules: Sequence[AlertRule],
        *,
        project: str,
        key_id: pulumi.Input[str],
        kubernetes_provider: Any,
        kueue: bool,
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:observability:GmpObservability", name, opts)
        import pulumi_gcp as gcp
        import pulumi_kubernetes as k8s

        number = gcp.organizations.get_project_output(
            project_id=project, opts=pulumi.InvokeOutputOptions(parent=self)
        ).number
        key_grant = gcp.kms.CryptoKeyIAMMember(
            f"{name}-alerts-key",
            crypto_key_id=key_id,
            role=ENCRYPTER,
            member=number.apply(
                lambda n: f"serviceAccount:service-{n}@gcp-sa-pubsub.iam.gserviceaccount.com"
            ),
            opts=self.child_opts(),
        )
        self.topic = gcp.pubsub.Topic(
            f"{name}-alerts",
            name=f"{name}-alerts",
            project=project,
            kms_key_name=key_id,
            labels=dict(labels),
            opts=self.child_opts(depends_on=[key_grant]),
        )
        publisher = gcp.pubsub.TopicIAMMember(
            f"{name}-alerts-publisher",
            project=project,
            topic=self.topic.name,
            role="roles/pubsub.publisher",
            member=number.apply(
                lambda n: f"serviceAccount:service-{n}@gcp-sa-monitoring-notification.iam.gserviceaccount.com"
            ),
            opts=self.child_opts(),
        )
        self.channel = gcp.monitoring.NotificationChannel(
            f"{name}-channel",
            project=project,
            display_name=f"{name} platform alerts",
            type="pubsub",
            labels={"topic": self.topic.id},
            user_labels=dict(labels),
            opts=self.child_opts(depends_on=[publisher]),
        )
        self.policies = [
            gcp.monitoring.AlertPolicy(
                f"{name}-alert-{_kebab(rule.name)}",
                project=project,
                notification_channels=[self.channel.id],
                **alert_policy_args(rule),
                opts=self.child_opts(),
            )
            for rule in rules
        ]
        k8s_opts = self.child_opts(provider=kubernetes_provider)
        self.exporters = exporter_releases(name, accelerator_labels=(), dcgm=False, opts=k8s_opts)
        monitor_opts = self.child_opts(provider=kubernetes_provider, depends_on=self.exporters)
        self.monitors = [
            k8s.apiextensions.CustomResource(
                f"{name}-ksm-monitoring",
                api_version="monitoring.googleapis.com/v1",
                kind="PodMonitoring",
                metadata={"name": "kube-state-metrics", "namespace": NAMESPACE, "labels": dict(labels)},
                spec=pod_monitoring({"app.kubernetes.io/name": "kube-state-metrics"}, "http"),
                opts=monitor_opts,
            )
        ]
        if kueue:
            self.monitors.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-kueue-monitoring",
                    api_version="monitoring.googleapis.com/v1",
                    kind="PodMonitoring",
                    metadata={"name": "kueue", "namespace": "kueue-system", "labels": dict(labels)},
                    spec=pod_monitoring(
                        {"control-plane": "controller-manager"},
                        "https",
                        scheme="https",
                        tls={"insecureSkipVerify": True},
                    ),
                    opts=monitor_opts,
                )
            )
        self.register_outputs({"alert_topic": self.topic.id, "notification_channel": self.channel.id})
