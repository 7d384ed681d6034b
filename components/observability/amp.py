"""AWS metrics backend: Amazon Managed Service for Prometheus with a managed EKS collector.

- ``aws.amp.Workspace`` encrypted with the platform's logs key (``kms_key_arn``).
- ``aws.amp.Scraper``, the AWS managed collector for EKS: it runs in the cluster's private subnets,
  scrapes the in-cluster exporters and remote-writes to the workspace under its own service-linked
  identity; in the cluster that identity is an EKS access entry in the group
  ``aiinfra:amp-scraper``, bound to a read-only ClusterRole (the permissions AWS's collector set-up
  lists: nodes, pods, services, endpoints read and ``/metrics``; AMP user guide "Using an AWS
  managed collector", read 2026-12-01).
- The alert rules as an ``aws.amp.RuleGroupNamespace``; the workspace's alert manager sends them to
  an SNS topic encrypted with the same key, whose policy lets only this workspace publish.

Kueue 0.19.2 serves metrics on HTTPS behind controller-runtime's authn/authz filter
(cmd/kueue/main.go ``FilterProvider: filters.WithAuthenticationAndAuthorization``; kubernetes-sigs/kueue
tag v0.19.2, commit 8eab68778fc1): a scrape without a bearer token gets 401. The ``kueue`` job sends
the collector's own token (``authorization.credentials_file``, the service-account token path the
AWS default scraper configuration uses for the API server and cAdvisor jobs: pulumi-aws ``amp.Scraper``
example, read 2026-12-07); Kueue's TokenReview maps it to the access entry's group
``aiinfra:amp-scraper``, whose ClusterRole grants ``get`` on ``/metrics``. Unverified against a live
collector: that the token file the managed collector presents is its EKS identity.

OpenCost (``observability.cost``) is scraped by the ``opencost`` job (its Service's ``http`` port,
opencost-helm-chart tag opencost-2.5.17 templates/service.yaml). Each endpoints job keeps only the
Service port the exporter serves metrics on, so no other port of the Service is scraped.

Children: ``{name}-workspace``, ``{name}-alerts``, ``{name}-alerts-policy``, ``{name}-rules``,
``{name}-alertmanager``, ``{name}-scraper``, ``{name}-scraper-access``, ``{name}-scraper-role``,
``{name}-scraper-binding``, plus the exporter releases of :mod:`.exporters` and, on platforms with
Trainium/Inferentia pools, ``{name}-neuron-monitor`` (:mod:`.neuron`, scraped by a pod-role job),
and with ``observability.grafana.enabled`` the ``{name}-grafana`` component (:mod:`.grafana`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import yaml

from ..base import Component
from . import neuron as neuron_mod
from .alerts import AlertRule, rule_groups
from .exporters import NAMESPACE, exporter_releases
from .receivers import sns_alertmanager_definition
from .spec import ObservabilitySpec

SCRAPER_GROUP = "aiinfra:amp-scraper"
KUEUE_NAMESPACE = "kueue-system"
KUEUE_METRICS_SERVICE = "kueue-controller-manager-metrics-service"
SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"
SCRAPER_RULES = [
    {
        "apiGroups": [""],
        "resources": ["nodes", "nodes/metrics", "pods", "services", "endpoints"],
        "verbs": ["get", "list", "watch"],
    },
    {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["get", "list", "watch"]},
    {"nonResourceURLs": ["/metrics"], "verbs": ["get"]},
]


NODE_RELABEL = {"source_labels": ["__meta_kubernetes_pod_node_name"], "target_label": "node"}


def _endpoints_job(
    job: str, namespace: str, service: str, port: str, *, node: bool = True, **extra: Any
) -> dict[str, Any]:
    """An endpoints-role job keeping one Service and its port named ``port``; ``node`` labels samples
    with the scraped pod's node (wrong for kube-state-metrics, whose own ``node`` label names the node
    a series is about)."""
    keep = [
        {"source_labels": ["__meta_kubernetes_service_name"], "regex": service, "action": "keep"},
        {"source_labels": ["__meta_kubernetes_endpoint_port_name"], "regex": port, "action": "keep"},
    ]
    return {
        "job_name": job,
        "kubernetes_sd_configs": [{"role": "endpoints", "namespaces": {"names": [namespace]}}],
        "relabel_configs": [*keep, NODE_RELABEL] if node else keep,
        **extra,
    }


def _pods_job(job: str, namespace: str, app: str, port: str) -> dict[str, Any]:
    """A pod-role job: the pods labelled ``app.kubernetes.io/name=app``, their port ``port``, with ``node``."""
    return {
        "job_name": job,
        "kubernetes_sd_configs": [{"role": "pod", "namespaces": {"names": [namespace]}}],
        "relabel_configs": [
            {
                "source_labels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                "regex": app,
                "action": "keep",
            },
            {"source_labels": ["__meta_kubernetes_pod_container_port_name"], "regex": port, "action": "keep"},
            NODE_RELABEL,
        ],
    }


def scrape_configuration(*, kueue: bool, neuron: bool = False, opencost_namespace: str | None = None) -> str:
    """The collector's Prometheus scrape configuration (YAML): exporters, the Neuron monitor on
    Neuron platforms, Kueue where it runs and OpenCost where ``opencost_namespace`` names its release."""
    jobs = [
        _endpoints_job("kube-state-metrics", NAMESPACE, "kube-state-metrics", "http", node=False),
        # the exporter's own pod/namespace/container labels name the GPU's workload: keep them
        _endpoints_job("dcgm-exporter", NAMESPACE, "dcgm-exporter", "metrics", honor_labels=True),
    ]
    if neuron:
        jobs.append(_pods_job("neuron-monitor", NAMESPACE, neuron_mod.APP, "metrics"))
    if kueue:
        jobs.append(
            _endpoints_job(
                "kueue",
                KUEUE_NAMESPACE,
                KUEUE_METRICS_SERVICE,
                "https",
                scheme="https",
                authorization={"type": "Bearer", "credentials_file": SA_TOKEN},
                tls_config={"insecure_skip_verify": True},  # Kueue's self-signed serving certificate
            )
        )
    if opencost_namespace:
        jobs.append(
            _endpoints_job("opencost", opencost_namespace, "opencost", "http", node=False, honor_labels=True)
        )
    return yaml.safe_dump({"global": {"scrape_interval": "30s"}, "scrape_configs": jobs}, sort_keys=False)


def topic_policy(topic_arn: str, workspace_arn: str) -> str:
    """SNS topic policy: only this AMP workspace may publish (aws:SourceArn)."""
    from ..aws.common import policy_json

    return policy_json(
        [
            {
                "Sid": "AmpWorkspacePublishes",
                "Effect": "Allow",
                "Principal": {"Service": "aps.amazonaws.com"},
                "Action": ["sns:Publish", "sns:GetTopicAttributes"],
                "Resource": topic_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": workspace_arn}},
            }
        ]
    )


class AmpObservability(Component):
    """Managed Prometheus workspace, managed collector, alert rules and the SNS receiver for an EKS platform."""

    def __init__(
        self,
        name: str,
        spec: ObservabilitySpec,
        rules: Sequence[AlertRule],
        *,
        region: str,
        key_arn: pulumi.Input[str],
        cluster_name: pulumi.Input[str],
        cluster_arn: pulumi.Input[str],
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        security_group_id: pulumi.Input[str],
        kubernetes_provider: Any,
        accelerator_labels: Sequence[str],
        kueue: bool,
        neuron_labels: Sequence[str] = (),
        vpc_id: pulumi.Input[str] | None = None,
        vpc_cidr: str | None = None,
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:observability:AmpObservability", name, opts)
        import pulumi_aws as aws
        import pulumi_kubernetes as k8s

        k8s_opts = self.child_opts(provider=kubernetes_provider)
        self.exporters = exporter_releases(
            name, accelerator_labels=accelerator_labels, dcgm=True, opts=k8s_opts
        )
        self.neuron_monitor = neuron_mod.neuron_monitor(
            name,
            neuron_labels,
            opts=self.child_opts(provider=kubernetes_provider, depends_on=self.exporters),
        )
        scraped = [*self.exporters, *([self.neuron_monitor] if self.neuron_monitor else [])]
        self.workspace = aws.amp.Workspace(
            f"{name}-workspace",
            alias=name,
            kms_key_arn=key_arn,
            # the managed collector tags its destination; stating the tag keeps it out of every diff
            tags={**tags, "AMPAgentlessScraper": ""},
            opts=self.child_opts(),
        )
        self.topic = aws.sns.Topic(
            f"{name}-alerts", kms_master_key_id=key_arn, tags=dict(tags), opts=self.child_opts()
        )
        aws.sns.TopicPolicy(
            f"{name}-alerts-policy",
            arn=self.topic.arn,
            policy=pulumi.Output.all(self.topic.arn, self.workspace.arn).apply(
                lambda a: topic_policy(a[0], a[1])
            ),
            opts=self.child_opts(),
        )
        aws.amp.RuleGroupNamespace(
            f"{name}-rules",
            name="aiinfra-alerts",
            workspace_id=self.workspace.id,
            data=yaml.safe_dump({"groups": rule_groups(rules)}, sort_keys=False),
            opts=self.child_opts(),
        )
        aws.amp.AlertManagerDefinition(
            f"{name}-alertmanager",
            workspace_id=self.workspace.id,
            definition=self.topic.arn.apply(
                lambda arn: sns_alertmanager_definition(spec.receiver, arn, region)
            ),
            opts=self.child_opts(),
        )
        role = k8s.rbac.v1.ClusterRole(
            f"{name}-scraper-role",
            metadata={"name": "aiinfra-amp-scraper"},
            rules=SCRAPER_RULES,
            opts=k8s_opts,
        )
        k8s.rbac.v1.ClusterRoleBinding(
            f"{name}-scraper-binding",
            metadata={"name": "aiinfra-amp-scraper"},
            role_ref={
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "ClusterRole",
                "name": "aiinfra-amp-scraper",
            },
            subjects=[{"kind": "Group", "name": SCRAPER_GROUP, "apiGroup": "rbac.authorization.k8s.io"}],
            opts=self.child_opts(provider=kubernetes_provider, depends_on=[role]),
        )
        self.scraper = aws.amp.Scraper(
            f"{name}-scraper",
            alias=name,
            source={
                "eks": {
                    "cluster_arn": cluster_arn,
                    "subnet_ids": subnet_ids,
                    "security_group_ids": [security_group_id],
                }
            },
            destination={"amp": {"workspace_arn": self.workspace.arn}},
            scrape_configuration=scrape_configuration(
                kueue=kueue,
                neuron=bool(neuron_labels),
                opencost_namespace=spec.cost.namespace if spec.cost.enabled else None,
            ),
            tags=dict(tags),
            opts=self.child_opts(depends_on=scraped),
        )
        aws.eks.AccessEntry(
            f"{name}-scraper-access",
            cluster_name=cluster_name,
            principal_arn=self.scraper.role_arn,
            kubernetes_groups=[SCRAPER_GROUP],
            type="STANDARD",
            tags=dict(tags),
            opts=self.child_opts(),
        )
        self.grafana = None
        grafana = getattr(spec, "grafana", None)  # AwsObservabilitySpec only
        if grafana is not None and grafana.enabled:
            if vpc_id is None or vpc_cidr is None:
                raise ValueError(
                    "observability.grafana: the workspace's VPC endpoint needs vpc_id and vpc_cidr"
                )
            from .grafana import ManagedGrafana

            self.grafana = ManagedGrafana(
                f"{name}-grafana",
                grafana,
                region=region,
                amp_workspace_arn=self.workspace.arn,
                prometheus_endpoint=self.workspace.prometheus_endpoint,
                key_arn=key_arn,
                vpc_id=vpc_id,
                vpc_cidr=vpc_cidr,
                subnet_ids=subnet_ids,
                tags=tags,
                neuron=bool(neuron_labels),
                opts=self.child_opts(),
            )
        self.register_outputs(
            {
                "workspace_arn": self.workspace.arn,
                "prometheus_endpoint": self.workspace.prometheus_endpoint,
                "alert_topic_arn": self.topic.arn,
            }
        )
