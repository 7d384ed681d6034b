"""The metric names alerts and dashboards use, and where each one is collected, with sources.

Names are the exporters' own, checked against upstream at the pinned versions (read 2026-12-01):
- DCGM fields: NVIDIA/dcgm-exporter tag 4.5.3-4.8.2 (commit 691c92762eb5, 2026-05-06),
  ``etc/default-counters.csv`` — every field used here is in the default counter set, so the GPU
  Operator's exporter, the standalone chart and GKE's managed DCGM package all collect it.
- Kueue: kubernetes-sigs/kueue tag v0.19.2 (commit 8eab68778fc1, 2026-08-20), ``pkg/metrics/metrics.go``
  (Subsystem ``kueue``, Name ``pending_workloads``, labels cluster_queue, status, replica_role).
- kube-state-metrics: ``kube_node_status_condition``, ``kube_node_status_capacity`` (extended resources
  sanitized to ``vpc_amazonaws_com_efa``), ``kube_daemonset_status_*`` (docs/metrics of
  kubernetes/kube-state-metrics, chart kube-state-metrics-8.4.0).
- Neuron monitor (``public.ecr.aws/neuron/neuron-monitor:1.3.0``, the image of aws-neuron/aws-neuron-sdk
  ``src/k8/k8s-neuron-monitor-daemonset.yml`` at commit 81ce03ae, 2026-08-21; its entrypoint pipes
  neuron-monitor into ``neuron-monitor-prometheus.py``): ``neuroncore_utilization_ratio`` (0-1 per
  ``neuroncore`` of a running Neuron runtime), ``execution_errors_total`` (``error_type`` generic,
  numerical, transient, model, runtime, hardware), ``hardware_ecc_events_total`` (``event_type``
  mem_ecc_corrected, mem_ecc_uncorrected, sram_ecc_uncorrected), ``neuron_runtime_memory_used_bytes``.
  Names as in the SDK's ``src/examples/neuron-monitor/neuron-monitor-grafana.json`` and the Neuron
  Monitor user guide (same commit) and in aws/amazon-cloudwatch-agent's Neuron rename map; the label
  names ``error_type``/``event_type`` are read from a copy of the exporter script (unverified against
  the script inside the 1.3.0 image).
- kube-state-metrics ``kube_node_labels`` carries the pool as ``label_aiinfra_io_pool`` once the
  chart's ``metricLabelsAllowlist`` names ``nodes=[aiinfra.io/pool]`` (kube-state-metrics docs,
  "--metric-labels-allowlist"; label names sanitized like extended resources).
- GKE system metrics for TPUs: ``kubernetes.io/container/accelerator/duty_cycle`` read through
  Managed Service for Prometheus as ``kubernetes_io:container_accelerator_duty_cycle`` (GKE system
  metrics docs; the PromQL spelling of Cloud Monitoring names) — unverified against a live project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Platform = Literal["aws", "gcp", "onprem"]

GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL"  # gauge, GPU utilization (in %)
GPU_TEMP = "DCGM_FI_DEV_GPU_TEMP"  # gauge, GPU temperature (in C)
XID_ERRORS = "DCGM_FI_DEV_XID_ERRORS"  # gauge, value of the last XID error encountered
UNCORRECTABLE_ROWS = (
    "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS"  # counter, rows remapped after uncorrectable ECC
)
ROW_REMAP_FAILURE = "DCGM_FI_DEV_ROW_REMAP_FAILURE"  # gauge, whether remapping of rows has failed
FB_USED = "DCGM_FI_DEV_FB_USED"  # gauge, framebuffer memory used (in MiB)
TENSOR_ACTIVE = "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE"  # gauge, ratio of cycles the tensor pipe is active
KUEUE_PENDING = "kueue_pending_workloads"  # gauge per cluster_queue and status (active|inadmissible)
KUEUE_ADMISSION_WAIT = "kueue_admission_wait_time_seconds"  # histogram, time to admission per cluster_queue
NODE_CONDITION = "kube_node_status_condition"
NODE_CAPACITY = "kube_node_status_capacity"
DS_DESIRED = "kube_daemonset_status_desired_number_scheduled"
DS_AVAILABLE = "kube_daemonset_status_number_available"
TPU_DUTY_CYCLE = "kubernetes_io:container_accelerator_duty_cycle"  # unverified PromQL spelling
NEURONCORE_UTIL = "neuroncore_utilization_ratio"  # gauge 0-1, per NeuronCore of a running runtime
NEURON_EXEC_ERRORS = "execution_errors_total"  # counter per error_type
NEURON_ECC_EVENTS = "hardware_ecc_events_total"  # counter per event_type and neuron_device_index
NEURON_RUNTIME_MEMORY = "neuron_runtime_memory_used_bytes"  # gauge per memory_location (host|neuron_device)
NODE_LABELS = "kube_node_labels"  # info metric; label_<key> for the allowlisted node labels
POOL_LABEL = "aiinfra.io/pool"  # the node label every pool carries (components/aws|gcp nodepools)
POOL = "label_aiinfra_io_pool"  # POOL_LABEL as kube-state-metrics names it on kube_node_labels


@dataclass(frozen=True)
class MetricsSource:
    """One thing that produces metrics on a platform: what it is, how it is deployed, what it yields."""

    name: str
    deployed_by: str
    metrics: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The plan JSON shape."""
        return {"name": self.name, "deployed_by": self.deployed_by, "metrics": list(self.metrics)}


DCGM_METRICS = (GPU_UTIL, GPU_TEMP, XID_ERRORS, UNCORRECTABLE_ROWS, ROW_REMAP_FAILURE, FB_USED, TENSOR_ACTIVE)
KSM_METRICS = (NODE_CONDITION, NODE_CAPACITY, DS_DESIRED, DS_AVAILABLE, NODE_LABELS)
NEURON_METRICS = (NEURONCORE_UTIL, NEURON_EXEC_ERRORS, NEURON_ECC_EVENTS, NEURON_RUNTIME_MEMORY)
KUEUE_METRICS = (KUEUE_PENDING, KUEUE_ADMISSION_WAIT)


def sources(
    platform: Platform, *, gpus: bool, tpus: bool, kueue: bool, neuron: bool = False
) -> list[MetricsSource]:
    """The metrics sources a platform's observability deploys or enables."""
    dcgm_by = {
        "aws": "dcgm-exporter Helm chart 4.8.2 on the GPU node groups",
        "gcp": "GKE managed DCGM (monitoring_config DCGM component)",
        "onprem": "NVIDIA GPU Operator dcgmExporter + ServiceMonitor",
    }[platform]
    ksm_by = {
        "aws": "kube-state-metrics Helm chart 8.4.0",
        "gcp": "kube-state-metrics Helm chart 8.4.0 + PodMonitoring",
        "onprem": "kube-prometheus-stack 88.5.3 (bundled kube-state-metrics and node-exporter)",
    }[platform]
    out = []
    if gpus:
        out.append(MetricsSource("dcgm", dcgm_by, DCGM_METRICS))
    if neuron:
        out.append(
            MetricsSource(
                "neuron-monitor", "neuron-monitor DaemonSet on the Neuron node groups", NEURON_METRICS
            )
        )
    if tpus:
        out.append(MetricsSource("tpu", "GKE system metrics (SYSTEM_COMPONENTS)", (TPU_DUTY_CYCLE,)))
    out.append(MetricsSource("kube-state-metrics", ksm_by, KSM_METRICS))
    if kueue:
        by = {
            "aws": "Kueue metrics endpoint scraped by the AMP collector",
            "gcp": "Kueue metrics endpoint scraped through PodMonitoring",
            "onprem": "Kueue chart ServiceMonitor (enablePrometheus)",
        }[platform]
        out.append(MetricsSource("kueue", by, KUEUE_METRICS))
    return out
