"""bench/results.md is rendered from bench/results.json and never edited by hand."""

from __future__ import annotations

import importlib.util
import json

from conftest import REPO


def _report():
    spec = importlib.util.spec_from_file_location("bench_report", REPO / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_results_md_is_the_rendering_of_results_json() -> None:
    results = json.loads((REPO / "bench" / "results.json").read_text())
    assert _report().render(results) == (REPO / "bench" / "results.md").read_text()


def test_every_section_says_when_and_where_it_was_measured() -> None:
    stamp = {"started": "2026-12-02 01:30 UTC", "load_average_at_start": 0.42, "commit": "abc1234"}
    text = _report().render(
        {
            "policies": {
                "resources": 1,
                "rules": 85,
                "runs": 3,
                "median_s": 0.1,
                "target_s": 2.0,
                "findings": 0,
                "measured": stamp,
            }
        }
    )
    assert "Measured: 2026-12-02 01:30 UTC, commit abc1234, load average 0.42 at the start." in text
    assert "1 resources, 85 rules, median of 3" in text


def test_the_generated_benchmark_platform_is_a_valid_config() -> None:
    """bench/scale.py and bench/policies.py plan this config: it must keep up with the shipped stack."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    try:
        from common import generated_aws_platform
    finally:
        sys.path.remove(str(REPO / "bench"))
    from aiinfra.blueprints import validate_platform

    config = validate_platform(generated_aws_platform(4))
    assert [p.name for p in config.pools] == ["train0", "infer1", "train2", "infer3"]
