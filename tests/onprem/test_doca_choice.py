"""The DOCA/OFED driver per fabric pool: pools that keep a host OFED (DGX OS) get none from the Network
Operator; the others get it from a NicNodePolicy (or the NicClusterPolicy when every pool agrees)."""

from __future__ import annotations

import copy

import pytest
import yaml
from crd_validation import crd_errors

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

from .k8s_objects import objects_of
from conftest import REPO, cached_plan

RAW = yaml.safe_load((REPO / "stacks" / "Pulumi.onprem.yaml").read_text())["config"]["aiinfra:platform"]
NCP = "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy"
NNP = "kubernetes:mellanox.com/v1alpha1:NicNodePolicy"


def _policies(run) -> tuple[list, list]:
    return [r for r in run.resources if r.type == NCP], [r for r in run.resources if r.type == NNP]


def test_shipped_dgx_pool_keeps_its_host_ofed() -> None:
    [ncp], nnps = _policies(cached_plan("onprem").run)
    assert "ofedDriver" not in ncp.inputs["spec"] and nnps == []
    assert "rdmaSharedDevicePlugin" in ncp.inputs["spec"]


def test_all_container_pools_keep_the_cluster_wide_driver() -> None:
    [ncp], nnps = _policies(cached_plan("hybrid-gcp").run)
    assert ncp.inputs["spec"]["ofedDriver"]["image"] == "doca-driver" and nnps == []


def test_preinstalled_driver_without_a_choice_is_refused() -> None:
    raw = copy.deepcopy(RAW)
    del raw["pools"][0]["doca_driver"]
    with pytest.raises(
        InputError, match=r"platform\.pools\[0\]\.doca_driver: h100-train keeps a preinstalled"
    ):
        validate_platform(raw)


def _mixed_run():
    from aiinfra.blueprints import onprem
    from aiinfra.engine import run_program

    raw = copy.deepcopy(RAW)
    raw["pools"].append(
        {
            "name": "h200-train",
            "machine_type": "hgx-h200",
            "nodes": 4,
            "node_selector": {"aiinfra.io/pool": "h200-train"},
            "doca_driver": "container",
        }
    )
    raw["scheduling"]["teams"][0]["quotas"]["h200-train"] = 32
    config = validate_platform(raw)
    return run_program(lambda: onprem.build(config), config={"aiinfra:kubeconfig": "{}"})


def test_mixed_pools_get_the_driver_per_pool_and_validate() -> None:
    run = _mixed_run()
    [ncp], [nnp] = _policies(run)
    assert "ofedDriver" not in ncp.inputs["spec"]
    spec = nnp.inputs["spec"]
    assert spec["nodeSelector"] == {"aiinfra.io/pool": "h200-train"}
    assert spec["ofedDriver"]["upgradePolicy"]["autoUpgrade"] is True
    assert nnp.inputs["metadata"]["name"] == "h200-train"
    for obj, rec in objects_of(run):
        if obj["kind"] in ("NicClusterPolicy", "NicNodePolicy"):
            errors = crd_errors(obj)
            assert not errors, (rec.name, errors[:3])
