"""`aiinfra plan` lists the enabled training and serving services next to the data services:
internal endpoints, backing stores, identities."""

from __future__ import annotations

import pytest

from aiinfra.render_sections import service_lines

from conftest import cached_plan

WORKLOADS = ("training", "serving")


def _workload_rows(stack: str) -> list[dict]:
    return [r for r in cached_plan(stack).summary.get("services", []) if r["service"] in WORKLOADS]


def test_aws_training_rows() -> None:
    rows = _workload_rows("aws-training")
    assert [(r["service"], r["what"]) for r in rows] == [
        ("training", "kubeflow-trainer"),
        ("serving", "chat-8b (vllm on l40s-infer)"),
        ("serving", "rerank (triton on l40s-infer)"),
    ]
    assert rows[1]["endpoint"] == "chat-8b-predictor.serving.svc.cluster.local"
    assert rows[1]["stores"] == ["cold tier models/chat-8b/ (read-only)"]
    assert rows[1]["identity"] == "serving/model-reader: IRSA role, s3:GetObject on models/"
    assert all(r["endpoint"].endswith(".svc.cluster.local") for r in rows)


@pytest.mark.parametrize(("stack", "count"), [("gcp-training", 1), ("onprem", 2), ("gcp-tpu-inference", 0)])
def test_other_stacks(stack: str, count: int) -> None:
    assert len(_workload_rows(stack)) == count


def test_text_view() -> None:
    lines = service_lines(cached_plan("aws-training").summary)
    assert lines[0] == "Services:"
    assert any(line.startswith("  serving") and "rerank (triton on l40s-infer)" in line for line in lines)
    assert "             endpoint rerank-predictor.serving.svc.cluster.local" in lines
