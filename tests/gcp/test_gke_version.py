"""A pinned GKE version below the GPUDirect floor is refused at validation, naming the field."""

from __future__ import annotations

import copy

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

from conftest import REPO

RAW = yaml.safe_load((REPO / "stacks" / "Pulumi.gcp-training.yaml").read_text())["config"]["aiinfra:platform"]


def _with(version: str | None, machine: str = "a3-megagpu-8g", fabric: str = "tcpxo") -> dict:
    raw = copy.deepcopy(RAW)
    raw["pools"][0].update({"machine_type": machine, "fabric": {"type": fabric}})
    raw["cluster"]["min_master_version"] = version
    return raw


def test_too_old_for_tcpxo_is_refused() -> None:
    with pytest.raises(
        InputError,
        match=r"platform\.cluster\.min_master_version: GKE 1\.27\.3-gke\.1 is too old for GPUDirect-TCPXO",
    ):
        validate_platform(_with("1.27.3-gke.1"))


def test_channel_default_and_new_versions_pass_and_reach_the_cluster() -> None:
    assert validate_platform(_with(None)).cluster.min_master_version is None
    config = validate_platform(_with("1.33"))
    assert config.cluster.min_master_version == "1.33"


def test_rdma_has_no_floor() -> None:
    assert validate_platform(_with("1.27.3-gke.1", machine="a3-ultragpu-8g", fabric="rdma"))
