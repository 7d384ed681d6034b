"""The shipped dashboards: every query parses as PromQL, names only collected metrics, and the
per-pool panels really group by the pool label joined from kube-state-metrics."""

from __future__ import annotations

import promql_parser as promql
import pytest

from aiinfra.components.observability import metrics as m
from aiinfra.components.observability.dashboards import dashboards, per_pool
from aiinfra.components.observability.exporters import kube_state_metrics_values
from aiinfra.components.observability.kube_prometheus import stack_values
from aiinfra.components.observability.spec import ObservabilitySpec
from observability.test_alerts import KNOWN, _metrics, _walk

OPENCOST = {"node_gpu_hourly_cost", "container_gpu_allocation"}  # unverified names (module docstring)
ALL = dashboards(neuron=True)


def _panels():
    for board in ALL.values():
        for panel in board["panels"]:
            yield board["uid"], panel


@pytest.mark.parametrize(
    ("uid", "panel"), list(_panels()), ids=lambda v: v if isinstance(v, str) else v["title"]
)
def test_every_panel_query_parses_and_names_collected_metrics(uid: str, panel: dict) -> None:
    (target,) = panel["targets"]
    ast = promql.parse(target["expr"])
    names = {n.removesuffix("_bucket") for n in _metrics(ast)}  # histogram series of a known histogram
    assert names <= KNOWN | OPENCOST, names - KNOWN - OPENCOST


def _pool_panels():
    return [p for _, p in _panels() if p["title"].endswith("per pool") or "per pool " in p["title"]]


def test_per_pool_panels_group_by_the_pool_label_joined_on_node() -> None:
    titles = {p["title"] for p in _pool_panels()}
    assert {
        "GPU utilization per pool",
        "Allocated GPUs per pool",
        "NeuronCore utilization per pool",
        "GPU cost per pool (USD/h)",
    } <= titles
    for panel in _pool_panels():
        ast = promql.parse(panel["targets"][0]["expr"])
        assert isinstance(ast, promql.AggregateExpr) and list(ast.modifier.labels) == [m.POOL], panel["title"]
        joins = [
            n for n in _walk(ast) if isinstance(n, promql.BinaryExpr) and n.modifier and n.modifier.matching
        ]
        assert joins, panel["title"]
        matching = joins[0].modifier.matching
        assert list(matching.labels) == ["node"] and m.NODE_LABELS in _metrics(ast)
        assert panel["targets"][0]["legendFormat"] == "{{label_aiinfra_io_pool}}"


def test_dcgm_node_comes_from_hostname() -> None:
    expr = dashboards()["aiinfra-gpu-utilization.json"]["panels"][6]["targets"][0]["expr"]
    assert 'label_replace(DCGM_FI_DEV_GPU_UTIL, "node", "$1", "Hostname", "(.+)")' in expr
    assert per_pool("avg", "x").startswith(f"avg by ({m.POOL}) (x * on (node) group_left ({m.POOL})")


def test_neuron_dashboard_only_where_neuron_runs() -> None:
    assert "aiinfra-neuron-utilization.json" not in dashboards()
    assert "aiinfra-neuron-utilization.json" in ALL


def test_kube_state_metrics_exports_the_pool_label_on_every_backend() -> None:
    assert kube_state_metrics_values()["metricLabelsAllowlist"] == [f"nodes=[{m.POOL_LABEL}]"]
    spec = ObservabilitySpec(receiver={"webhook_url": "https://alerts.example.com/hook"})
    onprem = stack_values(spec, storage_class="warm")
    assert onprem["kube-state-metrics"]["metricLabelsAllowlist"] == ["nodes=[aiinfra.io/pool]"]
