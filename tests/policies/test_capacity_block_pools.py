"""Node groups whose instance type lives in the launch template (EKS Capacity Blocks) are still
judged as accelerator pools and counted in the budget."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from aiinfra.engine import run_program
from aiinfra.policies import evaluate


def _program(taints: list[dict]) -> None:
    lt = aws.ec2.LaunchTemplate(
        "block-lt",
        instance_type="p5.48xlarge",
        instance_market_options={"market_type": "capacity-block"},
        capacity_reservation_specification={
            "capacity_reservation_target": {"capacity_reservation_id": "cr-1"}
        },
        metadata_options={"http_tokens": "required", "http_put_response_hop_limit": 1},
    )
    aws.eks.NodeGroup(
        "block",
        cluster_name="c",
        node_role_arn="arn:aws:iam::123456789012:role/n",
        subnet_ids=["subnet-1"],
        ami_type="AL2023_x86_64_NVIDIA",
        capacity_type="CAPACITY_BLOCK",
        launch_template={"id": lt.id, "version": "1"},
        scaling_config={"min_size": 0, "max_size": 200, "desired_size": 0},
        taints=taints,
        tags={"environment": "prod"},
    )
    pulumi.export("ok", True)


def _ids(taints: list[dict]) -> dict[str, list[str]]:
    result = evaluate(run_program(lambda: _program(taints)))
    out: dict[str, list[str]] = {}
    for v in result.violations:
        out.setdefault(v["policy_id"], []).append(v["message"])
    return out


def test_budget_counts_the_launch_template_type() -> None:
    found = _ids([{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}])
    assert found["AIP-GPU-003"] == [
        "1600 accelerators at full scale exceed maxAccelerators 1024.",
        "estimated $11,008.00/h at full scale exceeds maxHourlyCost $5,000.00.",  # 200 x $55.04
    ]


def test_taint_rule_applies_without_instance_types() -> None:
    assert "AIP-NODE-011" in _ids([])
    assert "AIP-NODE-011" not in _ids([{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}])
