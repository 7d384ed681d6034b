"""The generated parts of docs/observability.md: the alert table, the threshold reference and the
dashboard list.

``python -m aiinfra.components.observability.docgen`` rewrites the blocks between the
``<!-- generated:… -->`` markers; tests/observability/test_docs.py keeps them in sync.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .alerts import AlertContext, alert_rules
from .dashboards import dashboards
from .spec import AlertThresholds

DOC = Path("docs/observability.md")
# Field each alert's threshold / hold time comes from.
FIELDS = {
    "GpuIdleWhileAllocated": "gpu_idle_percent, gpu_idle_minutes",
    "GpuXidError": "-",
    "GpuUncorrectableMemoryError": "-",
    "GpuThermalRisk": "gpu_temperature_celsius, thermal_minutes",
    "NeuronCoreIdleWhileAllocated": "neuroncore_idle_percent, neuroncore_idle_minutes",
    "NeuronHardwareError": "-",
    "NeuronRuntimeErrors": "-",
    "FabricNodeNotReady": "node_not_ready_minutes",
    "DevicePluginUnavailable": "device_plugin_minutes",
    "KueueWorkloadsPending": "kueue_pending_minutes",
}
_EXAMPLE = AlertContext(
    ("vpc.amazonaws.com/efa",), "<device plugins of the platform>", kueue=True, neuron=True
)


def alert_table() -> str:
    """One row per alert at the default thresholds (AWS fabric resources as the example)."""
    rows = [
        "| Alert | Severity | Fires when (defaults) | For | Thresholds (`observability.thresholds.`) | What it means |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in alert_rules(AlertThresholds(), _EXAMPLE):
        expr = r.expr.replace("|", "\\|")
        rows.append(
            f"| `{r.name}` | {r.severity} | `{expr}` | {r.for_minutes}m | {FIELDS[r.name]} | {r.meaning} |"
        )
    return "\n".join(rows)


def threshold_table() -> str:
    """Every threshold with its default and bounds, from the pydantic model."""
    rows = ["| Field | Default | Allowed | Meaning |", "| --- | --- | --- | --- |"]
    for name, field in AlertThresholds.model_fields.items():
        bounds = {type(m).__name__: m for m in field.metadata}
        low, high = bounds["Ge"].ge, bounds["Le"].le
        rows.append(f"| `{name}` | {field.default} | {low}-{high} | {field.description} |")
    return "\n".join(rows)


def dashboard_table() -> str:
    """One row per shipped dashboard: file, title, panels."""
    rows = ["| File | Dashboard | Panels |", "| --- | --- | --- |"]
    for file, board in dashboards(neuron=True).items():
        panels = "; ".join(p["title"] for p in board["panels"])
        rows.append(f"| `{file}` | {board['title']} | {panels} |")
    return "\n".join(rows)


BLOCKS = {"alerts": alert_table, "thresholds": threshold_table, "dashboards": dashboard_table}


def render(text: str) -> str:
    """``text`` with every generated block replaced by its current content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"{DOC}: marker <!-- generated:{name} --> missing")
        text = pattern.sub(lambda m, b=make(): m.group(1) + b + "\n" + m.group(2), text)
    return text


def main() -> int:
    """Rewrite the generated blocks of docs/observability.md in place."""
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
