"""The platform alerts, generated from the spec's thresholds: one :class:`AlertRule` per alert.

Each backend renders the same rules: a PrometheusRule (on-prem), an AMP rule-group namespace (AWS),
Cloud Monitoring alert policies with PromQL conditions (GCP). Thresholds and durations come only
from :class:`~.spec.AlertThresholds`; tests parse every expression with a PromQL parser and find
them in the AST.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import metrics as m
from .spec import AlertThresholds

GROUP = "aiinfra-accelerators"


@dataclass(frozen=True)
class AlertContext:
    """What the expressions need from the platform: the extended resources of its fabric pools and
    the DaemonSets of its device plugins (regular expressions over kube-state-metrics labels)."""

    fabric_resources: tuple[str, ...]
    device_plugins: str
    kueue: bool
    neuron: bool = False  # Trainium/Inferentia pools with the Neuron monitor (AWS)
    gpus: bool = True  # NVIDIA GPU pools (DCGM collected); a TPU-only platform has none


@dataclass(frozen=True)
class AlertRule:
    """One alert: name, PromQL, how long it must hold, severity, what it means and what to do."""

    name: str
    expr: str
    for_minutes: int
    severity: str
    summary: str
    meaning: str
    labels: tuple[tuple[str, str], ...] = ()  # extra static labels (a team budget's team and threshold)
    key: str = ""  # tells apart rules sharing a name (a team budget's ``<team>-<percent>``)

    @property
    def ident(self) -> str:
        """A name unique among the platform's rules: the alert name, plus ``key`` when it has one."""
        return f"{self.name}-{self.key}" if self.key else self.name

    def all_labels(self) -> dict[str, str]:
        """Severity, source and the rule's extra labels."""
        return {"severity": self.severity, "source": "aiinfra", **dict(self.labels)}

    def prometheus(self) -> dict[str, Any]:
        """The rule in Prometheus rule-file / PrometheusRule shape."""
        return {
            "alert": self.name,
            "expr": self.expr,
            "for": f"{self.for_minutes}m",
            "labels": self.all_labels(),
            "annotations": {"summary": self.summary, "description": self.meaning},
        }


def ksm_resource(resource: str) -> str:
    """A Kubernetes resource name as kube-state-metrics labels it (``vpc.amazonaws.com/efa`` ->
    ``vpc_amazonaws_com_efa``): every character outside ``[a-zA-Z0-9_]`` becomes ``_``."""
    return re.sub(r"[^a-zA-Z0-9_]", "_", resource)


def alert_rules(t: AlertThresholds, ctx: AlertContext) -> list[AlertRule]:
    """The platform's alert rules for these thresholds."""
    fabric = "|".join(ksm_resource(r) for r in ctx.fabric_resources)
    gpu_rules = [
        AlertRule(
            "GpuIdleWhileAllocated",
            f'avg by (namespace, pod) ({m.GPU_UTIL}{{pod!=""}}) < {t.gpu_idle_percent}',
            t.gpu_idle_minutes,
            "warning",
            "A pod holds GPUs it does not use",
            f"Every GPU allocated to the pod averaged below {t.gpu_idle_percent}% utilization for "
            f"{t.gpu_idle_minutes} minutes: the accelerators are reserved but idle. Ask the owning "
            "team to release them or fix the input pipeline.",
        ),
        AlertRule(
            "GpuXidError",
            f"changes({m.XID_ERRORS}[10m]) > 0",
            0,
            "critical",
            "A GPU reported a new XID error",
            "The driver reported an XID (the value is the last XID code). Codes 48, 63, 64, 74, 79, 94 "
            "and 95 usually mean the GPU needs a reset or the node a drain; see NVIDIA's XID catalogue.",
        ),
        AlertRule(
            "GpuUncorrectableMemoryError",
            f"increase({m.UNCORRECTABLE_ROWS}[10m]) > 0 or {m.ROW_REMAP_FAILURE} > 0",
            0,
            "critical",
            "A GPU hit an uncorrectable memory (ECC) error",
            "Rows were remapped after uncorrectable ECC errors, or remapping failed: drain the node "
            "and reset the GPU; a failed remap means the GPU should be replaced.",
        ),
        AlertRule(
            "GpuThermalRisk",
            f"max by (Hostname, gpu) ({m.GPU_TEMP}) > {t.gpu_temperature_celsius}",
            t.thermal_minutes,
            "warning",
            "A GPU runs hot enough to throttle",
            f"GPU temperature stayed above {t.gpu_temperature_celsius} °C for {t.thermal_minutes} "
            "minutes; clocks are being or will be throttled. Check cooling and airflow.",
        ),
    ]
    # DCGM series exist only where GPUs do: on a platform without them the GPU alerts could never fire
    rules = gpu_rules if ctx.gpus else []
    if ctx.neuron:
        rules += neuron_rules(t)
    if fabric:
        rules.append(
            AlertRule(
                "FabricNodeNotReady",
                f'({m.NODE_CONDITION}{{condition="Ready",status="true"}} == 0) and on (node) '
                f'({m.NODE_CAPACITY}{{resource=~"{fabric}"}} > 0)',
                t.node_not_ready_minutes,
                "critical",
                "A node of a fabric pool is NotReady",
                f"A node that carries fabric devices ({', '.join(ctx.fabric_resources)}) has not been "
                f"Ready for {t.node_not_ready_minutes} minutes: multi-node jobs on its pool stall or "
                "fail. Check the kubelet, the fabric driver and the node's health.",
            )
        )
    rules.append(
        AlertRule(
            "DevicePluginUnavailable",
            f'({m.DS_DESIRED}{{daemonset=~"{ctx.device_plugins}"}} - '
            f'{m.DS_AVAILABLE}{{daemonset=~"{ctx.device_plugins}"}}) > 0',
            t.device_plugin_minutes,
            "critical",
            "A GPU/EFA/RDMA device plugin is not healthy",
            f"A device-plugin DaemonSet had unavailable pods for {t.device_plugin_minutes} minutes: "
            "the nodes it serves advertise no accelerators or fabric devices and new pods cannot land.",
        )
    )
    if ctx.kueue:
        rules.append(
            AlertRule(
                "KueueWorkloadsPending",
                f"sum by (cluster_queue) ({m.KUEUE_PENDING}) > 0",
                t.kueue_pending_minutes,
                "warning",
                "A ClusterQueue has kept workloads pending",
                f"The queue has had pending (active or inadmissible) workloads for "
                f"{t.kueue_pending_minutes} minutes: quota is exhausted, borrowing is blocked or the "
                "workloads ask for a flavor no pool offers. Inspect `kubectl get workloads -A`.",
            )
        )
    return rules


NEURON_HARDWARE_ECC = "mem_ecc_uncorrected|sram_ecc_uncorrected"
NEURON_RUNTIME_ERRORS = "generic|numerical|model|runtime"


def neuron_rules(t: AlertThresholds) -> list[AlertRule]:
    """The Neuron monitor alerts: idle NeuronCores held by a runtime, hardware and runtime errors."""
    ratio = t.neuroncore_idle_percent / 100
    return [
        AlertRule(
            "NeuronCoreIdleWhileAllocated",
            f"avg by (node, runtime_tag) ({m.NEURONCORE_UTIL}) < {ratio:g}",
            t.neuroncore_idle_minutes,
            "warning",
            "A Neuron runtime holds NeuronCores it does not use",
            f"The NeuronCores of a running Neuron runtime averaged below {t.neuroncore_idle_percent}% "
            f"utilization for {t.neuroncore_idle_minutes} minutes: the Trainium/Inferentia capacity is "
            "reserved but idle. Ask the owning team to release it or fix the input pipeline.",
        ),
        AlertRule(
            "NeuronHardwareError",
            f'increase({m.NEURON_ECC_EVENTS}{{event_type=~"{NEURON_HARDWARE_ECC}"}}[10m]) > 0 '
            f'or increase({m.NEURON_EXEC_ERRORS}{{error_type="hardware"}}[10m]) > 0',
            0,
            "critical",
            "A Neuron device reported an uncorrectable or hardware error",
            "The Neuron device counted uncorrected ECC events (device memory or SRAM) or the runtime "
            "failed executions with hardware errors: drain the node and let the Neuron node problem "
            "detector / instance replacement recover it.",
        ),
        AlertRule(
            "NeuronRuntimeErrors",
            f'sum by (node, runtime_tag) (increase({m.NEURON_EXEC_ERRORS}{{error_type=~"{NEURON_RUNTIME_ERRORS}"}}[10m])) > 0',
            0,
            "warning",
            "A Neuron runtime is failing executions",
            "Executions on a Neuron runtime ended in generic, numerical (NaN), model or runtime errors "
            "in the last 10 minutes: the job is likely producing no useful work. Check the job's logs "
            "and the compiled model.",
        ),
    ]


def rule_groups(rules: Sequence[AlertRule]) -> list[dict[str, Any]]:
    """The rules as Prometheus rule groups (PrometheusRule ``spec.groups``, AMP rule file ``groups``)."""
    return [{"name": GROUP, "rules": [r.prometheus() for r in rules]}]
