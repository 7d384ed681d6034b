"""On-prem catalog entries, MIG profile table and the spec validations (no resources)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aiinfra.components.catalog import lookup, machines
from aiinfra.components.catalog.mig import mig_profiles, mig_resources
from aiinfra.components.onprem.spec import (
    NodePoolSpec,
    OnpremFabricSpec,
    PriorityClassSpec,
    TeamSpec,
    check_fabric,
    check_scheduling,
    quota_totals,
)

PRIORITIES = (PriorityClassSpec(name="training", value=10_000),)


def _pool(name: str = "h100", machine_type: str = "dgx-h100", nodes: int = 8, **kw) -> NodePoolSpec:
    return NodePoolSpec(name=name, machine_type=machine_type, nodes=nodes, node_selector={"rack": name}, **kw)


def _rails(*subnets: str) -> list[dict]:
    return [{"name": f"rail{i}", "interface": f"ibp{i}s0", "subnet": s} for i, s in enumerate(subnets)]


def test_onprem_catalog_entries() -> None:
    onprem = {m.machine_type: m for m in machines("onprem")}
    assert {
        "dgx-h100",
        "hgx-h100",
        "hgx-h200",
        "hgx-b200",
        "l40s-4x",
        "l40s-8x-roce",
        "dgx-a100-80gb",
    } <= set(onprem)
    h100 = onprem["dgx-h100"]
    assert (h100.accelerator_count, h100.accelerator_memory_gib, h100.fabric, h100.fabric_interfaces) == (
        8,
        80.0,
        "infiniband",
        8,
    )
    # GPU memory is the same part the clouds report: ask the catalog, never repeat it
    assert h100.accelerator_memory_gib == lookup("p5.48xlarge").accelerator_memory_gib
    assert onprem["hgx-h200"].accelerator_memory_gib == lookup("p5e.48xlarge").accelerator_memory_gib
    assert onprem["l40s-4x"].fabric == "none" and onprem["l40s-8x-roce"].fabric == "roce"
    for m in onprem.values():
        # owned hardware: a dated "no public price" record, never a 0.0 placeholder
        assert m.cloud == "onprem" and m.price is not None and m.price.usd_per_hour is None
        assert m.price.source.startswith("no public price: ") and m.sources


def test_mig_profiles_per_model() -> None:
    assert "all-1g.10gb" in mig_profiles(lookup("dgx-h100"))
    assert "all-1g.18gb" in mig_profiles(lookup("hgx-h200"))
    assert "all-1g.23gb" in mig_profiles(lookup("hgx-b200"))
    assert mig_profiles(lookup("l40s-4x")) == {}
    assert mig_resources(lookup("dgx-h100"), "all-1g.10gb") == {"nvidia.com/mig-1g.10gb": 7}
    assert mig_resources(lookup("hgx-h200"), "all-balanced") == {
        "nvidia.com/mig-1g.18gb": 2,
        "nvidia.com/mig-2g.35gb": 1,
        "nvidia.com/mig-3g.71gb": 1,
    }


def test_mig_profile_validated_against_gpu_model() -> None:
    with pytest.raises(
        ValidationError, match=r"sharing.mig_profile: 'all-1g.5gb' is not a MIG profile of NVIDIA H100 80GB"
    ):
        _pool(sharing={"mode": "mig", "mig_profile": "all-1g.5gb"})
    with pytest.raises(ValidationError, match="not MIG-capable"):
        _pool("l40s", "l40s-4x", sharing={"mode": "mig", "mig_profile": "all-1g.10gb"})
    with pytest.raises(ValidationError, match="replicas: required"):
        _pool(sharing={"mode": "time_slicing"})
    pool = _pool(sharing={"mode": "mig", "mig_profile": "all-3g.40gb"})
    assert pool.resources_per_gpu() == {"nvidia.com/mig-3g.40gb": 2}
    assert _pool(sharing={"mode": "time_slicing", "replicas": 4}).resources_per_gpu() == {
        "nvidia.com/gpu.shared": 4
    }


def test_unknown_machine_type_names_onprem_choices() -> None:
    with pytest.raises(
        ValidationError,
        match=r"machine_type: .*'p5.48xlarge' belongs to aws, not onprem \(onprem types with NVIDIA H100: ",
    ):
        _pool(machine_type="p5.48xlarge")


def test_quota_versus_inventory_names_team_and_pool() -> None:
    pools = [_pool(nodes=2)]  # 16 GPUs
    ok = [TeamSpec(name="a", quotas={"h100": 10}), TeamSpec(name="b", quotas={"h100": 6})]
    check_scheduling(pools, ok, PRIORITIES)
    with pytest.raises(
        ValueError, match=r"teams\[0\].quotas.h100: team 'a' asks 17 GPUs of pool 'h100', which has 16"
    ):
        check_scheduling(pools, [TeamSpec(name="a", quotas={"h100": 17})], PRIORITIES)
    over = [TeamSpec(name="a", quotas={"h100": 10}), TeamSpec(name="b", quotas={"h100": 7})]
    with pytest.raises(
        ValueError,
        match=r"quotas on pool 'h100' add up to 17 GPUs but the pool has 16 .*team 'a' 10, team 'b' 7",
    ):
        check_scheduling(pools, over, PRIORITIES)
    with pytest.raises(ValueError, match="names unknown pool 'a100'"):
        check_scheduling(pools, [TeamSpec(name="a", quotas={"a100": 1})], PRIORITIES)


def test_quota_totals_follow_sharing() -> None:
    pools = {
        "h100": _pool(sharing={"mode": "mig", "mig_profile": "all-1g.10gb"}),
        "l40s": _pool("l40s", "l40s-4x", nodes=4, sharing={"mode": "time_slicing", "replicas": 4}),
    }
    team = TeamSpec(name="a", quotas={"h100": 2, "l40s": 3})
    assert quota_totals(team, pools) == {"nvidia.com/mig-1g.10gb": 14, "nvidia.com/gpu.shared": 12}


def test_subnet_overlap_names_both_rails() -> None:
    OnpremFabricSpec(type="infiniband", rails=_rails("10.10.0.0/24", "10.10.1.0/24"))
    with pytest.raises(
        ValidationError, match=r"rails\[1\].subnet: rail 'rail1' \(10.10.0.0/23\) overlaps rail 'rail0'"
    ):
        OnpremFabricSpec(type="infiniband", rails=_rails("10.10.0.0/24", "10.10.0.0/23"))


def test_fabric_against_pools() -> None:
    fabric = OnpremFabricSpec(type="infiniband", rails=_rails("10.10.0.0/28"), per_node_block_size=8)
    with pytest.raises(ValueError, match=r"rails\[0\].subnet: 10.10.0.0/28 has 14 usable addresses"):
        check_fabric(fabric, [_pool(nodes=2)])
    roce = OnpremFabricSpec(type="roce", rails=_rails("10.10.0.0/24"))
    with pytest.raises(ValueError, match="has a infiniband fabric but the cluster fabric is roce"):
        check_fabric(roce, [_pool()])
    nine = OnpremFabricSpec(type="infiniband", rails=_rails(*(f"10.10.{i}.0/24" for i in range(9))))
    with pytest.raises(ValueError, match="9 rails but dgx-h100"):
        check_fabric(nine, [_pool()])
    with pytest.raises(ValidationError, match="macvlan needs Ethernet"):
        OnpremFabricSpec(type="infiniband", network="macvlan", rails=_rails("10.10.0.0/24"))
