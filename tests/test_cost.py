"""Honest cost: pools priced by capacity kind, unpriced pools excluded by name, fixed costs sourced."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from aiinfra import pricing
from aiinfra.components.catalog import lookup
from aiinfra.components.spec import PoolCapacity
from aiinfra.cost import fixed_costs, pool_cost
from aiinfra.render_sections import cost_lines

from conftest import cached_plan


def _pool(machine: str, nodes: int, capacity: str) -> PoolCapacity:
    return PoolCapacity(f"{capacity}-pool", lookup(machine), nodes, capacity)  # type: ignore[arg-type]


def test_capacity_block_pool_uses_the_sourced_capacity_block_rate() -> None:
    cost = pool_cost(_pool("p5.48xlarge", 4, "capacity_block"), "us-east-1")
    assert cost.usd_per_hour == pytest.approx(4 * 39.33)
    assert cost.basis == "Capacity Block rate"
    assert cost.source == pricing.CAPACITY_BLOCK_RATES[("p5.48xlarge", "us-east-1")].source
    assert cost.as_of == "2024-12"
    assert cost.usd_per_hour != pytest.approx(4 * lookup("p5.48xlarge").price.usd_per_hour)


def test_capacity_block_without_a_sourced_rate_says_on_demand_list_price_used() -> None:
    cost = pool_cost(_pool("p5.48xlarge", 8, "capacity_block"), "us-west-2")
    assert cost.usd_per_hour == pytest.approx(8 * 55.04)
    assert (
        cost.basis
        == "on-demand list price used (no sourced Capacity Block rate for p5.48xlarge in us-west-2)"
    )


def test_spot_pool_is_labelled_on_demand_list_price_used() -> None:
    cost = pool_cost(_pool("g6e.12xlarge", 4, "spot"), "us-west-2")
    assert cost.usd_per_hour == pytest.approx(4 * 10.49264)
    assert cost.basis.startswith("on-demand list price used (no sourced spot price")
    assert pool_cost(_pool("g6e.12xlarge", 4, "on_demand"), "us-west-2").basis == "on-demand list price"


def test_unpriced_pool_is_listed_and_excluded_from_the_total() -> None:
    cost = pool_cost(_pool("trn2.48xlarge", 2, "on_demand"), "us-east-1")
    assert cost.usd_per_hour is None and cost.basis.startswith("unpriced")
    summary = {
        "cost": {
            "applicable": True,
            "pools": [
                {"pool": "a", "usd_per_hour": 10.0, "basis": "on-demand list price"},
                {"pool": "trn", "usd_per_hour": None, "basis": cost.basis},
            ],
            "fixed": [],
            "pools_usd_per_hour": 10.0,
            "fixed_usd_per_hour": 0.0,
            "total_usd_per_hour": 10.0,
            "excluded_pools": ["trn"],
            "excluded_fixed": [],
            "note": "usage excluded",
        }
    }
    lines = cost_lines(summary)
    assert "  total $10.00/h (pools $10.00 + no fixed cost priced), excluding 1 unpriced pool (trn)" in lines
    assert any(line.startswith("  pool  trn") and line.rstrip().endswith(cost.basis) for line in lines)


def test_shipped_aws_stack_fixed_costs_each_sourced_or_excluded() -> None:
    plan = cached_plan("aws-training")
    cost = plan.summary["cost"]
    fixed = {f["item"].split(" (")[0]: f for f in cost["fixed"]}
    assert fixed["EKS control plane"]["usd_per_hour"] == pytest.approx(0.10)
    assert fixed["EKS control plane"]["source"] and fixed["EKS control plane"]["as_of"]
    assert fixed["NAT gateways"]["quantity"] == 3 and fixed["NAT gateways"]["usd_per_hour"] == pytest.approx(
        0.135
    )
    assert fixed["interface VPC endpoints"]["usd_per_hour"] is None
    assert fixed["interface VPC endpoints"]["basis"] == "excluded: no sourced endpoint rate for us-west-2"
    lustre = next(f for f in cost["fixed"] if f["item"].startswith("FSx for Lustre"))
    assert lustre["usd_per_hour"] is None and "500 MB/s/TiB" in lustre["basis"]
    system = 2 * 0.4032  # the m7i.2xlarge system node group at max (us-east-1 list price)
    assert cost["total_usd_per_hour"] == pytest.approx(
        8 * 55.04 + 4 * 10.49264 + 0.10 + 0.135 + system, abs=0.01
    )
    assert plan.summary["estimated_usd_per_hour"] == cost["total_usd_per_hour"]
    pools = {p["pool"]: p for p in cost["pools"]}
    assert pools["h100-train"]["basis"].startswith(
        "on-demand list price used (no sourced Capacity Block rate"
    )
    assert pools["l40s-infer"]["basis"].startswith("on-demand list price used (no sourced spot price")


def _res(type_: str, name: str = "x", **inputs) -> SimpleNamespace:
    return SimpleNamespace(type=type_, name=name, custom=True, inputs=inputs)


def test_fixed_costs_priced_where_a_rate_is_sourced() -> None:
    resources = [
        _res("aws:eks/cluster:Cluster", upgradePolicy={"supportType": "EXTENDED"}),
        _res("aws:ec2/natGateway:NatGateway"),
        _res("aws:ec2/vpcEndpoint:VpcEndpoint", vpcEndpointType="Interface", subnetIds=["a", "b"]),
        _res("aws:ec2/vpcEndpoint:VpcEndpoint", vpcEndpointType="Gateway"),
        _res(
            "aws:fsx/lustreFileSystem:LustreFileSystem",
            "hot",
            storageCapacity=2400.0,
            perUnitStorageThroughput=125.0,
        ),
    ]
    lines = {f.item.split(" (")[0]: f for f in fixed_costs(resources, "us-east-1", None)}
    assert lines["EKS control plane"].usd_per_hour == pytest.approx(0.10)
    assert "$0.60/h per cluster once its version is in extended support" in lines["EKS control plane"].basis
    assert lines["NAT gateways"].usd_per_hour == pytest.approx(0.045)
    assert lines["interface VPC endpoints"].usd_per_hour == pytest.approx(0.02)
    assert lines["interface VPC endpoints"].quantity == 1
    assert lines["FSx for Lustre hot"].usd_per_hour == pytest.approx(2400 * 0.145 / 730)


def test_gcp_fixed_costs_and_unsourced_items_excluded() -> None:
    cost = cached_plan("gcp-training").summary["cost"]
    items = {f["item"]: f for f in cost["fixed"]}
    assert items["GKE cluster management fee"]["usd_per_hour"] == pytest.approx(0.10)
    assert items["Managed Lustre instances"]["basis"] == "excluded: no sourced rate"
    assert "Managed Lustre instances" in cost["excluded_fixed"]


def test_onprem_has_no_dollar_line(capsys) -> None:
    from aiinfra.cli.main import main

    plan = cached_plan("onprem")
    assert plan.summary["estimated_usd_per_hour"] is None
    assert plan.summary["cost"]["applicable"] is False
    assert main(["plan", "onprem"]) == 0
    out = capsys.readouterr().out
    assert "Cost: owned hardware: no cloud charge is estimated" in out
    assert "$0.00" not in out and "/h" not in out.split("Cost:", 1)[1].split("\n\n", 1)[0]
