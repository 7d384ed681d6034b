"""Every alert expression parses as PromQL, its thresholds and durations are the spec's, and it
only names metrics the exporters really publish (components/observability/metrics.py)."""

from __future__ import annotations

from datetime import timedelta

import promql_parser as promql
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiinfra.components.observability import metrics as m
from aiinfra.components.observability.alerts import AlertContext, alert_rules, ksm_resource, rule_groups
from aiinfra.components.observability.spec import AlertThresholds

FULL = AlertContext(
    ("vpc.amazonaws.com/efa",), "nvidia-device-plugin|aws-efa-k8s-device-plugin", kueue=True, neuron=True
)
KNOWN = {*m.DCGM_METRICS, *m.KSM_METRICS, *m.KUEUE_METRICS, *m.NEURON_METRICS}


def _walk(node):
    """Every node of a promql_parser AST, depth first."""
    yield node
    for attr in ("lhs", "rhs", "expr", "vector_selector"):
        child = getattr(node, attr, None)
        if child is not None and not isinstance(child, str | float | int):
            yield from _walk(child)
    for arg in getattr(node, "args", None) or ():
        yield from _walk(arg)


def _numbers(ast) -> list[float]:
    return [n.val for n in _walk(ast) if isinstance(n, promql.NumberLiteral)]


def _metrics(ast) -> set[str]:
    return {n.name for n in _walk(ast) if isinstance(n, promql.VectorSelector) and n.name}


def _ranges(ast) -> list[timedelta]:
    return [n.range for n in _walk(ast) if isinstance(n, promql.MatrixSelector)]


def _by_name(t: AlertThresholds, ctx: AlertContext = FULL):
    return {r.name: r for r in alert_rules(t, ctx)}


def _check(t: AlertThresholds) -> None:
    rules = _by_name(t)
    asts = {name: promql.parse(r.expr) for name, r in rules.items()}
    for name, ast in asts.items():
        assert _metrics(ast) <= KNOWN, (name, _metrics(ast) - KNOWN)
        held = rules[name].prometheus()["for"]
        if rules[name].for_minutes:
            assert promql.parse_duration(held).total_seconds() == rules[name].for_minutes * 60
        else:
            assert held == "0m"  # fires on the first evaluation (XID, uncorrectable ECC)
    idle = asts["GpuIdleWhileAllocated"]
    assert isinstance(idle, promql.BinaryExpr) and str(idle.op) == "<"
    assert _numbers(idle) == [t.gpu_idle_percent] and _metrics(idle) == {m.GPU_UTIL}
    assert rules["GpuIdleWhileAllocated"].for_minutes == t.gpu_idle_minutes
    assert 'pod!=""' in str(idle.lhs)  # only GPUs mapped to a pod (allocated)
    thermal = asts["GpuThermalRisk"]
    assert str(thermal.op) == ">" and _numbers(thermal) == [t.gpu_temperature_celsius]
    assert rules["GpuThermalRisk"].for_minutes == t.thermal_minutes
    assert _metrics(asts["GpuXidError"]) == {m.XID_ERRORS} and _ranges(asts["GpuXidError"]) == [
        timedelta(minutes=10)
    ]
    assert _metrics(asts["GpuUncorrectableMemoryError"]) == {m.UNCORRECTABLE_ROWS, m.ROW_REMAP_FAILURE}
    assert rules["FabricNodeNotReady"].for_minutes == t.node_not_ready_minutes
    assert 'resource=~"vpc_amazonaws_com_efa"' in rules["FabricNodeNotReady"].expr
    assert rules["KueueWorkloadsPending"].for_minutes == t.kueue_pending_minutes
    assert _metrics(asts["KueueWorkloadsPending"]) == {m.KUEUE_PENDING}
    assert rules["DevicePluginUnavailable"].for_minutes == t.device_plugin_minutes
    neuron_idle = asts["NeuronCoreIdleWhileAllocated"]
    assert isinstance(neuron_idle, promql.BinaryExpr) and str(neuron_idle.op) == "<"
    assert _numbers(neuron_idle) == [t.neuroncore_idle_percent / 100]  # the exporter reports a 0-1 ratio
    assert _metrics(neuron_idle) == {m.NEURONCORE_UTIL}
    assert rules["NeuronCoreIdleWhileAllocated"].for_minutes == t.neuroncore_idle_minutes
    hardware = asts["NeuronHardwareError"]
    assert _metrics(hardware) == {m.NEURON_ECC_EVENTS, m.NEURON_EXEC_ERRORS}
    assert _ranges(hardware) == [timedelta(minutes=10)] * 2
    assert 'event_type=~"mem_ecc_uncorrected|sram_ecc_uncorrected"' in rules["NeuronHardwareError"].expr
    assert _metrics(asts["NeuronRuntimeErrors"]) == {m.NEURON_EXEC_ERRORS}


def test_default_thresholds_are_in_the_ast() -> None:
    _check(AlertThresholds())


@settings(max_examples=40, deadline=None)
@given(
    idle=st.integers(1, 90),
    idle_min=st.integers(5, 1440),
    temp=st.integers(60, 100),
    thermal=st.integers(1, 120),
    node=st.integers(1, 240),
    kueue=st.integers(5, 10080),
    plugin=st.integers(1, 240),
    nc_idle=st.integers(1, 90),
    nc_min=st.integers(5, 1440),
)
def test_any_valid_thresholds_reach_the_ast(
    idle, idle_min, temp, thermal, node, kueue, plugin, nc_idle, nc_min
) -> None:
    _check(
        AlertThresholds(
            gpu_idle_percent=idle,
            gpu_idle_minutes=idle_min,
            gpu_temperature_celsius=temp,
            thermal_minutes=thermal,
            node_not_ready_minutes=node,
            kueue_pending_minutes=kueue,
            device_plugin_minutes=plugin,
            neuroncore_idle_percent=nc_idle,
            neuroncore_idle_minutes=nc_min,
        )
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gpu_idle_percent", 0),
        ("gpu_idle_percent", 95),
        ("gpu_idle_minutes", 2),
        ("kueue_pending_minutes", 20000),
        ("neuroncore_idle_percent", 0),
        ("neuroncore_idle_percent", 91),
        ("neuroncore_idle_minutes", 4),
    ],
)
def test_thresholds_are_bounded(field: str, value: int) -> None:
    with pytest.raises(ValueError, match=field):
        AlertThresholds(**{field: value})


def test_rules_follow_the_platform() -> None:
    """No fabric resources: no FabricNodeNotReady; no Kueue: no queue alert."""
    names = set(_by_name(AlertThresholds(), AlertContext((), "x", kueue=False)))
    assert "FabricNodeNotReady" not in names and "KueueWorkloadsPending" not in names
    assert {"GpuIdleWhileAllocated", "GpuXidError", "DevicePluginUnavailable"} <= names
    assert not {n for n in names if n.startswith("Neuron")}  # no Neuron pools: no Neuron alerts


def test_resource_names_as_kube_state_metrics_labels_them() -> None:
    assert ksm_resource("vpc.amazonaws.com/efa") == "vpc_amazonaws_com_efa"
    assert ksm_resource("rdma/rdma_shared_device_a") == "rdma_rdma_shared_device_a"


def test_rule_group_shape() -> None:
    groups = rule_groups(alert_rules(AlertThresholds(), FULL))
    assert [g["name"] for g in groups] == ["aiinfra-accelerators"]
    rule = groups[0]["rules"][0]
    assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}
    assert rule["labels"]["severity"] in ("warning", "critical")
