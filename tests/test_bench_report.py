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


def test_the_program_host_section_names_its_baseline_and_ratio() -> None:
    stamp = {"started": "2026-12-07 21:10 UTC", "load_average_at_start": 9.3, "commit": "abc1234"}
    variant = {"wall_s": 2.0, "cpu_s": 1.0, "ms_per_registration": 10.0, "exit_codes": [1]}
    text = _report().render(
        {
            "program_host": {
                "baseline_commit": "cb332b9",
                "target_ratio": 1.1,
                "measured": stamp,
                "sizes": [
                    {
                        "pools": 10,
                        "runs": 3,
                        "registrations": 100,
                        "in-process": variant,
                        "child": {**variant, "cpu_s": 1.05},
                        "ratio_cpu": 1.05,
                        "ratio_wall": 1.0,
                        "split": {"wall_s": 1.0, "judge_cpu_s": 0.2, "host_cpu_s": 0.8},
                        "engine_ms_per_registration": {"before": 5.0, "after": 5.1},
                    }
                ],
            }
        }
    )
    assert "Measured: 2026-12-07 21:10 UTC, commit abc1234, load average 9.3 at the start." in text
    assert "the tree of commit cb332b9" in text
    assert "| 10 | 3 | 100 | 2.0 | 1.0 | 2.0 | 1.05 | **1.05** | 1.0 | 0.2 | 0.8 | 5.0 | 5.1 |" in text
