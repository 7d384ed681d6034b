"""Figures the README and docs quote come from a source a test can read: a shipped stack's resource
count from its plan, benchmark figures from bench/results.json (issue 30: docs quoted stale ones)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO, cached_plan

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
STACKS = ("aws-training", "gcp-training", "gcp-tpu-inference", "onprem", "hybrid-aws", "hybrid-gcp")
STACK_COUNT = re.compile(
    r"`(" + "|".join(STACKS) + r")`[^.`|]{0,60}?\b(?:plans|has|holds|registers|creates) (\d[\d,]*) resources"
)
RESULTS = json.loads((REPO / "bench" / "results.json").read_text())


def _quoted_stack_counts() -> list[tuple[str, str, int]]:
    found = []
    for doc in DOCS:
        text = " ".join(doc.read_text().split())
        for stack, count in STACK_COUNT.findall(text):
            found.append((doc.name, stack, int(count.replace(",", ""))))
    return found


@pytest.mark.parametrize(("doc", "stack", "count"), _quoted_stack_counts() or [("none", "onprem", -1)])
def test_a_quoted_stack_resource_count_is_the_plans(doc: str, stack: str, count: int) -> None:
    if count == -1:
        return  # no doc quotes a total (the docs say `aiinfra plan STACK` prints it)
    assert cached_plan(stack).summary["resource_count"] == count, f"{doc} quotes {count} for {stack}"


def test_the_count_pattern_catches_the_stale_figure_it_was_written_for() -> None:
    stale = "`gcp-training` now plans 64 resources (1 wiring component"
    assert STACK_COUNT.findall(stale) == [("gcp-training", "64")]


def test_readme_program_host_ratios_are_the_recorded_ones() -> None:
    ratios = [row["ratio_cpu"] for row in RESULTS["program_host"]["sizes"]]
    readme = " ".join((REPO / "README.md").read_text().split())
    assert f"costs {min(ratios)}x to {max(ratios)}x the CPU" in readme


def test_readme_speed_figures_are_the_recorded_medians() -> None:
    rows = RESULTS["speed"]["rows"]
    readme = " ".join((REPO / "README.md").read_text().split())
    for key in ("plan_aws_training", "plan_all", "check_program"):
        before, after = rows[key]["before"]["cpu_s"], rows[key]["after"]["cpu_s"]
        assert f"{before} → {after} CPU s" in readme, key
