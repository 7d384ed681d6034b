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
  GoogleCloudPlatform/prometheus-engine v0.17.2, commit 7920a2a222af, 2026-01-07). A PodMonitoring
  names a *container* port: Kueue 0.19.2's manager container calls its 8443 port ``metrics``
  (charts/kueue templates/manager/manager.yaml; the Service's ``https`` port is not a pod port).
- Kueue serves metrics behind authn/authz (cmd/kueue/main.go ``filters.WithAuthenticationAndAuthorization``,
  not configurable): the PodMonitoring sends the token of the service account
  ``aiinfra-metrics-reader`` (a ``kubernetes.io/service-account-token`` Secret in kueue-system),
  bound to a ClusterRole with ``get`` on ``/metrics``; GMP's collector (``gmp-system/collector``)
  may read only that Secret. The pattern of prometheus-engine v0.17.2
  ``examples/inference-optimized-gateway/secret.yaml`` (``authorization.credentials.secret``,
  pkg/operator/apis/monitoring/v1/http_types.go).

Children: ``{name}-alerts`` (topic), ``{name}-alerts-key``, ``{name}-alerts-publisher``,
``{name}-channel``, ``{name}-alert-<rule>``, ``{name}-ksm-monitoring``, with Kueue
``{name}-kueue-monitoring``, ``{name}-kueue-reader`` (ServiceAccount), ``{name}-kueue-reader-token``,
``{name}-kueue-reader-role``, ``{name}-kueue-reader-binding``, ``{name}-kueue-token-read`` (Role),
``{name}-kueue-token-read-binding``, plus the exporter releases of :mod:`.exporters`.
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
KUEUE_NAMESPACE = "kueue-system"
# The Kueue manager pod's labels (charts/kueue _helpers.tpl ``kueue.selectorLabels``, release "kueue").
KUEUE_POD_SELECTOR = {"app.kubernetes.io/name": "kueue", "control-plane": "controller-manager"}
KUEUE_METRICS_PORT = "metrics"
METRICS_READER = "aiinfra-metrics-reader"
METRICS_READER_TOKEN = "aiinfra-metrics-reader-token"
GMP_COLLECTOR = {"kind": "ServiceAccount", "name": "collector", "namespace": "gmp-system"}
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
                    "labels": {"severity": rule.severity, **dict(rule.labels)},
                },
            }
        ],
        "documentation": {"content": rule.meaning, "mime_type": "text/markdown"},
        "user_labels": {"source": "aiinfra", "alert": _kebab(rule.name), **dict(rule.labels)},
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
                f"{name}-alert-{_kebab(rule.ident)}",
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
            token = self._metrics_reader(name, labels, k8s_opts)
            self.monitors.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-kueue-monitoring",
                    api_version="monitoring.googleapis.com/v1",
                    kind="PodMonitoring",
                    metadata={"name": "kueue", "namespace": KUEUE_NAMESPACE, "labels": dict(labels)},
                    spec=kueue_pod_monitoring(),
                    opts=self.child_opts(provider=kubernetes_provider, depends_on=[*self.exporters, token]),
                )
            )
        self.register_outputs({"alert_topic": self.topic.id, "notification_channel": self.channel.id})

    def _metrics_reader(self, name: str, labels: Mapping[str, str], opts: pulumi.ResourceOptions) -> Any:
        """The identity GMP's collector scrapes Kueue with: a service account allowed ``/metrics``, its
        token Secret, and read access to that one Secret for ``gmp-system/collector``."""
        import pulumi_kubernetes as k8s

        def meta(obj: str, **extra: Any) -> dict[str, Any]:
            return {"name": obj, "namespace": KUEUE_NAMESPACE, "labels": dict(labels), **extra}

        rbac = "rbac.authorization.k8s.io"
        account = k8s.core.v1.ServiceAccount(f"{name}-kueue-reader", metadata=meta(METRICS_READER), opts=opts)
        token = k8s.core.v1.Secret(
            f"{name}-kueue-reader-token",
            metadata=meta(
                METRICS_READER_TOKEN, annotations={"kubernetes.io/service-account.name": METRICS_READER}
            ),
            type="kubernetes.io/service-account-token",
            opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[account])),
        )
        k8s.rbac.v1.ClusterRole(
            f"{name}-kueue-reader-role",
            metadata={"name": METRICS_READER, "labels": dict(labels)},
            rules=[{"nonResourceURLs": ["/metrics"], "verbs": ["get"]}],
            opts=opts,
        )
        k8s.rbac.v1.ClusterRoleBinding(
            f"{name}-kueue-reader-binding",
            metadata={"name": METRICS_READER, "labels": dict(labels)},
            role_ref={"apiGroup": rbac, "kind": "ClusterRole", "name": METRICS_READER},
            subjects=[{"kind": "ServiceAccount", "name": METRICS_READER, "namespace": KUEUE_NAMESPACE}],
            opts=opts,
        )
        k8s.rbac.v1.Role(
            f"{name}-kueue-token-read",
            metadata=meta("gmp-collector-read-metrics-token"),
            rules=[
                {
                    "apiGroups": [""],
                    "resources": ["secrets"],
                    "resourceNames": [METRICS_READER_TOKEN],
                    "verbs": ["get", "list", "watch"],
                }
            ],
            opts=opts,
        )
        k8s.rbac.v1.RoleBinding(
            f"{name}-kueue-token-read-binding",
            metadata=meta("gmp-collector-read-metrics-token"),
            role_ref={"apiGroup": rbac, "kind": "Role", "name": "gmp-collector-read-metrics-token"},
            subjects=[dict(GMP_COLLECTOR)],
            opts=opts,
        )
        return token


def kueue_pod_monitoring() -> dict[str, Any]:
    """PodMonitoring ``spec`` for Kueue: the manager's ``metrics`` container port over HTTPS, with the
    metrics reader's token as the bearer credential."""
    return pod_monitoring(
        KUEUE_POD_SELECTOR,
        KUEUE_METRICS_PORT,
        scheme="https",
        authorization={
            "type": "Bearer",
            "credentials": {"secret": {"name": METRICS_READER_TOKEN, "key": "token"}},
        },
        tls={"insecureSkipVerify": True},  # Kueue's self-signed serving certificate
    )
