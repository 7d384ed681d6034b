"""Exporters the cloud platforms need in-cluster: the standalone DCGM exporter (EKS GPU pools; GKE
uses its managed DCGM package, on-prem the GPU Operator's exporter) and kube-state-metrics.

Pins (newest releases on 2026-12-01):
- dcgm-exporter chart 4.8.2 (app 4.5.3-4.8.2): NVIDIA/dcgm-exporter tag 4.5.3-4.8.2 (commit
  691c92762eb5, 2026-05-06), ``deployment/``; Helm repo https://nvidia.github.io/dcgm-exporter/helm-charts.
  Its default counter set (etc/default-counters.csv) carries every field the alerts use.
- kube-state-metrics chart 8.4.0: prometheus-community/helm-charts tag kube-state-metrics-8.4.0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..charts import PinnedChart
from .metrics import POOL_LABEL

DCGM_EXPORTER = PinnedChart("dcgm-exporter", "4.8.2", "https://nvidia.github.io/dcgm-exporter/helm-charts")
KUBE_STATE_METRICS = PinnedChart(
    "kube-state-metrics", "8.4.0", "https://prometheus-community.github.io/helm-charts"
)
NAMESPACE = "aiinfra-monitoring"
GPU_TOLERATION = {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}


def accelerator_affinity(accelerator_labels: Sequence[str]) -> dict[str, Any]:
    """Node affinity to the nodes whose ``aiinfra.io/accelerator`` label is one of ``accelerator_labels``."""
    expression = {"key": "aiinfra.io/accelerator", "operator": "In", "values": sorted(accelerator_labels)}
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [expression]}]
            }
        }
    }


def dcgm_exporter_values(accelerator_labels: Sequence[str]) -> dict[str, Any]:
    """dcgm-exporter values: on the NVIDIA pools only (``aiinfra.io/accelerator``), no ServiceMonitor
    (no Prometheus Operator on the cloud clusters; the managed collector scrapes the Service)."""
    return {
        "serviceMonitor": {"enabled": False},
        "tolerations": [GPU_TOLERATION],
        "affinity": accelerator_affinity(accelerator_labels),
    }


# kube-state-metrics exports the pool label on kube_node_labels (as label_aiinfra_io_pool), so
# dashboards join accelerator metrics to pools by node (chart value ``metricLabelsAllowlist``,
# the ``--metric-labels-allowlist`` flag: ``<resource>=[<label>,...]``).
POOL_LABELS_ALLOWLIST = [f"nodes=[{POOL_LABEL}]"]


def kube_state_metrics_values() -> dict[str, Any]:
    """kube-state-metrics values: default collectors (nodes, DaemonSets, pods) plus the pool label."""
    return {"prometheusScrape": True, "metricLabelsAllowlist": list(POOL_LABELS_ALLOWLIST)}


def exporter_releases(name: str, *, accelerator_labels: Sequence[str], dcgm: bool, opts: Any) -> list[Any]:
    """The exporter Helm releases (``{name}-dcgm-exporter``, ``{name}-kube-state-metrics``)."""
    import pulumi_kubernetes as k8s

    out = [
        k8s.helm.v3.Release(
            f"{name}-kube-state-metrics",
            name="kube-state-metrics",
            **KUBE_STATE_METRICS.release_args(),
            namespace=NAMESPACE,
            create_namespace=True,
            values=kube_state_metrics_values(),
            opts=opts,
        )
    ]
    if dcgm and accelerator_labels:
        out.append(
            k8s.helm.v3.Release(
                f"{name}-dcgm-exporter",
                name="dcgm-exporter",
                **DCGM_EXPORTER.release_args(),
                namespace=NAMESPACE,
                create_namespace=True,
                values=dcgm_exporter_values(accelerator_labels),
                opts=opts,
            )
        )
    return out
