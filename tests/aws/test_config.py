"""The aws blueprint's Config: cloud-specific rules fail before anything is registered."""

from __future__ import annotations

import copy

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

from conftest import REPO


def _shipped() -> dict:
    data = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    return data["config"]["aiinfra:platform"]


def _mutated(path: list, value) -> dict:
    raw = copy.deepcopy(_shipped())
    target = raw
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


_DELETE = object()


def test_shipped_config_is_valid() -> None:
    config = validate_platform(_shipped())
    assert config.name == "llm-train" and len(config.pools) == 2
    assert config.platform_tags()["environment"] == "prod"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["region"], "mars-1", "platform.region: 'mars-1' is not an AWS region name"),
        (["tags", "team"], _DELETE, "platform.tags: missing cost-allocation tags ['team']"),
        (
            ["pools", 1, "capacity"],
            "flex_start",
            "platform.pools[1].capacity: 'flex_start' is a GCP capacity type",
        ),
        (
            ["pools", 0, "fabric", "type"],
            "tcpxo",
            "platform.pools[0].fabric.type: 'tcpxo' needs a machine type with that fabric; p5.48xlarge has 'efa'",
        ),
        (
            ["pools", 1, "fabric"],
            {"type": "none", "placement": "compact"},
            "platform.pools[1].fabric.placement: 'compact' is GCP-only",
        ),
        (["pools", 0, "zone"], "usw2-az9", "platform.pools[0].zone: 'usw2-az9' is not one of network.az_ids"),
        (
            ["pools", 1, "machine_type"],
            "a3-megagpu-8g",
            "platform.pools[1].machine_type: machine type 'a3-megagpu-8g' belongs to gcp, not aws "
            "(aws types with NVIDIA H100: p5.4xlarge, p5.48xlarge)",
        ),
        (
            ["pools", 1, "name"],
            "h100-train",
            "platform.pools: pool names must be unique; repeated: ['h100-train']",
        ),
        (
            ["storage", "hot", "capacity_gib"],
            3000,
            "platform.storage.hot.capacity_gib: 3000 is not a PERSISTENT_2 SSD size",
        ),
        (
            ["storage", "warm"],
            {"volume_type": "pd-ssd"},
            "platform.storage.warm.volume_type: 'pd-ssd' is not an EBS type",
        ),
        (
            ["network", "az_ids"],
            _DELETE,
            "platform.network.az_ids: required because pools[0] pins zone 'usw2-az2'",
        ),
        (
            ["blueprint"],
            "azure",
            "platform.blueprint: 'azure' is not a blueprint (allowed: aws, gcp, onprem, hybrid)",
        ),
        (
            ["pools", 0, "max_nodes"],
            -1,
            "platform.pools.0.max_nodes: Input should be greater than or equal to 1 (got -1)",
        ),
    ],
)
def test_invalid_configs_name_the_field(path: list, value, message: str) -> None:
    with pytest.raises(InputError) as info:
        validate_platform(_mutated(path, value))
    assert message.replace("pools.0.", "pools[0].") in str(info.value)
