"""The labels each exporter puts on the series the alerts and dashboards query, and what a backend's
scrape does to them.

Exporter labels (read at the pinned versions; sources as in components/observability/metrics.py):
- dcgm-exporter 4.5.3-4.8.2 (commit 691c92762eb5): ``gpu``, ``UUID``, ``pci_bus_id``, ``device``,
  ``modelName``, ``Hostname``, ``DCGM_FI_DRIVER_VERSION`` and, with its Kubernetes mapping (on by
  default in the chart and the GPU Operator), the workload's ``container``, ``namespace``, ``pod``
  (internal/pkg/transformation/kubernetes.go).
- kube-state-metrics (chart 8.4.0): ``kube_node_*`` carry ``node``; ``kube_node_labels`` the allowlisted
  ``label_*``; ``kube_node_status_condition`` ``condition``/``status``; ``kube_node_status_capacity``
  ``resource``/``unit``; ``kube_daemonset_*`` ``namespace``/``daemonset`` (docs/metrics at the chart's app).
- Kueue v0.19.2 pkg/metrics/metrics.go: ``kueue_pending_workloads`` ``cluster_queue``, ``status``,
  ``replica_role``; ``kueue_admission_wait_time_seconds`` ``cluster_queue``, ``priority_class``,
  ``replica_role`` (+ ``le``).
- OpenCost (chart 2.5.17, app v1.120.1): opencost/opencost ``pkg/costmodel/metrics.go`` at tag v1.112.0
  (commit 2ea71a15367e, 2024-09-26; v1.120.1 is not in the mirror read 2026-12-07: unverified at the
  app version): ``node_{cpu,ram,gpu}_hourly_cost`` ``instance``, ``node``, ``instance_type``,
  ``region``, ``provider_id``, ``arch``; ``container_{cpu,gpu}_allocation`` and
  ``container_memory_allocation_bytes`` ``namespace``, ``pod``, ``container``, ``instance``, ``node``.
- Neuron monitor 1.3.0: ``neuroncore``, ``runtime_tag``, ``error_type``, ``event_type``,
  ``neuron_device_index``, ``memory_location``, ``instance_*``.

Target labels a backend adds: see scrape_targets.py. Where a target label has the name of an
exporter label and the target does not honor labels, Prometheus keeps the target's value and renames
the exporter's to ``exported_<name>`` (Prometheus configuration docs, ``honor_labels``); a query that
means the exporter's label then reads the scraper's.
"""

from __future__ import annotations

DCGM = frozenset(
    {
        "gpu",
        "UUID",
        "pci_bus_id",
        "device",
        "modelName",
        "Hostname",
        "DCGM_FI_DRIVER_VERSION",
        "container",
        "namespace",
        "pod",
    }
)
OPENCOST_NODE = frozenset({"instance", "node", "instance_type", "region", "provider_id", "arch"})
OPENCOST_CONTAINER = frozenset({"namespace", "pod", "container", "instance", "node"})
NEURON = frozenset({"neuroncore", "runtime_tag", "neuron_device_index", "instance_id", "instance_type"})

EXPORTER_LABELS: dict[str, tuple[str, frozenset[str]]] = {
    **{
        m: ("dcgm", DCGM)
        for m in (
            "DCGM_FI_DEV_GPU_UTIL",
            "DCGM_FI_DEV_GPU_TEMP",
            "DCGM_FI_DEV_XID_ERRORS",
            "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS",
            "DCGM_FI_DEV_ROW_REMAP_FAILURE",
            "DCGM_FI_DEV_FB_USED",
            "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE",
        )
    },
    "kube_node_labels": ("kube-state-metrics", frozenset({"node", "label_aiinfra_io_pool"})),
    "kube_node_status_condition": ("kube-state-metrics", frozenset({"node", "condition", "status"})),
    "kube_node_status_capacity": ("kube-state-metrics", frozenset({"node", "resource", "unit"})),
    "kube_daemonset_status_desired_number_scheduled": (
        "kube-state-metrics",
        frozenset({"namespace", "daemonset"}),
    ),
    "kube_daemonset_status_number_available": ("kube-state-metrics", frozenset({"namespace", "daemonset"})),
    "kueue_pending_workloads": ("kueue", frozenset({"cluster_queue", "status", "replica_role"})),
    "kueue_admission_wait_time_seconds_bucket": (
        "kueue",
        frozenset({"cluster_queue", "priority_class", "replica_role", "le"}),
    ),
    **{
        m: ("opencost", OPENCOST_NODE)
        for m in ("node_cpu_hourly_cost", "node_ram_hourly_cost", "node_gpu_hourly_cost")
    },
    **{
        m: ("opencost", OPENCOST_CONTAINER)
        for m in ("container_cpu_allocation", "container_memory_allocation_bytes", "container_gpu_allocation")
    },
    "neuroncore_utilization_ratio": ("neuron-monitor", NEURON),
    "execution_errors_total": ("neuron-monitor", NEURON | {"error_type"}),
    "hardware_ecc_events_total": ("neuron-monitor", NEURON | {"event_type"}),
    "neuron_runtime_memory_used_bytes": ("neuron-monitor", NEURON | {"memory_location"}),
}
"""Metric -> (exporter, the labels the exporter itself sets)."""

GKE_MANAGED = frozenset({"kubernetes_io:container_accelerator_duty_cycle"})
"""GKE system metrics (not scraped by a target of ours): their labels are not judged (unverified)."""


def stored_labels(native: frozenset[str], target: tuple[str, ...], honor: bool) -> dict[str, str]:
    """Label -> who set it ("exporter" or "target") on the stored series."""
    out = {name: "target" for name in target}
    for name in native:
        if name in out and not honor:
            out[f"exported_{name}"] = "exporter"
        else:
            out[name] = "exporter"
    return out
