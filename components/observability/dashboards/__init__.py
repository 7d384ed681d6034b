"""Grafana dashboards as JSON, generated here (one function per dashboard) so the PromQL in them
uses the same metric names as the alerts; :func:`dashboards` returns them by file name.

Grafana dashboard JSON model (schemaVersion 39, timeseries panels), read 2026-12-01 from Grafana's
"JSON model" documentation. OpenCost metric names (``node_gpu_hourly_cost``,
``container_gpu_allocation``) are from OpenCost's exported-metrics list and are unverified against a
pinned OpenCost release here (the cost collector itself comes with OpenCost).
"""

from __future__ import annotations

import json
from typing import Any

from .. import metrics as m

SCHEMA_VERSION = 39
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}


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
    """GPU utilization per team (namespace) and per node, memory used, tensor activity."""
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
        ],
    )


def dashboards() -> dict[str, dict[str, Any]]:
    """Every shipped dashboard by file name."""
    boards = (gpu_utilization(), queue_wait(), cost_per_team())
    return {f"{b['uid']}.json": b for b in boards}


def dashboard_json(board: dict[str, Any]) -> str:
    """A dashboard as the JSON text Grafana imports."""
    return json.dumps(board, indent=2, sort_keys=True)
