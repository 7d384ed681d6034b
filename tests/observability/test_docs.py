"""docs/observability.md: generated blocks current, every alert and threshold documented."""

from __future__ import annotations

from aiinfra.components.observability import docgen
from aiinfra.components.observability.alerts import alert_rules
from aiinfra.components.observability.dashboards import dashboards
from aiinfra.components.observability.spec import AlertThresholds

from conftest import REPO


def test_generated_blocks_are_current() -> None:
    text = (REPO / docgen.DOC).read_text(encoding="utf-8")
    assert docgen.render(text) == text, "run: python -m aiinfra.components.observability.docgen"


def test_every_alert_and_threshold_is_in_the_doc() -> None:
    text = (REPO / docgen.DOC).read_text(encoding="utf-8")
    for rule in alert_rules(AlertThresholds(), docgen._EXAMPLE):
        assert f"| `{rule.name}` |" in text
        assert rule.name in docgen.FIELDS
    for field in AlertThresholds.model_fields:
        assert f"| `{field}` |" in text


def test_render_replaces_a_stale_block() -> None:
    stale = (
        "x\n<!-- generated:alerts -->\nSTALE-ROW\n<!-- /generated:alerts -->\n<!-- generated:thresholds -->\n"
        "<!-- /generated:thresholds -->\n<!-- generated:dashboards -->\n<!-- /generated:dashboards -->\n"
    )
    out = docgen.render(stale)
    assert "STALE-ROW" not in out and "| `GpuIdleWhileAllocated` |" in out and "| `gpu_idle_percent` |" in out


def test_every_dashboard_is_in_the_doc() -> None:
    text = (REPO / docgen.DOC).read_text(encoding="utf-8")
    for file, board in dashboards(neuron=True).items():
        assert f"| `{file}` | {board['title']} |" in text
    assert "GPU utilization per pool" in text and "NeuronCore utilization per pool" in text
