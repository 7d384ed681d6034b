"""Grafana dashboards as JSON, generated here (one function per dashboard) so the PromQL in them
uses the same metric names as the alerts; :func:`dashboards` returns them by file name.

Grafana dashboard JSON model (schemaVersion 39, timeseries panels), read 2026-12-01 from Grafana's
"JSON model" documentation.

Per pool: kube-state-metrics exports each node's ``aiinfra.io/pool`` label on ``kube_node_labels``
(``label_aiinfra_io_pool``, allowlisted in :mod:`..exporters` and the on-prem stack's values), and
:func:`per_pool` joins a per-node series to it ``on (node)``. DCGM series name their node in
``Hostname`` (dcgm-exporter sets it from ``NODE_NAME`` = ``spec.nodeName``: NVIDIA/dcgm-exporter
4.5.3-4.8.2 ``internal/pkg/hostname/hostname.go`` and the chart's daemonset.yaml), copied into
``node`` with ``label_replace``; the Neuron monitor's and OpenCost's series carry ``node`` already
(the AMP collector's relabeling; OpenCost's node label). kube-state-metrics keeps its own ``node``
label on every backend: the AMP job adds none, and GKE's PodMonitoring attaches only ``pod`` and
``container`` by default (``targetLabels.metadata``, prometheus-engine v0.17.2 CRD). Unverified: GKE's managed DCGM package
keeping ``Hostname`` as the node name, and the GPU Operator's exporter setting ``NODE_NAME``.

OpenCost metric names (``node_gpu_hourly_cost``,
``container_gpu_allocation``) are from OpenCost's exported-metrics list and are unverified against a
pinned OpenCost release here (the cost collector itself comes with OpenCost).
"""

from __future__ import annotations

import json
from typing import Any

from .. import metrics as m

SCHEMA_VERSION = 39
PROMETHEUS = "prometheus"
DATASOURCE = {"type": PROMETHEUS, "uid": "${datasource}"}


def for_datasource_type(board: dict[str, Any], datasource_type: str) -> dict[str, Any]:
    """``board`` reading a data source of ``datasource_type`` (its picker and every panel/target)."""
    if datasource_type == PROMETHEUS:
        return board
    text = json.dumps(board)
    text = text.replace(json.dumps(DATASOURCE), json.dumps({**DATASOURCE, "type": datasource_type}))
    out = json.loads(text)
    for var in out["templating"]["list"]:
        if var["type"] == "datasource":
            var["query"] = datasource_type
    return out


def _panel(i: int, title: str, expr: str, unit: str, legend: str) -> dict[str, Any]:
    return {
        "id": i,
        "type": "timeseries",
        "title": title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": "A", "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}],
    }


def per_pool(agg: str, series: str) -> str:
    """``agg by (pool)`` of a per-node ``series`` joined to the node's ``aiinfra.io/pool`` label."""
    pools = f"max by (node, {m.POOL}) ({m.NODE_LABELS})"
    return f"{agg} by ({m.POOL}) ({series} * on (node) group_left ({m.POOL}) {pools})"


def dcgm_by_node(metric: str, selector: str = "") -> str:
    """A DCGM series with its ``Hostname`` (the node name) copied into ``node``."""
    return f'label_replace({metric}{selector}, "node", "$1", "Hostname", "(.+)")'


POOL_LEGEND = "{{" + m.POOL + "}}"


def _dashboard(uid: str, title: str, panels: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": title,
        "tags": ["aiinfra"],
        "schemaVersion": SCHEMA_VERSION,
        "editable": False,
        "time": {"from": "now-24h", "to": "now"},
        "templating": {
            "list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source"}
            ]
        },
        "panels": panels,
    }


def gpu_utilization() -> dict[str, Any]:
    """GPU utilization per pool, per team (namespace) and per node, memory used, tensor activity."""
    return _dashboard(
        "aiinfra-gpu-utilization",
        "aiinfra / GPU utilization",
        [
            _panel(
                0,
                "GPU utilization per team",
                f'avg by (namespace) ({m.GPU_UTIL}{{pod!=""}})',
                "percent",
                "{{namespace}}",
            ),
            _panel(
                1, "GPU utilization per node", f"avg by (Hostname) ({m.GPU_UTIL})", "percent", "{{Hostname}}"
            ),
            _panel(
                2,
                "Allocated GPUs per team",
                f'count by (namespace) ({m.GPU_UTIL}{{pod!=""}})',
                "short",
                "{{namespace}}",
            ),
            _panel(
                3,
                "Tensor pipe active per team",
                f'avg by (namespace) ({m.TENSOR_ACTIVE}{{pod!=""}})',
                "percentunit",
                "{{namespace}}",
            ),
            _panel(
                4, "GPU memory used per node", f"sum by (Hostname) ({m.FB_USED})", "decmbytes", "{{Hostname}}"
            ),
            _panel(
                5,
                "GPU temperature (max per node)",
                f"max by (Hostname) ({m.GPU_TEMP})",
                "celsius",
                "{{Hostname}}",
            ),
            _panel(
                6,
                "GPU utilization per pool",
                per_pool("avg", dcgm_by_node(m.GPU_UTIL)),
                "percent",
                POOL_LEGEND,
            ),
            _panel(
                7,
                "Allocated GPUs per pool",
                per_pool("count", dcgm_by_node(m.GPU_UTIL, '{pod!=""}')),
                "short",
                POOL_LEGEND,
            ),
        ],
    )


def queue_wait() -> dict[str, Any]:
    """Kueue: pending workloads per ClusterQueue and time to admission."""
    return _dashboard(
        "aiinfra-queue-wait",
        "aiinfra / Queue wait",
        [
            _panel(
                0,
                "Pending workloads per ClusterQueue",
                f"sum by (cluster_queue, status) ({m.KUEUE_PENDING})",
                "short",
                "{{cluster_queue}} {{status}}",
            ),
            _panel(
                1,
                "Time to admission (p90)",
                f"histogram_quantile(0.9, sum by (cluster_queue, le) (rate({m.KUEUE_ADMISSION_WAIT}_bucket[1h])))",
                "s",
                "{{cluster_queue}}",
            ),
        ],
    )


def neuron_utilization() -> dict[str, Any]:
    """Trainium/Inferentia: NeuronCore utilization per pool and node, runtime memory, errors."""
    return _dashboard(
        "aiinfra-neuron-utilization",
        "aiinfra / Neuron utilization",
        [
            _panel(
                0,
                "NeuronCore utilization per pool",
                per_pool("avg", m.NEURONCORE_UTIL),
                "percentunit",
                POOL_LEGEND,
            ),
            _panel(
                1,
                "NeuronCore utilization per node",
                f"avg by (node) ({m.NEURONCORE_UTIL})",
                "percentunit",
                "{{node}}",
            ),
            _panel(
                2,
                "Neuron device memory used per pool",
                per_pool("sum", f'{m.NEURON_RUNTIME_MEMORY}{{memory_location="neuron_device"}}'),
                "bytes",
                POOL_LEGEND,
            ),
            _panel(
                3,
                "Execution errors per pool (per hour)",
                per_pool("sum", f"increase({m.NEURON_EXEC_ERRORS}[1h])"),
                "short",
                POOL_LEGEND,
            ),
            _panel(
                4,
                "ECC events per node (per hour)",
                f"sum by (node, event_type) (increase({m.NEURON_ECC_EVENTS}[1h]))",
                "short",
                "{{node}} {{event_type}}",
            ),
        ],
    )


def cost_per_team() -> dict[str, Any]:
    """Accelerator cost per team from OpenCost's allocation metrics (metric names unverified)."""
    return _dashboard(
        "aiinfra-cost-per-team",
        "aiinfra / Accelerator cost per team",
        [
            _panel(
                0,
                "GPU cost per team (USD/h)",
                "sum by (namespace) (container_gpu_allocation * on (node) group_left () node_gpu_hourly_cost)",
                "currencyUSD",
                "{{namespace}}",
            ),
            _panel(
                1,
                "GPU cost per pool (USD/h)",
                per_pool("sum", "node_gpu_hourly_cost"),
                "currencyUSD",
                POOL_LEGEND,
            ),
        ],
    )


def dashboards(*, neuron: bool = False, datasource_type: str = PROMETHEUS) -> dict[str, dict[str, Any]]:
    """Every shipped dashboard by file name (the Neuron one on platforms with Neuron pools), reading a
    data source of ``datasource_type`` (Managed Grafana's AMP plugin: :mod:`..grafana`)."""
    boards = (gpu_utilization(), queue_wait(), cost_per_team(), *([neuron_utilization()] if neuron else []))
    return {f"{b['uid']}.json": for_datasource_type(b, datasource_type) for b in boards}


def dashboard_json(board: dict[str, Any]) -> str:
    """A dashboard as the JSON text Grafana imports."""
    return json.dumps(board, indent=2, sort_keys=True)
