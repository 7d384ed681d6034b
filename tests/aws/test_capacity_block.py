"""Capacity Block pools follow the EKS lifecycle: sized at the block's start, drained to zero before its
end, never rolled by `pulumi up`; the window is validated before anything is registered."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
import yaml
from pydantic import ValidationError

from aiinfra.blueprints import validate_platform
from aiinfra.components.aws.nodepool import GpuNodePool, capacity_block_lifecycle
from aiinfra.components.spec import AcceleratorPoolSpec
from aiinfra.components.spec.capacity_block import CapacityBlockWindow
from aiinfra.errors import InputError

from conftest import REPO, cached_plan
from engine_helpers import names, only, run

WINDOW = {"start": "2027-01-04T11:30:00Z", "end": "2027-01-18T11:30:00Z"}
SCHEDULE = "aws:autoscaling/schedule:Schedule"


def _pool(**window) -> AcceleratorPoolSpec:
    return AcceleratorPoolSpec(
        name="train",
        machine_type="p5.48xlarge",
        min_nodes=2,
        desired_nodes=4,
        max_nodes=8,
        zone="usw2-az1",
        fabric={"type": "efa"},
        capacity="capacity_block",
        reservation_id="cr-123",
        capacity_block={**WINDOW, **window},
    )


def _run(pool: AcceleratorPoolSpec, now: datetime):
    def program() -> None:
        GpuNodePool(
            "p-train",
            pool,
            pool.machine("aws"),
            cluster_name="p",
            kubernetes_version="1.33",
            node_role_arn="arn:aws:iam::123456789012:role/node",
            cluster_security_group_id="sg-cluster",
            vpc_id="vpc-1",
            subnet_ids=["subnet-a"],
            node_key_arn="arn:aws:kms:us-west-2:123456789012:key/nodes",
            tags={"team": "ml"},
            now=now,
        )

    return run(program)


def test_before_the_block_the_pool_starts_empty_and_is_sized_at_the_start() -> None:
    result = _run(_pool(), datetime(2026, 12, 1, tzinfo=UTC))
    ng = only(result, "aws:eks/nodeGroup:NodeGroup")
    assert ng.inputs["scalingConfig"] == {"minSize": 0.0, "maxSize": 8.0, "desiredSize": 0.0}
    start = only(result, SCHEDULE, "p-train-cb-start")
    end = only(result, SCHEDULE, "p-train-cb-end")
    assert start.inputs["startTime"] == "2027-01-04T11:30:00Z"
    assert (start.inputs["minSize"], start.inputs["desiredCapacity"], start.inputs["maxSize"]) == (
        2.0,
        4.0,
        8.0,
    )
    assert end.inputs["startTime"] == "2027-01-18T10:30:00Z"  # 60 minutes before the end
    assert (end.inputs["minSize"], end.inputs["desiredCapacity"], end.inputs["maxSize"]) == (0.0, 0.0, 0.0)
    asg = start.inputs["autoscalingGroupName"]
    assert asg == end.inputs["autoscalingGroupName"] and asg.startswith("eks-p-train-")
    assert start.inputs["scheduledActionName"] == "train-cb-start"


def test_during_the_block_only_the_scale_in_is_scheduled() -> None:
    result = _run(_pool(scale_in_minutes=90), datetime(2027, 1, 10, tzinfo=UTC))
    assert names(result, SCHEDULE) == ["p-train-cb-end"]
    assert only(result, SCHEDULE).inputs["startTime"] == "2027-01-18T10:00:00Z"
    ng = only(result, "aws:eks/nodeGroup:NodeGroup")
    assert ng.inputs["scalingConfig"] == {"minSize": 2.0, "maxSize": 8.0, "desiredSize": 4.0}


def test_a_block_past_its_scale_in_time_is_refused_before_registering() -> None:
    with pytest.raises(
        ValueError, match=r"capacity_block\.end: the block ends 2027-01-18T11:30:00Z .* has passed"
    ):
        capacity_block_lifecycle(_pool(), datetime(2027, 1, 18, 11, 0, tzinfo=UTC))


def test_other_capacity_types_have_no_lifecycle() -> None:
    pool = AcceleratorPoolSpec(name="x", machine_type="g6e.12xlarge", max_nodes=2, fabric={"type": "none"})
    assert capacity_block_lifecycle(pool, datetime(2027, 1, 1, tzinfo=UTC)) is None


def test_shipped_stack_schedules_its_block() -> None:
    run_ = cached_plan("aws-training").run
    assert sorted(names(run_, SCHEDULE)) == ["llm-train-h100-train-cb-end", "llm-train-h100-train-cb-start"]


@pytest.mark.parametrize(
    ("window", "words"),
    [
        ({"end": "2027-01-04T10:30:00Z"}, "must be after start"),
        ({"start": "2027-01-04T11:00:30Z"}, "not a whole number of hours"),
        ({"end": "2027-08-05T11:30:00Z"}, "at most 182"),
        ({"end": "2027-01-18T12:30:00Z"}, "not 11:30 UTC"),
        ({"start": "2027-01-04T11:30:00"}, "timezone"),
        ({"scale_in_minutes": 30}, "greater than or equal to 31"),
        ({"start": "2027-01-18T10:30:00Z", "scale_in_minutes": 60}, "leaves no time"),
    ],
)
def test_bad_windows_are_refused_naming_the_field(window: dict, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        CapacityBlockWindow(**{**WINDOW, **window})
    assert words in str(err.value)


def test_window_hours() -> None:
    assert CapacityBlockWindow(**WINDOW).hours == 14 * 24


def _stack(pool_update: dict) -> dict:
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    raw = copy.deepcopy(raw)
    raw["pools"][0].update(pool_update)
    return raw


def test_aws_blueprint_requires_the_window() -> None:
    raw = _stack({})
    del raw["pools"][0]["capacity_block"]
    with pytest.raises(InputError, match=r"platform\.pools\[0\]\.capacity_block: the block's window"):
        validate_platform(raw)


def test_window_only_with_capacity_block() -> None:
    with pytest.raises(InputError, match=r"capacity_block: only allowed with capacity 'capacity_block'"):
        validate_platform(_stack({"capacity": "reservation"}))
