"""The environment a resource rule judges by: config, then the resource's own tag, then the stack."""

from __future__ import annotations

import pulumi_aws as aws

from aiinfra.engine import run_program
from aiinfra.policies import evaluate


def _node_group(tags: dict[str, str]):
    def program() -> None:
        aws.eks.NodeGroup(
            "gpu",
            cluster_name="c",
            node_role_arn="arn:aws:iam::123456789012:role/n",
            subnet_ids=["subnet-1"],
            instance_types=["p5.48xlarge"],
            capacity_type="ON_DEMAND",
            scaling_config={"min_size": 0, "max_size": 2, "desired_size": 0},
            tags=tags,
        )

    return program


def _gpu_004(tags: dict[str, str], config: dict | None = None) -> list[str]:
    run = run_program(_node_group(tags), stack="sandbox")
    return [v["message"] for v in evaluate(run, config=config).violations if v["policy_id"] == "AIP-GPU-004"]


def test_resource_environment_tag_wins_over_the_stack_name() -> None:
    assert _gpu_004({"environment": "prod"}) == []
    assert _gpu_004({}) == [
        "non-production accelerator pool uses on-demand capacity (use spot or a reservation)."
    ]


def test_pack_config_environment_wins_over_the_tag() -> None:
    config = {"aip-gpu-004-accelerator-capacity-type": {"environment": "dev"}}
    assert len(_gpu_004({"environment": "prod"}, config=config)) == 1


def _spot_group(labels: dict[str, str]):
    def program() -> None:
        aws.eks.NodeGroup(
            "infer",
            cluster_name="c",
            node_role_arn="arn:aws:iam::123456789012:role/n",
            subnet_ids=["subnet-1"],
            instance_types=["g6e.12xlarge"],
            capacity_type="SPOT",
            scaling_config={"min_size": 0, "max_size": 2, "desired_size": 0},
            labels=labels,
            tags={"environment": "prod"},
        )

    return program


def test_production_spot_needs_checkpointing_unless_stateless() -> None:
    def findings(labels: dict[str, str]) -> list[str]:
        run = run_program(_spot_group(labels), stack="prod")
        return [v["message"] for v in evaluate(run).violations if v["policy_id"] == "AIP-GPU-004"]

    assert findings({"workload": "training"}) == [
        "production accelerator pool runs on spot without a 'checkpointing=true' tag."
    ]
    assert findings({"workload": "inference"}) == []
    assert findings({"workload": "training", "checkpointing": "true"}) == []
