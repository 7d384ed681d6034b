"""Cost per team: OpenCost (pinned Helm release) priced from the cloud's list, plus the AWS
cost-allocation tags that let Cost Explorer and budgets group spend by team.

OpenCost allocates each pod's share of its node (GPUs included) to the pod's namespace and
aggregates namespaces by their labels; the scheduling model puts ``team=<name>`` on every team
namespace, so ``/allocation?aggregate=label:team`` is the cost per team. The in-process collector
data source stands in for Prometheus (chart value ``opencost.exporter.collectorDataSource``).

OpenCost's own metrics (``node_gpu_hourly_cost``, ``container_gpu_allocation``: the cost panels)
reach the platform's metrics backend through ``collector``: ``servicemonitor`` (kube-prometheus-stack)
turns on the chart's ServiceMonitor (``opencost.metrics.serviceMonitor.enabled``, default false at
opencost-2.5.17; it scrapes the Service port ``http``), ``podmonitoring`` (GKE managed Prometheus)
adds ``{name}-monitoring``, a PodMonitoring on the container port ``http`` (templates/deployment.yaml),
and ``amp`` leaves it to the AMP collector's ``opencost`` job (:mod:`.amp`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .cost_spec import CostSpec, PriceSource, price_source

# Newest opencost chart release as of 2026-12-01: tag opencost-2.5.17 (app v1.120.1, 2026-04-28) of
# github.com/opencost/opencost-helm-chart; key paths in components/payloads/facts/opencost_2_5_17.py.
OPENCOST_CHART = PinnedChart("opencost", "2.5.17", "https://opencost.github.io/opencost-helm-chart")
TEAM_TAGS = ("team", "project", "cost-center")
"""The cost-allocation tags every AWS pool carries (blueprints require them), activated for billing."""


Collector = Literal["amp", "podmonitoring", "servicemonitor"]
# The OpenCost pod's labels (charts/opencost _helpers.tpl ``opencost.selectorLabels``, release "opencost").
OPENCOST_POD_SELECTOR = {"app.kubernetes.io/name": "opencost", "app.kubernetes.io/instance": "opencost"}
OPENCOST_METRICS_PORT = "http"


def opencost_values(
    spec: CostSpec,
    *,
    cloud: str,
    cluster_id: str,
    api_key: pulumi.Input[str] | None = None,
    collector: Collector | None = None,
) -> dict[str, Any]:
    """Chart values: cluster id, collector data source, the cloud's pricing (API key or custom prices),
    and the chart's ServiceMonitor where a Prometheus Operator collects (``collector="servicemonitor"``)."""
    exporter: dict[str, Any] = {
        "defaultClusterId": cluster_id,
        "collectorDataSource": {"enabled": True, "retention1d": spec.retention_days},
    }
    if cloud == "gcp" and api_key is not None:
        exporter["cloudProviderApiKey"] = api_key
    opencost: dict[str, Any] = {
        "exporter": exporter,
        "prometheus": {"internal": {"enabled": False}},
        "cloudCost": {"enabled": False},
        # The chart enables an unauthenticated MCP server (port 8081) serving cost data to any pod
        # that reaches the service; off unless someone asks for it.
        "mcp": {"enabled": False},
    }
    if collector == "servicemonitor":
        opencost["metrics"] = {"serviceMonitor": {"enabled": True}}
    if cloud == "onprem":
        opencost["customPricing"] = {
            "enabled": True,
            "provider": "custom",
            "costModel": {
                "description": "aiinfra internal rates (observability.cost)",
                "CPU": spec.onprem_cpu_usd_per_hour,
                "RAM": spec.onprem_ram_gib_usd_per_hour,
                "GPU": spec.onprem_gpu_usd_per_hour,
                "storage": 0.0,
            },
        }
    return {"opencost": opencost}


class TeamCost(Component):
    """OpenCost on the cluster and, on AWS, the team tags activated as cost-allocation tags.

    ``machines`` (catalog entries of the pools) decide whether the plan's nominal cost and OpenCost
    read the same list (:func:`.cost_spec.price_source`).

    Children: ``{name}-ns`` (the release's namespace), ``{name}-opencost`` (``kubernetes:helm.sh/v3:Release``),
    with ``collector="podmonitoring"`` ``{name}-monitoring`` (PodMonitoring) and, with ``aws_provider``,
    ``{name}-tag-<tag>`` (``aws:costexplorer/costAllocationTag``, one per team tag).
    """

    source: PriceSource

    def __init__(
        self,
        name: str,
        spec: CostSpec,
        *,
        cloud: str,
        region: str | None,
        cluster_id: str,
        teams: Sequence[str] = (),
        machines: Sequence[Any] = (),
        labels: Mapping[str, str] | None = None,
        api_key: pulumi.Input[str] | None = None,
        aws_provider: pulumi.ProviderResource | None = None,
        collector: Collector | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:observability:TeamCost", name, opts)
        import pulumi_kubernetes as k8s

        labels = dict(labels or {})
        self.namespace = spec.namespace
        self.source = price_source(cloud, region, machines, pricing_key=api_key is not None)
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={
                "name": spec.namespace,
                "labels": {**labels, "pod-security.kubernetes.io/enforce": "baseline"},
            },
            opts=self.child_opts(),
        )
        self.release = k8s.helm.v3.Release(
            f"{name}-opencost",
            name="opencost",
            **OPENCOST_CHART.release_args(),
            namespace=namespace.metadata.name,
            values=opencost_values(
                spec, cloud=cloud, cluster_id=cluster_id, api_key=api_key, collector=collector
            ),
            opts=self.child_opts(),
        )
        self.collector = collector
        if collector == "podmonitoring":
            k8s.apiextensions.CustomResource(
                f"{name}-monitoring",
                api_version="monitoring.googleapis.com/v1",
                kind="PodMonitoring",
                metadata={"name": "opencost", "namespace": spec.namespace, "labels": dict(labels)},
                spec={
                    "selector": {"matchLabels": dict(OPENCOST_POD_SELECTOR)},
                    "endpoints": [{"port": OPENCOST_METRICS_PORT, "interval": "30s"}],
                },
                opts=self.child_opts(depends_on=[self.release]),
            )
        if aws_provider is not None:
            import pulumi_aws as aws

            # Cost Explorer only activates tags it has seen in billing data (up to 24 hours after
            # the first tagged resource); activation is account-wide in the payer account.
            for tag in TEAM_TAGS:
                aws.costexplorer.CostAllocationTag(
                    f"{name}-tag-{tag}",
                    tag_key=tag,
                    status="Active",
                    opts=self.child_opts(provider=aws_provider),
                )
        self.summary = {
            "opencost_chart": f"{OPENCOST_CHART.chart} {OPENCOST_CHART.version}",
            "aggregate": f"label:{spec.team_label}",
            "metrics_collector": collector,
            "teams": list(teams),
            "price_source": {
                "opencost": self.source.opencost,
                "plan": self.source.plan,
                "same_list": self.source.same_list,
                "notes": list(self.source.notes),
            },
        }
        self.register_outputs({"summary": self.summary})
