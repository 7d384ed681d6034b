"""AZ ids are checked offline against the region's AZ-id prefix; zone names are explained, not planned."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main
from aiinfra.components.catalog.aws_zones import AZ_ID_PREFIX, az_id_problem
from aiinfra.errors import InputError

from conftest import REPO

RAW = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"]["aiinfra:platform"]


def _with(az_ids: list[str], zone: str | None = "usw2-az2", region: str = "us-west-2") -> dict:
    raw = copy.deepcopy(RAW)
    raw["region"] = region
    raw["network"]["az_ids"] = az_ids
    raw["pools"][0]["zone"] = zone
    return raw


def test_shipped_ids_pass() -> None:
    assert validate_platform(_with(["usw2-az1", "usw2-az2", "usw2-az3"])).network.az_ids[1] == "usw2-az2"


def test_zone_name_is_refused_explaining_names_and_ids() -> None:
    with pytest.raises(InputError) as err:
        validate_platform(_with(["us-east-1a", "usw2-az2"]))
    message = str(err.value)
    assert message.startswith("platform.network.az_ids[0]: 'us-east-1a' is an availability-zone name")
    assert "a zone of us-east-1, not us-west-2" in message
    assert "not an AZ id" in message and "same zone in every account" in message and "'usw2-az1'" in message
    assert "describe-availability-zones" in message


def test_id_of_another_region_is_refused() -> None:
    with pytest.raises(
        InputError, match=r"az_ids\[1\]: 'use1-az4' is an AZ id of region us-east-1, not of us-west-2"
    ):
        validate_platform(_with(["usw2-az1", "use1-az4"], zone="usw2-az1"))


def test_pool_zone_name_is_refused_too() -> None:
    with pytest.raises(
        InputError, match=r"platform\.pools\[0\]\.zone: 'us-west-2b' is an availability-zone name"
    ):
        validate_platform(_with(["usw2-az1", "usw2-az2"], zone="us-west-2b"))


def test_garbage_and_unknown_regions_are_refused() -> None:
    assert "is not an AZ id (expected '<prefix>-az<N>'" in str(az_id_problem("us-west-2", "zone-b"))
    assert "not in the AZ-id table" in str(az_id_problem("xx-moon-1", "xxm1-az1"))


def test_plan_exits_2_on_a_zone_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = copy.deepcopy(RAW)
    raw["network"]["az_ids"] = ["us-east-1a", "usw2-az2", "usw2-az3"]
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump({"config": {"aiinfra:platform": raw}}))
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert "platform.network.az_ids[0]: 'us-east-1a' is an availability-zone name" in err
    assert "AZ id" in err and "Traceback" not in err


@given(
    st.sampled_from(sorted(AZ_ID_PREFIX)), st.integers(min_value=1, max_value=9), st.sampled_from("abcdef")
)
def test_every_region_accepts_its_ids_and_refuses_its_names(region: str, n: int, letter: str) -> None:
    assert az_id_problem(region, f"{AZ_ID_PREFIX[region]}-az{n}") is None
    assert "availability-zone name" in str(az_id_problem(region, f"{region}{letter}"))
    others = [p for r, p in AZ_ID_PREFIX.items() if r != region]
    assert all(az_id_problem(region, f"{p}-az{n}") for p in others)


def test_prefixes_are_unique() -> None:
    assert len(set(AZ_ID_PREFIX.values())) == len(AZ_ID_PREFIX)
