"""`aiinfra plan` lists the enabled services: internal endpoints, backing stores, identities."""

from __future__ import annotations

import pytest

from aiinfra.render import services_lines

from conftest import cached_plan


def test_aws_training_rows() -> None:
    rows = cached_plan("aws-training").summary["services"]
    assert [(r["service"], r["name"]) for r in rows] == [
        ("training", "kubeflow-trainer"),
        ("serving", "chat-8b (vllm on l40s-infer)"),
        ("serving", "rerank (triton on l40s-infer)"),
    ]
    assert rows[1]["endpoint"] == "chat-8b-predictor.serving.svc.cluster.local"
    assert rows[1]["backing_store"] == "cold tier models/chat-8b/ (read-only)"
    assert rows[1]["identity"] == "serving/model-reader: IRSA role, s3:GetObject on models/"
    assert all(r["endpoint"].endswith(".svc.cluster.local") for r in rows)


@pytest.mark.parametrize(("stack", "count"), [("gcp-training", 1), ("onprem", 1), ("gcp-tpu-inference", 0)])
def test_other_stacks(stack: str, count: int) -> None:
    assert len(cached_plan(stack).summary.get("services", [])) == count


def test_text_view() -> None:
    lines = services_lines(cached_plan("aws-training").summary["services"])
    assert lines[0] == "Services (internal endpoints):"
    assert "    endpoint  rerank-predictor.serving.svc.cluster.local" in lines
