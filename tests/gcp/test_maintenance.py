"""Long-running training pools: a no-minor-or-node-upgrades exclusion for reserved pools, and
reservation targets as names or full paths (shared and block reservations), validated."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from aiinfra.blueprints import validate_platform
from aiinfra.components.gcp.maintenance import (
    RESERVED_EXCLUSION,
    MaintenanceExclusion,
    check_reservation_target,
    exclusions_for,
)
from aiinfra.errors import InputError

from conftest import REPO, cached_plan
from engine_helpers import only

RAW = yaml.safe_load((REPO / "stacks" / "Pulumi.gcp-training.yaml").read_text())["config"]["aiinfra:platform"]
CLUSTER = "gcp:container/cluster:Cluster"


def test_shipped_reserved_pool_holds_minor_and_node_upgrades() -> None:
    cluster = only(cached_plan("gcp-training").run, CLUSTER)
    assert cluster.inputs["maintenancePolicy"]["maintenanceExclusions"] == [
        {
            "exclusionName": RESERVED_EXCLUSION,
            "startTime": "2025-01-04T03:00:00Z",
            "exclusionOptions": {
                "scope": "NO_MINOR_OR_NODE_UPGRADES",
                "endTimeBehavior": "UNTIL_END_OF_SUPPORT",
            },
        }
    ]


def test_spot_only_cluster_gets_no_exclusion() -> None:
    cluster = only(cached_plan("gcp-tpu-inference").run, CLUSTER)
    assert "maintenanceExclusions" not in cluster.inputs["maintenancePolicy"]


def test_a_declared_hold_replaces_the_default() -> None:
    mine = MaintenanceExclusion(name="quarter-end", start="2027-01-01T00:00:00Z")
    assert exclusions_for((mine,), reserved_pools=True, start="2025-01-04T03:00:00Z") == [mine]
    dated = MaintenanceExclusion(name="week", start="2027-01-01T00:00:00Z", end="2027-01-08T00:00:00Z")
    names = [e.name for e in exclusions_for((dated,), reserved_pools=True, start="2025-01-04T03:00:00Z")]
    assert names == ["week", RESERVED_EXCLUSION]
    assert dated.args() == {
        "exclusion_name": "week",
        "start_time": "2027-01-01T00:00:00Z",
        "end_time": "2027-01-08T00:00:00Z",
        "exclusion_options": {"scope": "NO_MINOR_OR_NODE_UPGRADES"},
    }


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"scope": "NO_UPGRADES"}, "needs an end"),
        ({"scope": "NO_UPGRADES", "end": "2027-02-15T00:00:00Z"}, "at most 30 days"),
        ({"end": "2026-12-31T00:00:00Z"}, "must be after start"),
        ({"scope": "NO_PATCHES"}, "NO_MINOR_OR_NODE_UPGRADES"),
    ],
)
def test_bad_exclusions_are_refused(fields: dict, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        MaintenanceExclusion(**{"name": "x", "start": "2027-01-01T00:00:00Z", **fields})
    assert words in str(err.value)


@pytest.mark.parametrize(
    "target",
    [
        "a3u-reservation-usc1b",
        "projects/shared-capacity/reservations/a3u-pool",
        "projects/shared-capacity/reservations/a3u-pool/reservationBlocks/block-7",
        "a3u-pool/reservationBlocks/block-7",
    ],
)
def test_reservation_targets_accepted(target: str) -> None:
    assert check_reservation_target(target) == target
    raw = copy.deepcopy(RAW)
    raw["pools"][0]["reservation_id"] = target
    assert validate_platform(raw).pools[0].reservation_id == target


@pytest.mark.parametrize(
    "target",
    [
        "projects/P/reservations/x",
        "projects/shared-capacity/reservation/a3u",
        "a3u/blocks/b1",
        "A3U",
        "projects/shared-capacity/reservations/",
    ],
)
def test_bad_reservation_targets_name_the_field(target: str) -> None:
    raw = copy.deepcopy(RAW)
    raw["pools"][0]["reservation_id"] = target
    with pytest.raises(InputError) as err:
        validate_platform(raw)
    message = str(err.value)
    assert message.startswith("platform.pools[0].reservation_id: ") and repr(target) in message
    assert "projects/<project>/reservations/<name>" in message


def test_block_path_reaches_the_node_pool() -> None:
    from aiinfra.components.gcp.common import reservation_affinity

    path = "projects/shared-capacity/reservations/a3u-pool/reservationBlocks/block-7"
    assert reservation_affinity("reservation", path)["values"] == [path]
